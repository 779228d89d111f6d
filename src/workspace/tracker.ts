import type { ArtifactStore } from '../artifacts/index.js';
import { assertKey, assertRelativePath, type Clock, ValidationError } from '../core/index.js';
import type { BundleContent } from '../ml/index.js';
import type { InputRole, MetricPoint, Run, RunPage, RunSearch, Store, WriteContext } from '../store/index.js';
import type { GitInfo } from './git.js';
import { parseRef } from './refs.js';

/** What a new run starts with. */
export interface StartRunOptions {
  /** Experiment name; created on first use. Default `Default`. */
  experiment?: string;
  /** An existing experiment, by id or name (never created); instead of {@link experiment}. */
  experimentId?: string;
  name?: string;
  params?: Record<string, string | number | boolean>;
  tags?: Record<string, string>;
  parentRunId?: string;
  /** Dataset versions the run reads, as `NAME[@VERSION]` refs. */
  inputs?: Array<{ dataset: string; role?: InputRole }>;
  /** When the run started (ms); default now. Set it when the work was done before the run is recorded. */
  startTime?: number;
  /**
   * The code the run comes from; default the tracker's working tree. `null` records none (a run reported over the
   * API: the server's working tree is not the client's code).
   */
  git?: GitInfo | null;
}

/** Everything a tracker needs, injected. */
export interface TrackerDeps {
  store: Store;
  artifacts: ArtifactStore;
  clock: Clock;
  ctx: WriteContext;
  /** The code the runs come from; called once per run. */
  git: () => GitInfo | undefined;
}

function stringifyParams(params: Record<string, string | number | boolean>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    assertKey(key, `params.${key}`);
    out[key] = String(value);
  }
  return out;
}

/** Dataset version references resolved to the ids a run records. @throws MLP_STORE_NOT_FOUND, MLP_CORE_INVALID_NAME */
function resolveInputs(
  store: Store,
  inputs: ReadonlyArray<{ dataset: string; role?: InputRole | undefined }>,
): Promise<Array<{ datasetVersionId: string; role: InputRole }>> {
  return Promise.all(
    inputs.map(async (input, i) => {
      const ref = parseRef(input.dataset, `inputs[${i}].dataset`);
      const version = await store.datasets.getVersion(ref.name, ref.version ?? 'latest');
      return { datasetVersionId: version.id, role: input.role ?? 'input' };
    }),
  );
}

/**
 * Experiment tracking in MLflow's model with mlpilot's names: runs record params, metric series, tags,
 * artifacts, their input dataset versions and the git commit of the code.
 *
 * ```ts
 * const tracker = await Tracker.open({ cwd: process.cwd(), env: process.env }); // or workspace.tracker()
 * await tracker.withRun({ experiment: 'churn', inputs: [{ dataset: 'customers@3', role: 'train' }] }, async (run) => {
 *   await run.logParams({ lr: 0.1 });
 *   await run.logMetric('auc', 0.91);
 * });
 * ```
 */
export class Tracker {
  readonly #deps: TrackerDeps;

  constructor(deps: TrackerDeps) {
    this.#deps = deps;
  }

