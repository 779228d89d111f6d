/**
 * Store extensions: how a capability (automl, monitor, delivery, insights…) brings its own tables, event
 * types and repository to the store without editing `src/store` or `src/events`. An extension is data made by
 * {@link defineStoreExtension} and passed to `openStore({ extensions })`; its repository is then reached with
 * `store.extension(ext)`. Validated once, when defined.
 */
import type { Kysely } from 'kysely';

import { InvalidStoreExtensionError } from '../../core/index.js';
import { checkCatalogSource } from '../catalog/event-catalog.js';
import type { EventTypeSpec, SubjectKindSpec } from '../catalog/event-catalog.js';
import type { DialectKind } from '../dialect.js';
import type { StoreContext } from '../store-context.js';
import { extensionContext } from './extension-context.js';
import type { ExtensionContext } from './extension-context.js';

/** One numbered migration of an extension. */
export interface ExtensionMigration {
  /** `NNNN-what` (e.g. `0001-deployments`), numbered from 0001 without gaps. Permanent: never edit or reorder a released one. */
  readonly name: string;
  /** Runs inside the migration lock; the schema builder is untyped on purpose (a migration describes its own point in time). */
  up(db: Kysely<unknown>, dialect: DialectKind): Promise<void>;
}

/** A column of an extension's table whose non-null values are artifact digests (kept by artifact GC). */
export interface ArtifactColumn {
  readonly table: string;
  readonly column: string;
}

/** What {@link defineStoreExtension} takes. */
export interface StoreExtensionSpec<DB, R, T extends string> {
  /** Kebab-case and permanent (it names the migration table `mlpilot_ext_<id>_migration`), e.g. `delivery`. */
  readonly id: string;
  /** The extension's migrations, oldest first. Name its tables with its id as prefix (`delivery_deployments`). */
  readonly migrations: readonly ExtensionMigration[];
  /** Subject kinds it adds (its event types may also be about core subject kinds). */
  readonly subjectKinds?: readonly SubjectKindSpec[];
  /** Event types it adds; the only types its transactions may append. */
  readonly eventTypes?: readonly EventTypeSpec<T>[];
  /** Columns holding artifact digests; recorded in the database so GC keeps them even without the extension. */
  readonly artifactColumns?: readonly ArtifactColumn[];
  /**
   * Builds the repository once per open store. Annotate `ctx` as `ExtensionContext<YourTables, YourEventType>`:
   * `YourTables` types the Kysely queries, `YourEventType` (the union of the declared types) checks appends.
   */
  readonly repository: (ctx: ExtensionContext<DB, NoInfer<T>>) => R;
}

/** A defined store extension whose repository has type `R` (its table and event types are erased). */
export interface StoreExtension<R = unknown> {
  readonly id: string;
  readonly migrations: readonly ExtensionMigration[];
  readonly subjectKinds: readonly SubjectKindSpec[];
  readonly eventTypes: readonly EventTypeSpec[];
  readonly artifactColumns: readonly ArtifactColumn[];
  /** Builds the repository over an open store (called by `openStore`). */
  readonly open: (store: StoreContext) => R;
}

const ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const MIGRATION_PATTERN = /^([0-9]{4})-[a-z0-9]+(-[a-z0-9]+)*$/;
const IDENTIFIER_PATTERN = /^[a-z][a-z0-9_]*$/;

/** True for a lower-case SQL identifier that needs no quoting (table and column names of artifact columns). */
export function isPlainIdentifier(name: unknown): name is string {
  return typeof name === 'string' && IDENTIFIER_PATTERN.test(name) && name.length <= 63;
}

/**
 * Defines a store extension: checks its id, migration names and numbering, event type and subject kind names,
 * and artifact columns, and erases its table types behind the repository type `R`.
 * @throws MLP_STORE_INVALID_EXTENSION naming the problem.
 */
export function defineStoreExtension<DB, R, const T extends string = never>(spec: StoreExtensionSpec<DB, R, T>): StoreExtension<R> {
  const invalid = (problem: string): Error => InvalidStoreExtensionError({ extension: String(spec.id), problem });
  if (typeof spec.id !== 'string' || !ID_PATTERN.test(spec.id) || spec.id === 'core')
    throw invalid('its id must be kebab-case (a-z, 0-9, single hyphens) and not "core"');
  spec.migrations.forEach((migration, i) => {
    const match = MIGRATION_PATTERN.exec(migration.name);
    if (match === null) throw invalid(`migration ${JSON.stringify(migration.name)} must be named NNNN-what, e.g. 0001-create-tables`);
    if (Number(match[1]) !== i + 1)
      throw invalid(`migration ${migration.name} is at position ${i + 1}; number migrations 0001, 0002, … in order without gaps`);
  });
  const subjectKinds = [...(spec.subjectKinds ?? [])];
  const eventTypes: EventTypeSpec[] = [...(spec.eventTypes ?? [])];
  checkCatalogSource({ owner: spec.id, subjectKinds, eventTypes });
  const artifactColumns = [...(spec.artifactColumns ?? [])];
  for (const column of artifactColumns) {
    if (!isPlainIdentifier(column.table) || !isPlainIdentifier(column.column))
      throw invalid(`artifact column ${JSON.stringify(column)} must name a table and a column in lower case (a-z, 0-9, _)`);
  }
  return Object.freeze({
    id: spec.id,
    migrations: Object.freeze([...spec.migrations]),
    subjectKinds: Object.freeze(subjectKinds),
    eventTypes: Object.freeze(eventTypes),
    artifactColumns: Object.freeze(artifactColumns),
    open: (store: StoreContext) => spec.repository(extensionContext<DB, T>(store, spec.id)),
  });
}
