/** The append-only event log as stored: one row per state change. Timestamps are milliseconds since the Unix epoch. */
import type { JsonObject } from '../../core/index.js';
import type { EventCatalog } from '../catalog/event-catalog.js';

/**
 * One event. `type` and `subjectKind` are names from the store's {@link EventCatalog} (core or a store
 * extension's); a log written with an extension may hold types the catalog of a store opened without it
 * does not list: they are returned as stored.
 */
export interface StoredEvent {
  /** Strictly increasing position in the log (a cursor for tailing). */
  seq: number;
  id: string;
  type: string;
  subjectKind: string;
  /** The subject's id (run id, model id, dataset id, …). */
  subjectId: string;
  actor: string;
  timestamp: number;
  payload: JsonObject;
}

export interface EventQuery {
  since?: number;
  until?: number;
  /** Types from the store's catalog; an unknown type is refused (MLP_CORE_VALIDATION), not silently empty. */
  types?: readonly string[];
  /** A subject kind from the store's catalog. */
  subjectKind?: string;
  subjectId?: string;
  actor?: string;
  /** Only events with `seq` greater than this. */
  afterSeq?: number;
  /** Default 100, at most 10 000. */
  limit?: number;
  order?: 'asc' | 'desc';
}

export interface EventRepo {
  /** Every event type and subject kind this store knows: the core ones and those of its extensions. */
  readonly catalog: EventCatalog;
  /** @throws MLP_CORE_VALIDATION for a bad limit, or a type or subject kind not in {@link EventRepo.catalog}. */
  list(query?: EventQuery): Promise<StoredEvent[]>;
}
