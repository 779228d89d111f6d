import { writeFile } from 'node:fs/promises';

import type { ArtifactStore } from '../artifacts/index.js';
import { BundleInvalidError, type Registry } from '../core/index.js';
import { readTable } from '../data/index.js';
import type { BundleManifest, LearnerDefinition } from '../ml/index.js';
import type { ModelVersion } from '../store/index.js';
import type { ModelService } from './model-service.js';
import { createScorer, type Scorer } from './scorers.js';

/** A registered model version loaded for scoring. */
export interface LoadedModel {
  version: ModelVersion;
  manifest: BundleManifest;
  scorer: Scorer;
}

/** Loads registered model bundles (verified, never executed) of every flavor and scores data files with them. */
export class PredictionService {
  readonly #models: ModelService;
  readonly #artifacts: ArtifactStore;
  readonly #learners: () => Promise<Registry<LearnerDefinition>>;

  /** `learners` gives the registry native bundles are loaded with (called when a model is loaded). */
  constructor(models: ModelService, artifacts: ArtifactStore, learners: () => Promise<Registry<LearnerDefinition>>) {
    this.#models = models;
    this.#artifacts = artifacts;
    this.#learners = learners;
  }

  /**
   * Resolves `NAME@VERSION|ALIAS`, reads its bundle from the artifact store (every file hash-verified) and builds
   * the scorer for its flavor. Call `scorer.close()` when done.
   * @throws MLP_STORE_NOT_FOUND, MLP_ARTIFACT_CORRUPT, MLP_ML_BUNDLE_INVALID (tampered, unknown flavor, newer format).
   */
  async load(ref: string): Promise<LoadedModel> {
    const version = await this.#models.getVersion(ref);
    const location = `${version.modelName}@${version.version}`;
    const tree = await this.#artifacts.readTree(version.bundleDigest);
    if (tree === undefined) throw BundleInvalidError({ location, problem: 'the registered artifact is a single file, not a bundle folder' });
    const files = new Map<string, Uint8Array>();
    for (const entry of tree) files.set(entry.path, await this.#artifacts.get(entry.digest));
    const { decodeBundle } = await import('../ml/index.js');
    const bundle = decodeBundle(files, location);
    return { version, manifest: bundle.manifest, scorer: await createScorer(bundle, await this.#learners(), location) };
  }

  /**
   * Scores a data file and writes a CSV with one row per input row: `prediction` (the value or class label) and,
   * for classifiers that give them, `proba_<class>` columns. `threads` > 1 lets multi-threaded models (`gbdt`) share
   * large batches with worker threads; the output does not depend on it.
   */
  async predictFile(input: { model: string; data: string; out: string; threads?: number }): Promise<{ rows: number; model: ModelVersion; columns: string[] }> {
    const loaded = await this.load(input.model);
    try {
      const { frame } = await readTable(input.data);
      const { values, proba } = await loaded.scorer.score(frame, { threads: input.threads ?? 1 });
      const classes = loaded.scorer.classes;
      const withProba = proba !== undefined && classes !== undefined;
      const columns = ['prediction', ...(withProba ? classes.map((c) => `proba_${c}`) : [])];
      const lines = [columns.map(csvField).join(',')];
      for (let i = 0; i < frame.rowCount; i++) {
        const value = values[i] as number;
        const cells = [classes === undefined ? String(value) : csvField(classes[value] ?? String(value))];
        if (withProba) for (let c = 0; c < classes.length; c++) cells.push(String(proba[i * classes.length + c]));
        lines.push(cells.join(','));
      }
      await writeFile(input.out, `${lines.join('\n')}\n`);
      return { rows: frame.rowCount, model: loaded.version, columns };
    } finally {
      await loaded.scorer.close();
    }
  }
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