  /** Starts a run (creating the experiment when missing) and records its inputs and code version. */
  async startRun(options: StartRunOptions = {}): Promise<ActiveRun> {
    const { store, ctx } = this.#deps;
    const inputs = await resolveInputs(store, options.inputs ?? []);
    if (options.parentRunId !== undefined) await store.runs.get(options.parentRunId);
    const experiment =
      options.experimentId !== undefined
        ? await store.experiments.get(options.experimentId)
        : await store.experiments.ensure(options.experiment ?? 'Default', ctx);
    const git = options.git === undefined ? this.#deps.git() : (options.git ?? undefined);
    const run = await store.runs.create(
      {
        experimentId: experiment.id,
        ...(options.name === undefined ? {} : { name: options.name }),
        ...(options.parentRunId === undefined ? {} : { parentRunId: options.parentRunId }),
        gitCommit: git?.commit ?? null,
        gitDirty: git?.dirty ?? null,
        params: stringifyParams(options.params ?? {}),
        tags: options.tags ?? {},
        ...(options.startTime === undefined ? {} : { startTime: options.startTime }),
      },
      ctx,
    );
    if (inputs.length > 0) await store.runs.addInputs(run.id, inputs, ctx);
    return new ActiveRun(run.id, this.#deps);
  }

  /** Runs `fn` inside a run that ends `finished`, or `failed` when `fn` throws (the error is rethrown). */
  async withRun<T>(options: StartRunOptions, fn: (run: ActiveRun) => Promise<T>): Promise<T> {
    const run = await this.startRun(options);
    try {
      const result = await fn(run);
      await run.end('finished');
      return result;
    } catch (error) {
      await run.end('failed');
      throw error;
    }
  }

  /** Re-attaches to a running run (e.g. from another process). */
  async resumeRun(runId: string): Promise<ActiveRun> {
    await this.#deps.store.runs.get(runId);
    return new ActiveRun(runId, this.#deps);
  }

  getRun(runId: string): Promise<Run> {
    return this.#deps.store.runs.get(runId);
  }

  /** Sets tags on any run that is not deleted (ended runs included), as MLflow's `set_tag`; returns the run. */
  async setRunTags(runId: string, tags: Record<string, string>): Promise<Run> {
    await this.#deps.store.runs.setTags(runId, tags, this.#deps.ctx);
    return this.#deps.store.runs.get(runId);
  }

  /** Restores a deleted run (a no-op when it is not deleted); returns the run. @throws MLP_STORE_NOT_FOUND */
  async restoreRun(runId: string): Promise<Run> {
    await this.#deps.store.runs.restore(runId, this.#deps.ctx);
    return this.#deps.store.runs.get(runId);
  }

  searchRuns(query: RunSearch): Promise<RunPage> {
    return this.#deps.store.runs.search(query);
  }
}

/** A run being recorded. Every method writes through to the store at once. */
export class ActiveRun {
  readonly id: string;
  readonly #deps: TrackerDeps;

  constructor(id: string, deps: TrackerDeps) {
    this.id = id;
    this.#deps = deps;
  }

  async logParams(params: Record<string, string | number | boolean>): Promise<void> {
    await this.#deps.store.runs.logParams(this.id, stringifyParams(params), this.#deps.ctx);
  }

  async logMetric(key: string, value: number, step = 0): Promise<void> {
    await this.logBatch([{ key, value, step, timestamp: this.#deps.clock.now() }]);
  }

  async logMetrics(values: Record<string, number>, step = 0): Promise<void> {
    const timestamp = this.#deps.clock.now();
    await this.logBatch(Object.entries(values).map(([key, value]) => ({ key, value, step, timestamp })));
  }

  /** Logs many points in one transaction (the fast path for training loops). */
  async logBatch(points: readonly MetricPoint[]): Promise<void> {
    points.forEach((point, i) => {
      assertKey(point.key, `points[${i}].key`);
      if (typeof point.value !== 'number') throw ValidationError({ field: `points[${i}].value`, problem: 'must be a number' });
      if (!Number.isInteger(point.step)) throw ValidationError({ field: `points[${i}].step`, problem: 'must be an integer' });
    });
    await this.#deps.store.runs.logMetrics(this.id, points);
  }

  async setTags(tags: Record<string, string>): Promise<void> {
    await this.#deps.store.runs.setTags(this.id, tags, this.#deps.ctx);
  }

  /** Stores `data` in the artifact store and records it under the logical `path` of this run. */
  async logArtifact(path: string, data: Uint8Array | string): Promise<{ digest: string; size: number }> {
    assertRelativePath(path, 'path');
    const { digest, size } = await this.#deps.artifacts.put(data);
    await this.#deps.store.runs.logArtifact(this.id, { path, digest, size }, this.#deps.ctx);
    return { digest, size };
  }

  /** Like {@link logArtifact} but streams a file from disk. */
  async logArtifactFile(path: string, file: string): Promise<{ digest: string; size: number }> {
    assertRelativePath(path, 'path');
    const { digest, size } = await this.#deps.artifacts.putFile(file);
    await this.#deps.store.runs.logArtifact(this.id, { path, digest, size }, this.#deps.ctx);
    return { digest, size };
  }

  /**
   * Logs a model bundle as the artifacts under `path/` (`path/manifest.json`, `path/arrays/…`), the form
   * `ModelService.registerFromRun` turns into a model version.
   */
  async logBundle(path: string, bundle: BundleContent): Promise<void> {
    assertRelativePath(path, 'path');
    const { encodeBundle } = await import('../ml/index.js');
    for (const [file, bytes] of encodeBundle(bundle)) await this.logArtifact(`${path}/${file}`, bytes);
  }

  /** Records a dataset version (`NAME[@VERSION]`) as an input of this run. */
  async useDataset(dataset: string, role: InputRole = 'input'): Promise<void> {
    await this.useDatasets([{ dataset, role }]);
  }

  /** Records dataset versions (`NAME[@VERSION]`, role default `input`) as inputs of this run, in one write. */
  async useDatasets(inputs: ReadonlyArray<{ dataset: string; role?: InputRole | undefined }>): Promise<void> {
    await this.#deps.store.runs.addInputs(this.id, await resolveInputs(this.#deps.store, inputs), this.#deps.ctx);
  }

  end(status: 'finished' | 'failed' | 'killed' = 'finished'): Promise<Run> {
    return this.#deps.store.runs.end(this.id, status, this.#deps.ctx);
  }
}
