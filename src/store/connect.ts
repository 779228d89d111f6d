/**
 * Opening a database by URL: `sqlite:PATH`, `sqlite::memory:` → better-sqlite3; `postgres://…` /
 * `postgresql://…` → a `pg` Pool. Returns a `Kysely<Database>` plus the dialect; migrations are applied
 * separately (see migrate.ts).
 */
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import type { LogEvent } from 'kysely';
import type { PoolConfig } from 'pg';

import { assertName, isPostgresUrl, osUserName, StoreUnavailableError, UnsupportedDatabaseError } from '../core/index.js';
import type { Database } from './db-schema.js';
import type { DialectKind } from './dialect.js';
import { MlpSqliteDialect } from './sqlite-lock-adapter.js';

/** A parsed store URL. */
export type StoreLocation =
  | { kind: 'sqlite'; path: string; redacted: string }
  | { kind: 'postgres'; connectionString: string; schema: string | null; redacted: string };

/** Removes the password from a URL so it can be shown and logged. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}

/**
 * Parses a store URL.
 * @throws MLP_STORE_UNSUPPORTED_URL for any other scheme; MLP_CORE_INVALID_NAME for a bad `schema=` value.
 */
export function parseStoreUrl(url: string): StoreLocation {
  if (url.startsWith('sqlite:')) {
    let path = url.slice('sqlite:'.length);
    if (path.startsWith('///')) path = path.slice(2);
    if (path === '' || path.includes('\0')) throw UnsupportedDatabaseError({ url: redactUrl(url) });
    return { kind: 'sqlite', path: path === ':memory:' ? path : resolve(path), redacted: url };
  }
  if (isPostgresUrl(url)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw UnsupportedDatabaseError({ url: redactUrl(url) });
    }
    const schemaParam = parsed.searchParams.get('schema');
    const schema = schemaParam === null ? null : assertName(schemaParam, 'database url schema');
    if (schema !== null && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(schema)) {
      throw UnsupportedDatabaseError({ url: redactUrl(url) });
    }
    parsed.searchParams.delete('schema');
    // Like libpq, default the user to the OS account when the URL names none.
    if (parsed.username === '') parsed.username = osUserName() ?? 'postgres';
    return { kind: 'postgres', connectionString: parsed.toString(), schema, redacted: redactUrl(url) };
  }
  throw UnsupportedDatabaseError({ url: redactUrl(url) });
}

/** Options shared by both backends. */
export interface ConnectOptions {
  /** Called after every executed statement (for query counting and slow-query logs). */
  onQuery?: (sql: string, durationMs: number) => void;
}

/** An open connection: the query builder and its backend. */
export interface Connection {
  readonly db: Kysely<Database>;
  readonly kind: DialectKind;
}

function logger(options: ConnectOptions): ((event: LogEvent) => void) | undefined {
  const onQuery = options.onQuery;
  if (onQuery === undefined) return undefined;
  return (event) => {
    if (event.level === 'query') onQuery(event.query.sql, event.queryDurationMillis);
  };
}

/**
 * Creates `dir` (and missing parents) readable by the owner only: 0700 by chmod after creation, so the umask does
 * not matter. A directory that already exists keeps its mode (the user chose it).
 */
function makePrivateDirectory(dir: string): void {
  const first = mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (first === undefined) return;
  for (let current = resolve(dir); ; current = dirname(current)) {
    chmodSync(current, 0o700);
    if (current === resolve(first) || dirname(current) === current) return;
  }
}

/**
 * Makes a database file mlpilot just created, and its -wal/-shm companions when present, 0600: the metadata holds
 * token hashes, run parameters and the event log, none of which other local users should read.
 */
function makePrivateFiles(path: string): void {
  for (const file of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(file)) chmodSync(file, 0o600);
}

/**
 * Opens a SQLite file with WAL journaling. `synchronous=NORMAL` in WAL mode loses no committed transaction
 * when the *process* dies (SIGKILL): the WAL is in the OS page cache and is replayed on the next open. Only
 * an OS crash or power loss may drop the last transactions, never corrupt the file. `busy_timeout` makes a
 * writer wait for the lock instead of failing; `case_sensitive_like` makes LIKE behave as on PostgreSQL.
 */
function openSqlite(location: Extract<StoreLocation, { kind: 'sqlite' }>, options: ConnectOptions): Connection {
  let database: BetterSqlite3.Database;
  try {
    const onDisk = location.path !== ':memory:';
    if (onDisk) makePrivateDirectory(dirname(location.path));
    const creating = onDisk && !existsSync(location.path);
    database = new BetterSqlite3(location.path, { timeout: 15_000 });
    // Before WAL mode creates -wal and -shm: SQLite gives those the database file's mode.
    if (creating) makePrivateFiles(location.path);
    database.pragma('busy_timeout = 15000');
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
    database.pragma('case_sensitive_like = ON');
    // 64 MiB page cache (the default is 2 MiB): searches over millions of runs touch index pages at random.
    database.pragma('cache_size = -65536');
    if (creating) makePrivateFiles(location.path);
  } catch (error) {
    throw StoreUnavailableError({ url: location.redacted, reason: (error as Error).message }, error);
  }
  const log = logger(options);
  const db = new Kysely<Database>({ dialect: new MlpSqliteDialect({ database }), ...(log ? { log } : {}) });
  return { db, kind: 'sqlite' };
}

const INT8_OID = 20;

async function openPostgres(location: Extract<StoreLocation, { kind: 'postgres' }>, options: ConnectOptions): Promise<Connection> {
  // The driver loads only for postgres:// URLs: a CLI command on the embedded SQLite file never needs it.
  const { default: pg } = await import('pg');
  const config: PoolConfig = {
    connectionString: location.connectionString,
    max: 10,
    // int8 (bigint, count(*), bigserial) as JS numbers: every value the store keeps is < 2^53.
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as never,
    },
    // search_path for ?schema=; random_page_cost=1.1 (SSD/cached storage) so the planner prefers the index
    // scans that stop after one page of search results over scanning and sorting whole tables. No parallel
    // workers: for a page of ~100 runs their start-up (~4 ms) outweighs the work they share, and on a busy
    // machine they compete for the CPUs ('order by metric desc' at 1M runs: ~16 ms with them, ~6 ms without).
    options: `${location.schema !== null ? `-c search_path=${location.schema} ` : ''}-c random_page_cost=1.1 -c max_parallel_workers_per_gather=0`,
  };
  const pool = new pg.Pool(config);
  // An idle client losing its server must not crash the process; the next query reports the failure.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    try {
      if (location.schema !== null) {
        try {
          await client.query(`create schema if not exists "${location.schema}"`);
        } catch (error) {
          // Concurrent `create schema if not exists` can still raise a unique violation; re-check.
          const found = await client.query('select 1 from pg_namespace where nspname = $1', [location.schema]);
          if (found.rowCount === 0) throw error;
        }
      }
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw StoreUnavailableError({ url: location.redacted, reason: (error as Error).message }, error);
  }
  const log = logger(options);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), ...(log ? { log } : {}) });
  return { db, kind: 'postgres' };
}

/** Connects to the database named by `location`. @throws MLP_STORE_UNAVAILABLE */
export async function connect(location: StoreLocation, options: ConnectOptions = {}): Promise<Connection> {
  return location.kind === 'sqlite' ? openSqlite(location, options) : openPostgres(location, options);
}
