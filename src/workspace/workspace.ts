import { type ArtifactStore, type GcReport, LocalArtifactStore } from '../artifacts/index.js';
import { artifactRoot, type Clock, type Config, databaseUrl, type Logger, type Registry, UsageError } from '../core/index.js';
import { EventLog } from '../events/index.js';
import type { JobQueue } from '../jobs/index.js';
import type { LearnerDefinition } from '../ml/index.js';
import { openStore, type Store, type WriteContext } from '../store/index.js';
import { DatasetService } from './dataset-service.js';
import { detectGit } from './git.js';
import { ModelService } from './model-service.js';
import { PredictionService } from './prediction-service.js';
import { TrainingService } from './training-service.js';
import { Tracker } from './tracker.js';

/** How to open a workspace. The edges (CLI, server, `Tracker.open`) build this from the environment. */
export interface WorkspaceOptions {
  /** Project directory: relative paths in the config resolve against it, and git info is read from it. */
  cwd: string;
  config: Readonly<Config>;
  clock: Clock;
  logger: Logger;
  /** Actor of writes made without an explicit context (the local user for the CLI). */
  actor: string;
}

/** Artifacts younger than this are never collected: they may belong to a registration still in flight. */
const GC_GRACE_MS = 60 * 60 * 1000;

/**
 * One opened mlpilot installation: the metadata store, the artifact store, the event log and the job queue,
 * plus the services that combine them. The CLI, the server and library users all go through it.
 */
export class Workspace {
  readonly config: Readonly<Config>;
  readonly cwd: string;
  readonly store: Store;
  readonly artifacts: ArtifactStore;
  readonly events: EventLog;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly actor: string;
  readonly datasets: DatasetService;
  readonly models: ModelService;
  readonly training: TrainingService;
  readonly predictions: PredictionService;
  #jobs: Promise<JobQueue> | undefined;
  #learners: Promise<Registry<LearnerDefinition>> | undefined;

  private constructor(options: WorkspaceOptions, store: Store, artifacts: ArtifactStore) {
    this.config = options.config;
    this.cwd = options.cwd;
    this.clock = options.clock;
    this.logger = options.logger;
    this.actor = options.actor;
    this.store = store;
    this.artifacts = artifacts;
    this.events = new EventLog(store, options.clock);
    this.datasets = new DatasetService(store, artifacts);
    this.models = new ModelService(store, artifacts);
    // The engine loads with the first use of the learners, not when the workspace opens (issue 13 §7).
    const learners = (): Promise<Registry<LearnerDefinition>> => (this.#learners ??= import('../ml/index.js').then((ml) => ml.createLearnerRegistry()));
    this.training = new TrainingService(
      { store, artifacts, clock: options.clock, datasets: this.datasets, models: this.models, tracker: (ctx) => this.tracker(ctx) },
      learners,
    );
    this.predictions = new PredictionService(this.models, artifacts, learners);
  }

  /** Opens (and on first use creates) the store — applying migrations — and the artifact directory. */
  static async open(options: WorkspaceOptions): Promise<Workspace> {
    const store = await openStore({ url: databaseUrl(options.config, options.cwd), clock: options.clock, logger: options.logger });
    const artifacts = new LocalArtifactStore(artifactRoot(options.config, options.cwd));
    return new Workspace(options, store, artifacts);
  }

  /** Where the metadata lives, password redacted. */
  get databaseUrl(): string {
    return this.store.url;
  }

  /** The write context of this workspace's own actor. */
  get ctx(): WriteContext {
    return { actor: this.actor };
  }

  /** A tracker writing as `ctx.actor` (default: this workspace's actor). */
  tracker(ctx: WriteContext = this.ctx): Tracker {
    return new Tracker({ store: this.store, artifacts: this.artifacts, clock: this.clock, ctx, git: () => detectGit(this.cwd) });
  }

  /** The job queue of `config.jobs` (created on first use). */
  jobs(): Promise<JobQueue> {
    this.#jobs ??= this.#createJobs();
    return this.#jobs;
  }

  async #createJobs(): Promise<JobQueue> {
    const { backend, concurrency } = this.config.jobs;
    const url = databaseUrl(this.config, this.cwd);
    if (backend === 'pg-boss' && !/^postgres(ql)?:/.test(url)) {
      throw UsageError({ problem: 'jobs.backend pg-boss needs a PostgreSQL database', hint: 'set MLPILOT_DATABASE_URL=postgres://…' });
    }
    const { createJobQueue } = await import('../jobs/index.js');
    return createJobQueue({
      backend,
      store: this.store,
      concurrency,
      clock: this.clock,
      logger: this.logger,
      ...(backend === 'pg-boss' ? { connectionString: url } : {}),
    });
  }

  /**
   * Deletes artifacts that no run, dataset version or model version refers to (directly or through a tree),
   * older than an hour. Dry run unless `dryRun` is false; a real run is recorded as an event.
   */
  async collectGarbage(options: { dryRun: boolean }, ctx: WriteContext = this.ctx): Promise<GcReport> {
    const roots = await this.store.referencedDigests();
    const report = await this.artifacts.collectGarbage({ roots, dryRun: options.dryRun, graceMs: GC_GRACE_MS, now: this.clock.now() });
    if (!options.dryRun) {
      await this.store.appendEvent(
        {
          type: 'artifacts.collected',
          subjectKind: 'artifacts',
          subjectId: 'local',
          payload: { deleted: report.deleted.length, bytesFreed: report.bytesFreed, scanned: report.scanned },
        },
        ctx,
      );
    }
    return report;
  }

  async close(): Promise<void> {
    if (this.#jobs !== undefined) await (await this.#jobs).close();
    await this.store.close();
  }
}
