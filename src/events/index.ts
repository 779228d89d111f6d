/**
 * The append-only event log: listing with relative times and tailing. The catalog of event types and subject
 * kinds is the store's (`store.events.catalog`, extended by store extensions; see src/store/catalog).
 */
export { EventLog } from './event-log.js';
export type { EventListOptions, FollowOptions } from './event-log.js';
export { resolveTime } from './since.js';
