/**
 * The metadata store contract: the {@link Store} both SQL backends (SQLite, PostgreSQL) implement. The domain
 * objects and repository interfaces live by area in `domain/` (tracking, datasets, registry, lineage, events,
 * auth, jobs) and are re-exported here; the event catalog in `catalog/`; store extensions in `extensions/`.
 * Timestamps are milliseconds since the Unix epoch. Every mutating method takes a {@link WriteContext} and
 * appends its {@link StoredEvent} in the same transaction, so the event log can never miss or invent a state
 * change.
 */
import type { JsonObject } from '../core/index.js';
import type { EventType, SubjectKind } from './catalog/core-catalog.js';
import type { TokenRepo } from './domain/auth.js';
import type { DatasetRepo } from './domain/datasets.js';
import type { EventRepo, StoredEvent } from './domain/events.js';
import type { ExperimentRepo } from './domain/experiments.js';
import type { JobRepo } from './domain/jobs.js';
import type { LineageRepo } from './domain/lineage.js';
import type { ModelRepo } from './domain/registry.js';
import type { RunRepo } from './domain/runs.js';
import type { WriteContext } from './domain/write-context.js';
import type { StoreExtension } from './extensions/store-extension.js';

export * from './domain/write-context.js';
export * from './domain/experiments.js';
export * from './domain/runs.js';
export * from './domain/run-search.js';
export * from './domain/datasets.js';
export * from './domain/registry.js';
export * from './domain/lineage.js';
export * from './domain/events.js';
export * from './domain/auth.js';
export * from './domain/jobs.js';
export { CORE_EVENT_TYPES, CORE_SUBJECT_KINDS } from './catalog/core-catalog.js';
export type { EventType, SubjectKind } from './catalog/core-catalog.js';
export { CORE_OWNER, EventCatalog } from './catalog/event-catalog.js';
export type { CatalogSource, EventTypeInfo, EventTypeSpec, SubjectKindInfo, SubjectKindSpec } from './catalog/event-catalog.js';

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  /** The URL with any password removed. */
  readonly url: string;
  readonly experiments: ExperimentRepo;
  readonly runs: RunRepo;
  readonly datasets: DatasetRepo;
  readonly models: ModelRepo;
  readonly lineage: LineageRepo;
  readonly events: EventRepo;
  readonly tokens: TokenRepo;
  readonly jobs: JobRepo;
  /**
   * The repository of a store extension this store was opened with.
   * @throws MLP_CORE_UNKNOWN_ID when the store was not opened with `ext` (listing the extensions it was).
   */
  extension<R>(ext: StoreExtension<R>): R;
  /**
   * Every artifact digest a run, dataset version or model version refers to, and every digest in the artifact
   * columns store extensions registered in this database (also those this process did not open): the roots of
   * artifact GC.
   */
  referencedDigests(): Promise<Set<string>>;
  /** Database-level integrity check (`PRAGMA integrity_check` / catalog checks). */
  integrityCheck(): Promise<{ ok: boolean; problems: string[] }>;
  /** Records a core event outside any other mutation (e.g. artifact GC). */
  appendEvent(
    event: { type: EventType; subjectKind: SubjectKind; subjectId: string; payload: JsonObject },
    ctx: WriteContext,
  ): Promise<StoredEvent>;
  close(): Promise<void>;
}
