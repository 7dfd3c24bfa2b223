// Wire protocol v1, complete: domain types, request and answer bodies, query strings, errors and
// the endpoint table. docs/protocol.md explains it; `npm run build` writes dist/openapi.json.
export * from './schemas.js';
export * from './time.js';
export * from './messages.js';
export * from './queries.js';
export * from './errors.js';
export * from './endpoints.js';
export * from './describe.js';
export * from './text.js';
export * from './participants.js';
export * from './vote-rules.js';
