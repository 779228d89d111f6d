import type { ArtifactStore } from '../artifacts/index.js';
import { assertName, assertRelativePath, type JsonValue, NotFoundError } from '../core/index.js';
import type { ModelVersion, Store, WriteContext } from '../store/index.js';
import { type ImportRequest, importModelBytes, importModelFile } from './model-import.js';
import { parseRef } from './refs.js';

/** Registers run outputs as model versions and resolves `NAME@VERSION|ALIAS` references. */
export class ModelService {
  readonly #store: Store;
  readonly #artifacts: ArtifactStore;

  constructor(store: Store, artifacts: ArtifactStore) {
    this.#store = store;
    this.#artifacts = artifacts;
  }

  /**
   * Registers the artifact at `artifactPath` of run `runId` as the next version of model `name` (created on
   * first use). A single artifact is the bundle itself; a folder (artifacts under `artifactPath/`) becomes a
   * tree manifest whose digest identifies the bundle. The version's metrics are the run's latest finite metrics (a
   * run may log NaN or ±Infinity; a version's metrics describe the model and are finite numbers). ONNX files in
   * the folder (`*.onnx`) are checked as `predict` would load them: one whose tensors keep their data in external
   * files is refused here, before it becomes a model version.
   * @throws MLP_STORE_NOT_FOUND when the run or the artifact path does not exist; MLP_ML_BUNDLE_INVALID for an
   *   ONNX file with external tensor data.
   */
  async registerFromRun(
    input: { name: string; runId: string; artifactPath: string; signature?: JsonValue; description?: string },
    ctx: WriteContext,
  ): Promise<ModelVersion> {
    assertName(input.name, 'name');
    const path = assertRelativePath(input.artifactPath, 'artifactPath');
    const run = await this.#store.runs.get(input.runId);
    const artifacts = await this.#store.runs.listArtifacts(run.id);
    const exact = artifacts.find((a) => a.path === path);
    let bundleDigest: string;
    if (exact !== undefined) {
      bundleDigest = exact.digest;
    } else {
      const prefix = `${path}/`;
      const entries = artifacts
        .filter((a) => a.path.startsWith(prefix))
        .map((a) => ({ path: a.path.slice(prefix.length), digest: a.digest, size: a.size }));
      if (entries.length === 0) {
        throw NotFoundError({
          entity: 'run artifact',
          key: `${run.id}/${path}`,
          hint: `the run has ${artifacts.length === 0 ? 'no artifacts' : `artifacts ${artifacts.map((a) => a.path).join(', ')}`}`,
        });
      }
      await this.#refuseExternalOnnxData(entries, `${run.id}/${path}`);
      bundleDigest = (await this.#artifacts.putTree(entries)).digest;
    }
    return this.#store.models.createVersion(
      {
        modelName: input.name,
        runId: run.id,
        bundleDigest,
        signature: input.signature ?? null,
        metrics: Object.fromEntries(Object.entries(run.metrics).filter(([, value]) => Number.isFinite(value))),
        ...(input.description === undefined ? {} : { description: input.description }),
      },
      ctx,
    );
  }

  /** MLP_ML_BUNDLE_INVALID when an ONNX file among `entries` keeps tensor data in external files. */
  async #refuseExternalOnnxData(entries: ReadonlyArray<{ path: string; digest: string }>, where: string): Promise<void> {
    const onnx = entries.filter((e) => e.path.endsWith('.onnx'));
    if (onnx.length === 0) return;
    const { assertNoExternalData } = await import('../ml/index.js');
    for (const e of onnx) assertNoExternalData(await this.#artifacts.get(e.digest), `${where}/${e.path}`);
  }

  /** Imports an XGBoost JSON, LightGBM text or ONNX file as the next version of a model (see {@link importModelFile}). */
  importFile(request: ImportRequest & { file: string }, ctx: WriteContext): Promise<ModelVersion> {
    return importModelFile({ store: this.#store, artifacts: this.#artifacts }, request, ctx);
  }

  /** Like {@link importFile} for bytes received in memory (an upload); `source` is recorded as given. */
  importBytes(request: ImportRequest & { bytes: Uint8Array; source: string }, ctx: WriteContext): Promise<ModelVersion> {
    return importModelBytes({ store: this.#store, artifacts: this.#artifacts }, request, ctx);
  }

  /**
   * Points `alias` (e.g. `champion`) of model `name` at `version` — a production-facing change recorded as an event
   * with the previous version. Returns the version it pointed at before, or null for a new alias.
   * @throws MLP_STORE_NOT_FOUND for an unknown model or version; MLP_CORE_INVALID_NAME.
   */
  async setAlias(name: string, alias: string, version: number, ctx: WriteContext): Promise<{ previousVersion: number | null }> {
    assertName(name, 'model name');
    assertName(alias, 'alias');
    const previous = (await this.#store.models.get(name)).aliases[alias];
    await this.#store.models.setAlias(name, alias, version, ctx);
    return { previousVersion: previous ?? null };
  }

  /** Removes an alias. @throws MLP_STORE_NOT_FOUND */
  async deleteAlias(name: string, alias: string, ctx: WriteContext): Promise<void> {
    await this.#store.models.deleteAlias(assertName(name, 'model name'), assertName(alias, 'alias'), ctx);
  }

  /**
   * Deletes a model with all its versions (`NAME`) or one version (`NAME@3`, `NAME@ALIAS`), recorded as an event;
   * bundles stay in the artifact store until `mlpilot artifacts gc` finds nothing else refers to them.
   * @throws MLP_STORE_NOT_FOUND; MLP_STORE_CONFLICT while an alias points at what would be deleted (it is named).
   */
  async delete(ref: string, ctx: WriteContext): Promise<{ model: string; version: number | null }> {
    const parsed = parseRef(ref, 'model');
    if (parsed.version === undefined) {
      await this.#store.models.delete(parsed.name, ctx);
      return { model: parsed.name, version: null };
    }
    const { version } = await this.#store.models.getVersion(parsed.name, parsed.version);
    await this.#store.models.deleteVersion(parsed.name, version, ctx);
    return { model: parsed.name, version };
  }

  /**
   * Sets (or, with null, clears) the description of a model (`NAME`) or of one version (`NAME@3`, `NAME@ALIAS`).
   * @throws MLP_STORE_NOT_FOUND; MLP_CORE_VALIDATION for a description that is too long or has NUL.
   */
  async describe(
    ref: string,
    description: string | null,
    ctx: WriteContext,
  ): Promise<{ model: string; version: number | null; description: string | null }> {
    const parsed = parseRef(ref, 'model');
    if (parsed.version === undefined) {
      const model = await this.#store.models.update(parsed.name, { description }, ctx);
      return { model: model.name, version: null, description: model.description };
    }
    const { version } = await this.#store.models.getVersion(parsed.name, parsed.version);
    const updated = await this.#store.models.updateVersion(parsed.name, version, { description }, ctx);
    return { model: updated.modelName, version: updated.version, description: updated.description };
  }

  /** `NAME` (latest), `NAME@3` or `NAME@champion`. @throws MLP_STORE_NOT_FOUND */
  getVersion(ref: string): Promise<ModelVersion> {
    const parsed = parseRef(ref, 'model');
    return this.#store.models.getVersion(parsed.name, parsed.version ?? 'latest');
  }
}
