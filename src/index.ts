// Only the handlers named in manifest.yml: the resolver (`index.handler`) and the issue-created
// trigger (`index.autoLinkOnCreate`).
export { handler } from './backend/resolvers';
export { autoLinkOnCreate } from './backend/triggers/issue-created';
