import { writeFile } from 'node:fs/promises';

import type { ArtifactStore } from '../artifacts/index.js';
import { BundleInvalidError, type Registry, ValidationError } from '../core/index.js';
import { type Frame, readStoredTable, readTable, readTableBytes } from '../data/index.js';
import type { BundleManifest, DecodedBundle, Learner, Scorer, Task } from '../ml/index.js';
import type { ModelVersion, Store, WriteContext } from '../store/index.js';
import type { ModelService } from './model-service.js';
import { parseRef } from './refs.js';
import { predictionBytes, predictionOutputFormat, predictionsTable, type PredictionFormat } from './prediction-output.js';
import type { Tracker } from './tracker.js';

/** A registered model version loaded for scoring. */
export interface LoadedModel {
  version: ModelVersion;
  manifest: BundleManifest;
  scorer: Scorer;
}

/** The predictions of one model for one frame. */
export interface Predictions {
  readonly model: ModelVersion;
  readonly task: Task;
  readonly rows: number;
  /** Regression values, or class indices into `classes`. */
  readonly values: Float64Array;
  /** Row-major class probabilities, when the model gives them. */
  readonly proba?: Float64Array;
  readonly classes?: readonly string[];
}

/** What a batch prediction into the store produced. */
export interface StoredPredictions {
  /** The run that records the prediction: the dataset as input, the model as a param, the CSV as an artifact. */
  runId: string;
  model: { name: string; version: number };
  dataset: { name: string; version: number };
  rows: number;
  columns: string[];
  artifact: { path: string; digest: string; size: number };
}

/** What a {@link PredictionService} is built from. */
export interface PredictionServiceDeps {
  store: Store;
  models: ModelService;
  artifacts: ArtifactStore;
  /** The learners native bundles are loaded with (the workspace's registry, made on first use). */
  learners: () => Promise<Registry<Learner>>;
  tracker: (ctx: WriteContext) => Tracker;
}

/** Most rows a JSON prediction request may carry; larger inputs go through a dataset version and a job. */
export const MAX_JSON_ROWS = 10_000;

/** Loads registered model bundles (verified, never executed) of every flavor and scores data with them. */
export class PredictionService {
  readonly #deps: PredictionServiceDeps;

  constructor(deps: PredictionServiceDeps) {
    this.#deps = deps;
  }

