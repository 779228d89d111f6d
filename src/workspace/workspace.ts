import type { ArtifactStore, GcReport } from '../artifacts/index.js';
import { type Clock, type Config, databaseUrl, type Logger, type Registry, requirePostgres } from '../core/index.js';
import type { EventLog } from '../events/index.js';
import type { JobContext, JobQueue, RunWorkerOptions, WorkerSummary } from '../jobs/index.js';
import type { Learner } from '../ml/index.js';
import type { DriftMethod } from '../monitor/index.js';
import { openPlatform, type Platform, type PlatformSettings } from '../platform/index.js';
import type { Store, WriteContext } from '../store/index.js';
import { AutomlService } from './automl-service.js';
import { DatasetService } from './dataset-service.js';
import { detectGit } from './git.js';
import { DriftService } from './drift-service.js';
import { ModelService } from './model-service.js';
import { IngestionService } from './ingestion-service.js';
import { PerformanceService } from './performance-service.js';
import { performanceEstimator } from './performance-estimator.js';
import { handlerModuleUrls, loadPlugins, WORKSPACE_HANDLERS, type WorkspacePlugins } from './plugins.js';
import { PredictionService } from './prediction-service.js';
import { builtinStoreExtensions } from './store-extensions.js';
import { MonitorAlertService, type MonitoringPlugins } from './monitor-alert-service.js';
import { predictionLogSource } from './prediction-log-source.js';
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
  /** Learners, store extensions and handler modules beyond the built-ins and `jobs.handlerModules`. */
  plugins?: WorkspacePlugins;
}

/** Artifacts younger than this are never collected: they may belong to a registration still in flight. */
const GC_GRACE_MS = 60 * 60 * 1000;

