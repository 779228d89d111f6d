/**
 * The context a store extension's repository works through: reads typed by the extension's own tables, and
 * write transactions with the core's retry semantics in which state and events commit together.
 */
import type { Kysely } from 'kysely';

import type { Clock, JsonObject, Logger } from '../../core/index.js';
import type { Database } from '../db-schema.js';
import type { DialectKind } from '../dialect.js';
import type { StoredEvent } from '../domain/events.js';
import type { WriteContext } from '../domain/write-context.js';
import type { StoreContext } from '../store-context.js';
import { checkContext, checkEventShape } from '../validate.js';

/** An event an extension appends: one of the types it declares. */
export interface ExtensionEvent<T extends string = string> {
  readonly type: T;
  readonly subjectKind: string;
  readonly subjectId: string;
  readonly payload: JsonObject;
}

/** One write transaction of an extension: its tables and the event log, committed or rolled back together. */
export interface ExtensionTransaction<DB, T extends string = string> {
  /** The transaction, typed by the extension's own tables. */
  readonly db: Kysely<DB>;
  /**
   * Appends an event in this transaction. @throws MLP_CORE_VALIDATION for a type the extension did not
   * declare, a subject kind that is not the type's, a bad actor, subject id or payload (the transaction rolls back).
   */
  appendEvent(event: ExtensionEvent<T>, ctx: WriteContext): Promise<StoredEvent>;
}

/** What an extension's repository gets from the open store. */
export interface ExtensionContext<DB, T extends string = string> {
  /** The extension's id. */
  readonly id: string;
  /** Reads outside a transaction, typed by the extension's own tables. */
  readonly db: Kysely<DB>;
  readonly dialect: DialectKind;
  readonly clock: Clock;
  readonly logger: Logger;
  /**
   * Runs `fn` in one write transaction with the core's semantics: state and events commit together, an
   * exception rolls both back, lock conflicts (SQLITE_BUSY, serialization failures) retry the whole
   * transaction with backoff, so `fn` must use only `tx` and may run more than once. `retryOnUnique` also
   * retries on a unique violation (racing inserts of the same row).
   * @throws MLP_STORE_BUSY when the lock stayed taken for every attempt; whatever `fn` throws.
   */
  write<V>(operation: string, fn: (tx: ExtensionTransaction<DB, T>) => Promise<V>, options?: { retryOnUnique?: boolean }): Promise<V>;
  /** True for a unique-constraint violation of either backend. */
  isUniqueViolation(error: unknown): boolean;
  /** True for a foreign-key violation of either backend. */
  isForeignKeyViolation(error: unknown): boolean;
}

/**
 * The connection typed by an extension's tables. Kysely's `DB` parameter is invariant and Kysely offers no
 * narrowing (`withTables` only widens), so this is the one place the type is asserted: the connection is the
 * store's, and an extension is given only its own tables (the core's are not part of its contract).
 */
function withExtensionTables<DB>(db: Kysely<Database>): Kysely<DB> {
  return db as unknown as Kysely<DB>;
}

/** Builds the context of extension `id` over an open store. */
export function extensionContext<DB, T extends string>(s: StoreContext, id: string): ExtensionContext<DB, T> {
  return {
    id,
    db: withExtensionTables<DB>(s.db),
    dialect: s.dialect.kind,
    clock: s.clock,
    logger: s.logger,
    write: (operation, fn, options = {}) =>
      s.write(
        `${id}.${operation}`,
        (trx) =>
          fn({
            db: withExtensionTables<DB>(trx),
            appendEvent: (event, ctx) => {
              checkContext(ctx);
              checkEventShape(event);
              return s.appendEvent(trx, ctx, event, id);
            },
          }),
        options.retryOnUnique === true ? { retryOnUnique: true } : {},
      ),
    isUniqueViolation: (error) => s.dialect.isUniqueViolation(error),
    isForeignKeyViolation: (error) => s.dialect.isForeignKeyViolation(error),
  };
}