  /**
   * Resolves `NAME@VERSION|ALIAS`, reads its bundle from the artifact store (every file hash-verified) and builds
   * the scorer for its flavor. Call `scorer.close()` when done.
   * @throws MLP_STORE_NOT_FOUND, MLP_ARTIFACT_CORRUPT, MLP_ML_BUNDLE_INVALID (tampered, unknown flavor, newer format).
   */
  async load(ref: string): Promise<LoadedModel> {
    const { version, bundle, location } = await this.#read(ref);
    const { createScorer } = await import('../ml/index.js');
    return { version, manifest: bundle.manifest, scorer: await createScorer(bundle, await this.#deps.learners(), location) };
  }

  /**
   * The ONNX form of a registered model version (see `bundleToOnnx`): an ONNX model's own bytes, imported trees as
   * an ONNX tree ensemble, a native pipeline's learner when it takes the numeric inputs unchanged (never an ensemble of
   * pipelines).
   * @throws MLP_ML_EXPORT_UNSUPPORTED, MLP_STORE_NOT_FOUND, MLP_ARTIFACT_CORRUPT, MLP_ML_BUNDLE_INVALID
   */
  async exportOnnx(ref: string): Promise<{ version: ModelVersion; bytes: Uint8Array }> {
    const { version, bundle, location } = await this.#read(ref);
    const { bundleToOnnx } = await import('../ml/index.js');
    return { version, bytes: bundleToOnnx(bundle, await this.#deps.learners(), location) };
  }

  /** Resolves a reference and reads and verifies its bundle. */
  async #read(ref: string): Promise<{ version: ModelVersion; bundle: DecodedBundle; location: string }> {
    const version = await this.#deps.models.getVersion(ref);
    const location = `${version.modelName}@${version.version}`;
    const tree = await this.#deps.artifacts.readTree(version.bundleDigest);
    if (tree === undefined)
      throw BundleInvalidError({ location, problem: 'the registered artifact is a single file, not a bundle folder' });
    const files = new Map<string, Uint8Array>();
    for (const entry of tree) files.set(entry.path, await this.#deps.artifacts.get(entry.digest));
    const { decodeBundle } = await import('../ml/index.js');
    return { version, bundle: decodeBundle(files, location), location };
  }

  /**
   * Scores a frame with a registered model. `threads` > 1 lets multi-threaded models (`gbdt`) share large batches
   * with worker threads; the output does not depend on it.
   */
  async predictFrame(model: string, frame: Frame, options: { threads?: number } = {}): Promise<Predictions> {
    const loaded = await this.load(model);
    try {
      const { values, proba } = await loaded.scorer.score(frame, { threads: options.threads ?? 1 });
      const classes = loaded.scorer.classes;
      return {
        model: loaded.version,
        task: loaded.scorer.task,
        rows: frame.rowCount,
        values,
        ...(proba === undefined ? {} : { proba }),
        ...(classes === undefined ? {} : { classes }),
      };
    } finally {
      await loaded.scorer.close();
    }
  }

  /**
   * Scores rows given as JSON objects (column → value), up to {@link MAX_JSON_ROWS}; their types are inferred as
   * for a JSON-lines file and converted to the model's input types where lossless.
   * @throws MLP_CORE_VALIDATION for an empty or too long list, or a row that is not an object.
   */
  async predictRows(model: string, rows: readonly unknown[]): Promise<Predictions> {
    if (rows.length === 0 || rows.length > MAX_JSON_ROWS) {
      throw ValidationError({
        field: 'rows',
        problem: `give 1 to ${MAX_JSON_ROWS} rows (got ${rows.length}); score larger inputs as a dataset version with a predict job`,
      });
    }
    rows.forEach((row, i) => {
      if (typeof row !== 'object' || row === null || Array.isArray(row))
        throw ValidationError({ field: `rows[${i}]`, problem: 'must be an object of column → value' });
    });
    const bytes = new TextEncoder().encode(rows.map((row) => JSON.stringify(row)).join('\n'));
    const { frame } = await readTableBytes(bytes, { format: 'jsonl', file: 'rows' });
    return this.predictFrame(model, frame);
  }

  /**
   * Scores a data file and writes a table with one row per input row: `prediction` (the value or class label) and,
   * for classifiers that give them, `proba_<class>` columns; CSV, TSV or JSON lines by `format` or the extension.
   * @throws MLP_CLI_USAGE for a Parquet `out`, MLP_DATA_UNSUPPORTED_FORMAT for another unknown extension.
   */
  async predictFile(input: {
    model: string;
    data: string;
    out: string;
    threads?: number;
    /** Field separator of a CSV/TSV input (default: sniffed for CSV, tab for TSV). */
    delimiter?: string;
    /** Output format (default: from the extension of `out`, see {@link predictionOutputFormat}). */
    format?: PredictionFormat;
    /**
     * Called with the input, its sha256 and the predictions once the file is written (`mlpilot predict --log` logs
     * the batch for monitoring with it).
     */
    onScored?: (batch: { frame: Frame; contentHash: string; scored: Predictions }) => Promise<void>;
  }): Promise<{ rows: number; model: ModelVersion; columns: string[]; format: PredictionFormat }> {
    // Decided before scoring, so a bad --out name fails at once.
    const output = predictionOutputFormat(input.out, input.format);
    const { frame, contentHash } = await readTable(input.data, input.delimiter === undefined ? {} : { delimiter: input.delimiter });
    const scored = await this.predictFrame(input.model, frame, input.threads === undefined ? {} : { threads: input.threads });
    const { columns, text } = predictionsTable(scored, output.format);
    await writeFile(input.out, predictionBytes(text, output.gzip));
    await input.onScored?.({ frame, contentHash, scored });
    return { rows: scored.rows, model: scored.model, columns, format: output.format };
  }

  /**
   * Scores a registered dataset version and records the result as a run in `experiment` (default `predict`): the
   * dataset version as input, the model version as params, the predictions CSV as the artifact `predictions.csv`.
   * @throws MLP_STORE_NOT_FOUND, MLP_ML_*; the signal's reason when aborted before the run is recorded.
   */
  async predictDataset(
    input: { model: string; data: string; threads?: number; experiment?: string },
    ctx: WriteContext,
    options: { signal?: AbortSignal; progress?: (fraction: number) => void } = {},
  ): Promise<StoredPredictions> {
    const ref = parseRef(input.data, 'data');
    const version = await this.#deps.store.datasets.getVersion(ref.name, ref.version ?? 'latest');
    const frame = await readStoredTable(version, (digest) => this.#deps.artifacts.get(digest));
    options.progress?.(0.25);
    options.signal?.throwIfAborted();
    const scored = await this.predictFrame(input.model, frame, input.threads === undefined ? {} : { threads: input.threads });
    options.progress?.(0.75);
    options.signal?.throwIfAborted();
    const { columns, text } = predictionsTable(scored, 'csv');
    const model = { name: scored.model.modelName, version: scored.model.version };
    const dataset = { name: version.datasetName, version: version.version };
    const artifact = await this.#deps.tracker(ctx).withRun(
      {
        experiment: input.experiment ?? 'predict',
        name: `predict-${model.name}`,
        params: { model: `${model.name}@${model.version}`, data: `${dataset.name}@${dataset.version}`, rows: scored.rows },
        inputs: [{ dataset: `${dataset.name}@${dataset.version}`, role: 'input' }],
      },
      async (run) => ({ runId: run.id, stored: await run.logArtifact('predictions.csv', text) }),
    );
    options.progress?.(1);
    return { runId: artifact.runId, model, dataset, rows: scored.rows, columns, artifact: { path: 'predictions.csv', ...artifact.stored } };
  }
}
