/** The append-only event log: listing with relative times, tailing, and the catalogue of event types. */
export { EventLog } from './event-log.js';
export type { EventListOptions, FollowOptions } from './event-log.js';
export { EVENT_TYPES, isEventType } from './event-types.js';
export type { EventTypeInfo } from './event-types.js';
export { resolveTime } from './since.js';
