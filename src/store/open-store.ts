/** `openStore`: pick the backend by URL scheme, connect, migrate, and return the Store. */
import { silentLogger } from '../core/index.js';
import type { Clock, Logger } from '../core/index.js';
import { connect, parseStoreUrl } from './connect.js';
import type { Store } from './contract.js';
import { storeDialect } from './dialect.js';
import { migrateToLatest } from './migrate.js';
import { createSqlStore } from './sql-store.js';
import { StoreContext } from './store-context.js';

/** Options of {@link openStore}. */
export interface OpenStoreOptions {
  /** `sqlite:PATH`, `sqlite::memory:`, `postgres://user:pass@host:5432/db?schema=NAME`. */
  url: string;
  clock: Clock;
  logger?: Logger;
  /** Called after every executed SQL statement (query counting in tests, slow-query logs). */
  onQuery?: (sql: string, durationMs: number) => void;
}

/**
 * Opens the metadata store and applies pending migrations (safe when many processes open at once).
 * @throws MLP_STORE_UNSUPPORTED_URL for an unknown scheme, MLP_STORE_UNAVAILABLE when the database cannot be
 *         reached or migrated, MLP_STORE_SCHEMA_TOO_NEW when it was migrated by a newer mlpilot.
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const location = parseStoreUrl(options.url);
  const connection = await connect(location, options.onQuery ? { onQuery: options.onQuery } : {});
  try {
    await migrateToLatest(connection.db, connection.kind, location.redacted);
  } catch (error) {
    await connection.db.destroy().catch(() => undefined);
    throw error;
  }
  const context = new StoreContext(connection.db, storeDialect(connection.kind), options.clock, options.logger ?? silentLogger);
  return createSqlStore(context, connection.kind, location.redacted);
}
