/** `openStore`: pick the backend by URL scheme, connect, migrate (core, then extensions), and return the Store. */
import { Registry, silentLogger } from '../core/index.js';
import type { Clock, Logger } from '../core/index.js';
import { CORE_EVENT_TYPES, CORE_SUBJECT_KINDS } from './catalog/core-catalog.js';
import { CORE_OWNER, EventCatalog } from './catalog/event-catalog.js';
import { connect, parseStoreUrl } from './connect.js';
import type { Store } from './contract.js';
import { storeDialect } from './dialect.js';
import type { RunSearchPlan } from './domain/run-search.js';
import { extensionMigrationSet, registerExtension, registeredExtensionIds } from './extensions/open-extensions.js';
import type { StoreExtension } from './extensions/store-extension.js';
import { applyMigrations, coreMigrationSet } from './migrate.js';
import { createSqlStore } from './sql-store.js';
import { StoreContext } from './store-context.js';

/** Options of {@link openStore}. */
export interface OpenStoreOptions {
  /** `sqlite:PATH`, `sqlite::memory:`, `postgres://user:pass@host:5432/db?schema=NAME`. */
  url: string;
  clock: Clock;
  logger?: Logger;
  /**
   * Store extensions of the capabilities this process runs: their migrations are applied (after the core's),
   * their event types and subject kinds join the catalog, and their repositories are reached with
   * `store.extension(ext)`.
   */
  extensions?: readonly StoreExtension[];
  /** Called after every executed SQL statement (query counting in tests, slow-query logs). */
  onQuery?: (sql: string, durationMs: number) => void;
  /** Called with the plan of every run search page (which strategy read it; tests and diagnostics). */
  onSearchPlan?: (plan: RunSearchPlan) => void;
}

/**
 * Opens the metadata store and applies pending migrations of the core and of each extension (safe when many
 * processes open at once). A database with tables of extensions this process does not open still opens:
 * core operations work, those extensions' events are listed as stored, their artifact columns stay GC roots.
 * @throws MLP_STORE_UNSUPPORTED_URL for an unknown scheme, MLP_STORE_UNAVAILABLE when the database cannot be
 *         reached or migrated, MLP_STORE_SCHEMA_TOO_NEW when it was migrated by a newer mlpilot or a newer
 *         build of an extension, MLP_CORE_DUPLICATE_ID / MLP_STORE_INVALID_EXTENSION when extensions clash.
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const extensions = new Registry<StoreExtension>('store extension', options.extensions ?? []);
  // Built before connecting: clashing extensions fail before anything is touched.
  const catalog = new EventCatalog([
    { owner: CORE_OWNER, subjectKinds: CORE_SUBJECT_KINDS, eventTypes: CORE_EVENT_TYPES },
    ...(options.extensions ?? []).map((ext) => ({ owner: ext.id, subjectKinds: ext.subjectKinds, eventTypes: ext.eventTypes })),
  ]);
  const location = parseStoreUrl(options.url);
  const connection = await connect(location, options.onQuery ? { onQuery: options.onQuery } : {});
  const logger = options.logger ?? silentLogger;
  try {
    await applyMigrations(connection.db, connection.kind, location.redacted, coreMigrationSet(connection.kind));
    for (const ext of options.extensions ?? []) {
      await applyMigrations(connection.db, connection.kind, location.redacted, extensionMigrationSet(ext, connection.kind));
      await registerExtension(connection.db, ext, options.clock.now());
    }
    const unopened = (await registeredExtensionIds(connection.db)).filter((id) => !extensions.has(id));
    if (unopened.length > 0) {
      logger.warn(
        'the store has tables of extensions this process did not open; core operations work, their events are listed but cannot be filtered by type',
        { extensions: unopened },
      );
    }
  } catch (error) {
    await connection.db.destroy().catch(() => undefined);
    throw error;
  }
  const context = new StoreContext(connection.db, storeDialect(connection.kind), options.clock, logger, catalog, options.onSearchPlan);
  return createSqlStore(context, connection.kind, location.redacted, extensions);
}
