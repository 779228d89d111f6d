/**
 * AutoML as the edges use it: read and check the data, run the search (trials in this thread, on a pool of worker
 * threads, or on `mlpilot worker` processes through pg-boss), track it — one parent run, a child run per trial —,
 * keep the final model as a bundle of the parent run, register it with lineage to the dataset versions, and write
 * the HTML report.
 */
import { type Clock, type Logger, type Registry, type Task, toJsonObject, UsageError } from '../core/index.js';
import type { AutomlResult, Configuration, MetaFeatures, Problem, TrialRecord } from '../automl/index.js';
import type { JobQueue } from '../jobs/index.js';
import type { Learner } from '../ml/index.js';
import type { DatasetVersion, WriteContext } from '../store/index.js';
import { type DataSource, type DataSourceDeps, readDataSource } from './data-source.js';
import type { ModelService } from './model-service.js';
import type { Tracker } from './tracker.js';
import { type AutomlRun, parentParams, ref, reportInput } from './automl-records.js';
import { trialExecutor } from './automl-trials.js';
import { optional } from './optional.js';

/** What `mlpilot automl` and `POST /api/v1/automl` ask for. */
export interface AutomlRequest {
  readonly train: DataSource;
  /** Rows scored after the search (never used to choose anything). */
  readonly test?: DataSource;
  readonly target: string;
  readonly task?: Task;
  readonly metric?: string;
  readonly timeColumn?: string;
  /** Wall-clock seconds for everything (default 60). */
  readonly budgetSeconds?: number;
  /** Trials at once (default 1: in this thread); more run on worker threads, or on `mlpilot worker`s with pg-boss. */
  readonly workers?: number;
  /** Threads each trial may use (default 1). */
  readonly threads?: number;
  readonly seed?: number;
  readonly maxTrials?: number;
  /** Experiment of the runs (default `automl`). */
  readonly experiment?: string;
  /** Register the final model under this name. */
  readonly register?: string;
}

/** Cancellation and progress of one search. */
export interface AutomlRunOptions {
  readonly signal?: AbortSignal;
  readonly progress?: (progress: {
    phase: string;
    elapsedSeconds: number;
    budgetSeconds: number;
    trials: number;
    failed: number;
    bestScore?: number;
  }) => void;
}

/** What an {@link AutomlService} is built from. */
export interface AutomlServiceDeps extends DataSourceDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly models: ModelService;
  readonly tracker: (ctx: WriteContext) => Tracker;
  readonly learners: () => Promise<Registry<Learner>>;
  /** The workspace's job queue (pg-boss: trials go to `mlpilot worker`s). */
  readonly jobs: () => Promise<JobQueue>;
  /** A local queue of `concurrency` pool threads running this workspace's handlers (closed by the caller). */
  readonly localQueue: (concurrency: number) => Promise<JobQueue>;
  readonly backend: 'local' | 'pg-boss';
}

/** Tag marking an AutoML parent run, and the tags a later search reads its history from. */
export const AUTOML_TAG = 'mlpilot.automl';
const META_TAG = 'mlpilot.automl.meta_features';
const BEST_TAG = 'mlpilot.automl.best_configs';
/** Past searches a new one looks at, and how many of the nearest it borrows configurations from. */
const HISTORY_RUNS = 200;
const HISTORY_NEIGHBOURS = 3;

export class AutomlService {
  readonly #deps: AutomlServiceDeps;

  constructor(deps: AutomlServiceDeps) {
    this.#deps = deps;
  }

