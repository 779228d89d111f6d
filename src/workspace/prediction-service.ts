import { writeFile } from 'node:fs/promises';

import type { ArtifactStore } from '../artifacts/index.js';
import { BundleInvalidError, type Registry } from '../core/index.js';
import { readTable } from '../data/index.js';
import { type BundleManifest, decodeBundle, type FittedPipeline, type LearnerDefinition, loadPipeline } from '../ml/index.js';
import type { ModelVersion } from '../store/index.js';
import type { ModelService } from './model-service.js';

/** A registered model version loaded for scoring. */
export interface LoadedModel {
  version: ModelVersion;
  manifest: BundleManifest;
  pipeline: FittedPipeline;
}

/** Loads registered model bundles (verified, never executed) and scores data files with them. */
export class PredictionService {
  readonly #models: ModelService;
  readonly #artifacts: ArtifactStore;
  readonly #learners: Registry<LearnerDefinition>;

  constructor(models: ModelService, artifacts: ArtifactStore, learners: Registry<LearnerDefinition>) {
    this.#models = models;
    this.#artifacts = artifacts;
    this.#learners = learners;
  }

  /**
   * Resolves `NAME@VERSION|ALIAS`, reads its bundle from the artifact store and rebuilds the pipeline.
   * @throws MLP_STORE_NOT_FOUND, MLP_ML_BUNDLE_INVALID (tampered, unknown flavor, newer format).
   */
  async load(ref: string): Promise<LoadedModel> {
    const version = await this.#models.getVersion(ref);
    const location = `${version.modelName}@${version.version}`;
    const tree = await this.#artifacts.readTree(version.bundleDigest);
    if (tree === undefined) throw BundleInvalidError({ location, problem: 'the registered artifact is a single file, not a bundle folder' });
    const files = new Map<string, Uint8Array>();
    for (const entry of tree) files.set(entry.path, await this.#artifacts.get(entry.digest));
    const bundle = decodeBundle(files, location);
    if (bundle.flavor !== 'native') throw BundleInvalidError({ location, problem: `flavor ${bundle.flavor} cannot be scored by this command yet` });
    const model = bundle.model as { pipelineFormatVersion?: unknown; pipeline?: unknown };
    if (typeof model.pipelineFormatVersion !== 'number' || typeof model.pipeline !== 'object' || model.pipeline === null) {
      throw BundleInvalidError({ location, problem: 'manifest model has no pipeline' });
    }
    const pipeline = loadPipeline(
      { formatVersion: model.pipelineFormatVersion, meta: model.pipeline as Record<string, never>, arrays: bundle.arrays },
      this.#learners,
    );
    return { version, manifest: bundle.manifest, pipeline };
  }

  /**
   * Scores a data file and writes a CSV with one row per input row: `prediction` (the value or class label) and,
   * for classifiers that give them, `proba_<class>` columns.
   */
  async predictFile(input: { model: string; data: string; out: string }): Promise<{ rows: number; model: ModelVersion; columns: string[] }> {
    const loaded = await this.load(input.model);
    const { frame } = await readTable(input.data);
    const { pipeline } = loaded;
    const predictions = pipeline.predict(frame);
    const classes = pipeline.classes;
    const proba = classes !== undefined && pipeline.model.predictProba !== undefined ? pipeline.predictProba(frame) : undefined;
    const columns = ['prediction', ...(proba === undefined || classes === undefined ? [] : classes.map((c) => `proba_${c}`))];
    const lines = [columns.map(csvField).join(',')];
    for (let i = 0; i < frame.rowCount; i++) {
      const value = predictions[i] as number;
      const cells = [classes === undefined ? String(value) : csvField(classes[value] ?? String(value))];
      if (proba !== undefined && classes !== undefined) for (let c = 0; c < classes.length; c++) cells.push(String(proba[i * classes.length + c]));
      lines.push(cells.join(','));
    }
    await writeFile(input.out, `${lines.join('\n')}\n`);
    return { rows: frame.rowCount, model: loaded.version, columns };
  }
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
