// Moved to src/uuid.ts (the SOP core needs it and must not import from graphql/). Kept as a
// re-export for code written before the move; import from '../uuid.js'.
export { isUuid, uuidOrNil } from '../uuid.js';
