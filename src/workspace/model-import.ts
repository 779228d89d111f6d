import type { ArtifactStore } from '../artifacts/index.js';
import { assertName, readUserFile, toJsonObject } from '../core/index.js';
import type { BundleContent, ImportedFlavor, ImportOptions } from '../ml/index.js';
import type { ModelVersion, Store, WriteContext } from '../store/index.js';

/** Every imported flavor, as a record so the compiler checks the list is complete (the engine stays unloaded). */
const IMPORTED: Readonly<Record<ImportedFlavor, true>> = { 'xgboost-json': true, 'lightgbm-text': true, onnx: true };

/** Flavors a model file can be imported from (every bundle flavor but `native`). */
export const IMPORT_FLAVORS: readonly ImportedFlavor[] = Object.keys(IMPORTED) as ImportedFlavor[];
export type ImportFlavor = ImportedFlavor;

/** What `mlpilot models import` and `POST /models/{name}/import` ask for. */
export interface ImportRequest extends Omit<ImportOptions, 'location'> {
  name: string;
  description?: string;
}

/** Stores a bundle's files in the artifact store and returns the digest of its tree (the bundle's identity). */
export async function storeBundle(artifacts: ArtifactStore, content: BundleContent): Promise<string> {
  const { encodeBundle } = await import('../ml/index.js');
  const entries = [];
  for (const [path, bytes] of encodeBundle(content)) {
    const put = await artifacts.put(bytes);
    entries.push({ path, digest: put.digest, size: put.size });
  }
  return (await artifacts.putTree(entries)).digest;
}

/**
 * Imports a model trained elsewhere as a new model version (see {@link importedBundle}): the bytes are parsed and
 * validated before anything is stored. `source` is recorded as a tag (a file name or `upload`).
 * @throws MLP_ML_BUNDLE_INVALID for a malformed or unsupported model, MLP_CORE_VALIDATION, MLP_CORE_INVALID_NAME.
 */
export async function importModelBytes(
  deps: { store: Store; artifacts: ArtifactStore },
  request: ImportRequest & { bytes: Uint8Array; source: string },
  ctx: WriteContext,
): Promise<ModelVersion> {
  assertName(request.name, 'name');
  const { importedBundle } = await import('../ml/index.js');
  const content = await importedBundle(request.bytes, { ...request, location: request.source });
  const bundleDigest = await storeBundle(deps.artifacts, content);
  return deps.store.models.createVersion(
    {
      modelName: request.name,
      runId: null,
      bundleDigest,
      signature: toJsonObject(content.signature),
      tags: { 'mlpilot.flavor': request.flavor, 'mlpilot.source': request.source.slice(-250) },
      ...(request.description === undefined ? {} : { description: request.description }),
    },
    ctx,
  );
}

/**
 * {@link importModelBytes} for a file on this machine (the CLI).
 * @throws MLP_DATA_FILE_NOT_FOUND, MLP_DATA_FILE_UNREADABLE (a directory, no permission, a device or FIFO, …), and what
 *   {@link importModelBytes} throws.
 */
export async function importModelFile(
  deps: { store: Store; artifacts: ArtifactStore },
  request: ImportRequest & { file: string },
  ctx: WriteContext,
): Promise<ModelVersion> {
  assertName(request.name, 'name');
  const bytes = await readUserFile(request.file);
  return importModelBytes(deps, { ...request, bytes, source: request.file }, ctx);
}