  /**
   * Runs a search and records it. Nothing is written before the request and the data are checked.
   * @throws MLP_CLI_USAGE (budget, workers, metric), MLP_ML_UNKNOWN_TARGET, MLP_ML_BAD_TRAINING_DATA,
   *   MLP_ML_MISSING_INPUT / MLP_ML_INPUT_TYPE (a test file without the training columns), MLP_CORE_VALIDATION —
   *   all before anything is written; the signal's reason when aborted.
   */
  async run(request: AutomlRequest, ctx: WriteContext, options: AutomlRunOptions = {}): Promise<AutomlRun> {
    const workers = request.workers ?? 1;
    if (!(Number.isInteger(workers) && workers >= 1 && workers <= 64))
      throw UsageError({ problem: `workers must be 1 to 64, got ${workers}` });
    const deps = this.#deps;
    const [{ automl, renderAutomlReport, metaDistance }, learners] = await Promise.all([import('../automl/index.js'), deps.learners()]);
    const train = await readDataSource(deps, request.train);
    const test = request.test === undefined ? undefined : await readDataSource(deps, request.test);
    const tracker = deps.tracker(ctx);
    const experiment = request.experiment ?? 'automl';
    let dataset: DatasetVersion | undefined;
    let testDataset: DatasetVersion | undefined;
    let parent: Awaited<ReturnType<Tracker['startRun']>> | undefined;
    let queue: { queue: JobQueue; close: boolean } | undefined;
    const startTime = deps.clock.now();
    try {
      const result = await automl(train.frame, {
        target: request.target,
        learners,
        source: train.label,
        ...optional({
          task: request.task,
          metric: request.metric,
          timeColumn: request.timeColumn,
          budgetSeconds: request.budgetSeconds,
          seed: request.seed,
          maxTrials: request.maxTrials,
          threads: request.threads,
          signal: options.signal,
          test: test?.frame,
        }),
        onReady: async ({ problem, notes, metaFeatures }) => {
          // Only now, with the request known to be valid, may files become dataset versions and runs start.
          dataset = await train.register(ctx);
          testDataset = await test?.register(ctx);
          parent = await tracker.startRun({
            experiment,
            name: `automl-${dataset.datasetName}`,
            params: parentParams(request, problem, workers, dataset),
            tags: {
              [AUTOML_TAG]: 'parent',
              [META_TAG]: JSON.stringify(metaFeatures),
              'mlpilot.automl.notes': notes
                .map((n) => `${n.column ?? ''}: ${n.message}`)
                .join('\n')
                .slice(0, 4000),
            },
            inputs: [
              { dataset: ref(dataset), role: 'train' },
              ...(testDataset === undefined ? [] : [{ dataset: ref(testDataset), role: 'test' as const }]),
            ],
            startTime,
          });
          // Trials always run as jobs, even one at a time: a job that overruns its share can be stopped.
          queue =
            deps.backend === 'pg-boss'
              ? { queue: await deps.jobs(), close: false }
              : { queue: await deps.localQueue(workers), close: true };
        },
        history: (meta, task) => this.#history(tracker, meta, task, metaDistance),
        executor: (problem: Problem) =>
          trialExecutor({
            queue: (queue as { queue: JobQueue }).queue,
            artifacts: deps.artifacts,
            slots: workers,
            data: ref(dataset as DatasetVersion),
            spec: problem.spec,
            group: `automl:${(parent as { id: string }).id}`,
            ctx,
          }),
        onTrial: (trial) => this.#recordTrial(tracker, experiment, (parent as { id: string }).id, trial),
        progress: (p) => options.progress?.(p),
      });
      const run = parent as NonNullable<typeof parent>;
      const stored = await tracker.getRun(run.id);
      const { nativeBundle } = await import('../ml/index.js');
      const label = (await import('../automl/index.js')).metricLabel;
      const metrics: Record<string, number> = {
        [`val_${label(result.metric)}`]: result.ensemble.score,
        [`best_val_${label(result.metric)}`]: result.best.score,
        trials: result.trials.length,
        failed_trials: result.trials.filter((t) => t.status === 'failed').length,
        elapsed_s: result.elapsedSeconds,
        ...Object.fromEntries(Object.entries(result.testMetrics ?? {}).map(([k, v]) => [`test_${k}`, v])),
      };
      await run.logMetrics(metrics);
      const bundle = nativeBundle(result.model, {
        metrics: { [label(result.metric)]: result.ensemble.score },
        lineage: {
          runId: run.id,
          datasetVersionIds: [(dataset as DatasetVersion).id],
          ...(stored.gitCommit === null ? {} : { gitCommit: stored.gitCommit }),
        },
      });
      await run.logBundle('model', bundle);
      await run.setTags({ [BEST_TAG]: JSON.stringify(bestConfigurations(result)) });
      const report = renderAutomlReport(reportInput(result, dataset as DatasetVersion, deps.clock.now()));
      await run.logArtifact('report.html', report);
      await run.end('finished');
      const modelVersion =
        request.register === undefined
          ? undefined
          : await deps.models.registerFromRun(
              { name: request.register, runId: run.id, artifactPath: 'model', signature: toJsonObject(bundle.signature) },
              ctx,
            );
      return {
        runId: run.id,
        dataset: dataset as DatasetVersion,
        ...(testDataset === undefined ? {} : { testDataset }),
        ...(modelVersion === undefined ? {} : { modelVersion }),
        result,
        report,
      };
    } catch (error) {
      await parent?.end(options.signal?.aborted === true ? 'killed' : 'failed').catch(() => undefined);
      throw error;
    } finally {
      if (queue?.close === true) await queue.queue.close();
    }
  }