/**
 * One opened mlpilot installation: the metadata store, the artifact store, the event log and the job queue,
 * plus the services that combine them, composed with the plug-ins (learners, job handler modules). The CLI, the
 * server, job handlers and library users all go through it.
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
  /** Every learner this workspace trains with: the built-ins plus the plug-ins' (the engine loads on first use). */
  readonly learners: () => Promise<Registry<Learner>>;
  /** Handler modules (file URLs) every job runner of this workspace loads: its own first, then the plug-ins'. */
  readonly handlerModules: readonly string[];
  readonly datasets: DatasetService;
  readonly models: ModelService;
  readonly training: TrainingService;
  readonly predictions: PredictionService;
  readonly automl: AutomlService;
  /** Drift comparisons of two data sources (`mlpilot monitor drift`). */
  readonly drift: DriftService;
  /** Continuous monitoring: prediction and label ingestion, windows, retention. */
  readonly ingestion: IngestionService;
  /** Monitors, their evaluations, alerts and incidents (issue 16 §5). */
  readonly monitors: MonitorAlertService;
  /** Performance per window of the ingested predictions against the model version's reference (realised, CBPE / DLE). */
  readonly performance: PerformanceService;
  /** Whether closing the workspace closes the store (false for a workspace lent a job's platform). */
  readonly #ownsPlatform: boolean;
  #jobs: Promise<JobQueue> | undefined;

  private constructor(
    options: Omit<WorkspaceOptions, 'plugins'>,
    platform: Platform,
    composed: {
      learners: readonly Learner[];
      handlerModules: readonly string[];
      ownsPlatform: boolean;
      monitoring?: MonitoringPlugins;
      driftMethods?: readonly DriftMethod[];
    },
  ) {
    this.config = options.config;
    this.cwd = options.cwd;
    this.clock = options.clock;
    this.logger = options.logger;
    this.actor = options.actor;
    this.store = platform.store;
    this.artifacts = platform.artifacts;
    this.events = platform.events;
    // The engine loads with the first use of the learners, not when the workspace opens (a fast CLI).
    let registry: Promise<Registry<Learner>> | undefined;
    this.learners = () => (registry ??= import('../ml/index.js').then((ml) => ml.createLearnerRegistry(composed.learners)));
    this.handlerModules = composed.handlerModules;
    this.#ownsPlatform = composed.ownsPlatform;
    this.datasets = new DatasetService(this.store, this.artifacts);
    this.models = new ModelService(this.store, this.artifacts);
    this.training = new TrainingService({
      store: this.store,
      artifacts: this.artifacts,
      clock: options.clock,
      datasets: this.datasets,
      models: this.models,
      tracker: (ctx) => this.tracker(ctx),
      learners: this.learners,
    });
    this.predictions = new PredictionService({
      store: this.store,
      models: this.models,
      artifacts: this.artifacts,
      learners: this.learners,
      tracker: (ctx) => this.tracker(ctx),
    });
    this.drift = new DriftService({
      store: this.store,
      artifacts: this.artifacts,
      datasets: this.datasets,
      clock: options.clock,
      methods: composed.driftMethods ?? [],
      ingestion: () => this.ingestion,
    });
    this.automl = new AutomlService({
      store: this.store,
      artifacts: this.artifacts,
      datasets: this.datasets,
      clock: options.clock,
      logger: options.logger,
      models: this.models,
      tracker: (ctx) => this.tracker(ctx),
      learners: this.learners,
      jobs: () => this.jobs(),
      localQueue: (concurrency) => this.#createJobs({ backend: 'local', concurrency }),
      backend: options.config.jobs.backend,
    });
    this.ingestion = new IngestionService({
      store: this.store,
      clock: options.clock,
      logger: options.logger,
      settings: options.config.monitor,
    });
    this.monitors = new MonitorAlertService({
      store: this.store,
      config: options.config,
      clock: options.clock,
      logger: options.logger,
      jobs: () => this.jobs(),
      // The prediction log of this store and CBPE/DLE of the performance service, unless the caller composes others in.
      plugins: {
        data: predictionLogSource({ store: this.store, artifacts: this.artifacts }),
        estimator: performanceEstimator(() => this.performance),
        ...composed.monitoring,
      },
    });
    this.performance = new PerformanceService({
      store: this.store,
      artifacts: this.artifacts,
      models: this.models,
      predictions: this.predictions,
      learners: this.learners,
      ingestion: this.ingestion,
    });
  }

  /**
   * Opens (and on first use creates) the store — applying migrations — and the artifact directory, and loads the
   * configured plug-in modules.
   * @throws MLP_CONFIG_INVALID for a plug-in module that cannot be loaded; MLP_STORE_UNAVAILABLE, MLP_STORE_*.
   */
  static async open(options: WorkspaceOptions): Promise<Workspace> {
    const plugins = [...handlerModuleUrls(options.config, options.cwd), ...(options.plugins?.handlerModules ?? [])];
    const loaded = await loadPlugins(plugins);
    const learners = [...(options.plugins?.learners ?? []), ...loaded.learners];
    const platform = await openPlatform(
      { cwd: options.cwd, config: options.config },
      {
        clock: options.clock,
        logger: options.logger,
        // The capabilities' extensions are part of the product; job threads get them from the workspace's handler module.
        extensions: [...builtinStoreExtensions, ...(options.plugins?.storeExtensions ?? []), ...loaded.storeExtensions],
      },
    );
    return new Workspace(options, platform, {
      learners,
      handlerModules: [WORKSPACE_HANDLERS, ...plugins],
      ownsPlatform: true,
      ...(options.plugins?.monitoring === undefined ? {} : { monitoring: options.plugins.monitoring }),
      driftMethods: options.plugins?.driftMethods ?? [],
    });
  }

  /**
   * The workspace a job handler works in: the platform its runner opened for the job's workspace settings, the
   * learners of the runner's handler modules, and the job's submitter as the actor. Closing it leaves the platform
   * open (the runner owns it).
   */
  static async forJob(ctx: JobContext): Promise<Workspace> {
    const platform = await ctx.platform();
    const plugins = ctx.handlerModules.filter((url) => url !== WORKSPACE_HANDLERS);
    const { learners } = await loadPlugins(plugins);
    const { cwd, config } = platform.settings;
    return new Workspace({ cwd, config, clock: platform.clock, logger: ctx.logger, actor: ctx.actor }, platform, {
      learners,
      handlerModules: ctx.handlerModules,
      ownsPlatform: false,
    });
  }

  /** Where the metadata lives, password redacted. */
  get databaseUrl(): string {
    return this.store.url;
  }

  /** The write context of this workspace's own actor. */
  get ctx(): WriteContext {
    return { actor: this.actor };
  }

  /** What a job runner needs to open this workspace's platform in another thread or process. */
  get settings(): PlatformSettings {
    return { cwd: this.cwd, config: this.config };
  }

  /** A tracker writing as `ctx.actor` (default: this workspace's actor). */
  tracker(ctx: WriteContext = this.ctx): Tracker {
    return new Tracker({ store: this.store, artifacts: this.artifacts, clock: this.clock, ctx, git: () => detectGit(this.cwd) });
  }

  /** The job queue of `config.jobs` (created on first use), running this workspace's handler modules. */
  jobs(): Promise<JobQueue> {
    this.#jobs ??= this.#createJobs();
    return this.#jobs;
  }

  /** A job queue of `config.jobs`, or of the given backend and pool threads (a search's own trial pool). */
  async #createJobs(options: Pick<Config['jobs'], 'backend' | 'concurrency'> = this.config.jobs): Promise<JobQueue> {
    const { backend, concurrency } = options;
    const url = databaseUrl(this.config, this.cwd);
    const { createJobQueue } = await import('../jobs/index.js');
    return createJobQueue({
      backend,
      store: this.store,
      concurrency,
      clock: this.clock,
      logger: this.logger,
      handlerModules: this.handlerModules,
      settings: this.settings,
      ...(backend === 'pg-boss' ? { connectionString: url } : {}),
    });
  }

  /**
   * Runs a pg-boss worker for this workspace (`mlpilot worker`): its handler modules, its settings for the job
   * threads' platform, and its store for job records, until `options.signal` aborts.
   * @throws MLP_CONFIG_INVALID when the workspace's database is not PostgreSQL.
   */
  runWorker(options: Omit<RunWorkerOptions, 'store' | 'connectionString' | 'handlerModules' | 'settings'>): Promise<WorkerSummary> {
    const url = databaseUrl(this.config, this.cwd);
    requirePostgres(url, 'mlpilot worker (its pg-boss queue)');
    const settings = { ...options, store: this.store, connectionString: url, handlerModules: this.handlerModules, settings: this.settings };
    return import('../jobs/index.js').then((jobs) => jobs.runWorker(settings));
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
    await this.ingestion.close();
    if (this.#jobs !== undefined) await (await this.#jobs).close();
    if (this.#ownsPlatform) await this.store.close();
  }
}
