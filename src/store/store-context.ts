/**
 * What every repository shares: the query builder, the dialect, the clock, the event catalog, and the
 * write-transaction runner that turns SQLITE_BUSY and PostgreSQL serialization failures into bounded retries
 * with backoff.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

import { StoreBusyError, newId } from '../core/index.js';
import type { Clock, JsonObject, Logger } from '../core/index.js';
import type { EventType, SubjectKind } from './catalog/core-catalog.js';
import type { EventCatalog } from './catalog/event-catalog.js';
import type { Database } from './db-schema.js';
import type { StoreDialect } from './dialect.js';
import type { StoredEvent } from './domain/events.js';
import type { RunSearchPlan } from './domain/run-search.js';
import type { WriteContext } from './domain/write-context.js';

const MAX_ATTEMPTS = 12;

/** Options of one write transaction. */
export interface WriteOptions {
  /** Retry the whole transaction when it hit a unique violation (racing inserts of the same row). */
  retryOnUnique?: boolean;
  /** Skip the event-log lock (metric batches write no event). */
  noEvents?: boolean;
}

/** An event as the store appends it. */
interface EventInput<T extends string, K extends string> {
  type: T;
  subjectKind: K;
  subjectId: string;
  payload: JsonObject;
}

/** Shared state of one open store. */
export class StoreContext {
  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: StoreDialect,
    readonly clock: Clock,
    readonly logger: Logger,
    /** Every event type and subject kind of this store: the core's and its extensions'. */
    readonly catalog: EventCatalog,
    /** Told which plan produced each run search page (tests and diagnostics). */
    readonly onSearchPlan?: (plan: RunSearchPlan) => void,
  ) {}

  /**
   * Runs `fn` in one write transaction on one connection (BEGIN IMMEDIATE on SQLite), retrying the whole
   * transaction with jittered backoff on transient lock errors, so concurrent writers never see SQLITE_BUSY.
   * `fn` must use only the `trx` it is given and may run more than once.
   * @throws MLP_STORE_BUSY when the lock stayed taken for every attempt.
   */
  async write<T>(operation: string, fn: (trx: Kysely<Database>) => Promise<T>, options: WriteOptions = {}): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.connection().execute(async (conn) => {
          await sql.raw(this.dialect.beginWrite).execute(conn);
          try {
            if (!options.noEvents) await this.dialect.lockEventLog(conn);
            const result = await fn(conn);
            await sql`commit`.execute(conn);
            return result;
          } catch (error) {
            await sql`rollback`.execute(conn).catch(() => undefined);
            throw error;
          }
        });
      } catch (error) {
        const retry = this.dialect.isRetryable(error) || (options.retryOnUnique === true && this.dialect.isUniqueViolation(error));
        if (!retry) throw error;
        if (attempt >= MAX_ATTEMPTS) throw StoreBusyError({ operation, attempts: attempt }, error);
        this.logger.debug('store write retried', { operation, attempt, code: (error as { code?: string }).code });
        const delay = Math.min(1000, 5 * 2 ** attempt) * (0.5 + Math.random());
        await new Promise((done) => setTimeout(done, delay));
      }
    }
  }

  /**
   * Appends one event inside the caller's transaction and returns it. Core repositories append core types
   * (checked at compile time); a store extension passes its id as `owner` and may append only its own types.
   * Every append is checked against the catalog. @throws MLP_CORE_VALIDATION (the transaction rolls back).
   */
  async appendEvent(trx: Kysely<Database>, ctx: WriteContext, event: EventInput<EventType, SubjectKind>): Promise<StoredEvent>;
  async appendEvent(trx: Kysely<Database>, ctx: WriteContext, event: EventInput<string, string>, owner: string): Promise<StoredEvent>;
  async appendEvent(trx: Kysely<Database>, ctx: WriteContext, event: EventInput<string, string>, owner?: string): Promise<StoredEvent> {
    this.catalog.checkAppend(event, owner);
    const id = newId(this.clock);
    const timestamp = this.clock.now();
    const row = await trx
      .insertInto('events')
      .values({
        id,
        type: event.type,
        subject_kind: event.subjectKind,
        subject_id: event.subjectId,
        actor: ctx.actor,
        timestamp,
        payload_json: JSON.stringify(event.payload),
      })
      .returning('seq')
      .executeTakeFirstOrThrow();
    return {
      seq: Number(row.seq),
      id,
      type: event.type,
      subjectKind: event.subjectKind,
      subjectId: event.subjectId,
      actor: ctx.actor,
      timestamp,
      payload: event.payload,
    };
  }
}
