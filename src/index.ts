// Only the handlers named in manifest.yml: the resolver (`index.handler`), the issue-created
// trigger (`index.autoLinkOnCreate`) and the personal data report (`index.personalDataReport`).
export { handler } from './backend/resolvers';
export { autoLinkOnCreate, personalDataReport } from './backend/triggers/on-demand';
