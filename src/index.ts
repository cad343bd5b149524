// Only the handlers named in manifest.yml (function `resolver`, handler `index.handler`).
export { handler } from './backend/resolvers';