  /** Configurations of the nearest past searches of the same task, by meta-feature distance. */
  async #history(
    tracker: Tracker,
    meta: MetaFeatures,
    task: Task,
    distance: (a: MetaFeatures, b: MetaFeatures) => number,
  ): Promise<Configuration[]> {
    const page = await tracker.searchRuns({
      filter: `tags.\`${AUTOML_TAG}\` = 'parent' and params.task = '${task}' and attributes.status = 'finished'`,
      maxResults: HISTORY_RUNS,
    });
    const past: Array<{ d: number; configs: Configuration[] }> = [];
    for (const run of page.runs) {
      try {
        const theirs = JSON.parse(run.tags[META_TAG] ?? 'null') as MetaFeatures | null;
        const configs = JSON.parse(run.tags[BEST_TAG] ?? '[]') as Configuration[];
        if (theirs === null || !Array.isArray(configs)) continue;
        past.push({ d: distance(meta, theirs), configs: configs.filter(isConfiguration) });
      } catch {
        this.#deps.logger.warn('automl history: a past run has unreadable tags', { runId: run.id });
      }
    }
    past.sort((a, b) => a.d - b.d);
    return past.slice(0, HISTORY_NEIGHBOURS).flatMap((p) => p.configs);
  }

  /** A trial as a child run of the search: its configuration, validation score, fit seconds and status. */
  async #recordTrial(tracker: Tracker, experiment: string, parentRunId: string, trial: TrialRecord): Promise<void> {
    const params: Record<string, string | number | boolean> = {
      learner: trial.config.learner,
      source: trial.source,
      rung: trial.rung,
      rows: trial.rows,
    };
    for (const [k, v] of Object.entries(trial.config.params)) params[k.startsWith('@') ? `prep.${k.slice(1)}` : `param.${k}`] = v;
    const child = await tracker.startRun({
      experiment,
      name: `trial-${trial.id}-${trial.config.learner}`,
      parentRunId,
      params,
      tags: { [AUTOML_TAG]: 'trial', ...(trial.error === undefined ? {} : { 'mlpilot.error': trial.error.slice(0, 1000) }) },
      startTime: this.#deps.clock.now() - Math.round(trial.fitSeconds * 1000),
      git: null,
    });
    await child.logMetrics({ fit_seconds: trial.fitSeconds, ...(trial.score === undefined ? {} : { val_score: trial.score }) });
    await child.end(trial.status === 'ok' ? 'finished' : 'failed');
  }
}

/** The best few distinct configurations of a search, for the next search on similar data. */
function bestConfigurations(result: AutomlResult): Configuration[] {
  const sign = result.higherIsBetter ? -1 : 1;
  const seen = new Set<string>();
  const out: Configuration[] = [];
  for (const t of [...result.trials]
    .filter((t) => t.score !== undefined)
    .sort((a, b) => sign * ((a.score as number) - (b.score as number)))) {
    const key = JSON.stringify(t.config);
    if (seen.has(key) || t.rung !== Math.max(...result.trials.map((x) => x.rung))) continue;
    seen.add(key);
    out.push(t.config);
    if (out.length === 3) break;
  }
  return out;
}

function isConfiguration(value: unknown): value is Configuration {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as { learner?: unknown; params?: unknown };
  return (
    typeof c.learner === 'string' &&
    typeof c.params === 'object' &&
    c.params !== null &&
    Object.values(c.params).every((v) => ['string', 'number', 'boolean'].includes(typeof v))
  );
}
