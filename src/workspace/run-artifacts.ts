import { assertRelativePath, NotFoundError } from '../core/index.js';
import type { RunArtifact, Store } from '../store/index.js';

/** How many paths a not-found hint names. */
const PATHS_SHOWN = 8;

function listed(paths: readonly string[]): string {
  return paths.slice(0, PATHS_SHOWN).join(', ') + (paths.length > PATHS_SHOWN ? `, … (${paths.length} in all)` : '');
}

/**
 * The artifact logged at `path` of run `runId` (the path → digest record, not the bytes).
 * @throws MLP_CORE_INVALID_PATH; MLP_STORE_NOT_FOUND for an unknown run, or for a path the run has no artifact at:
 *   the hint names the artifacts under `path/` when it is a folder, else the run's artifact paths.
 */
export async function findRunArtifact(store: Store, runId: string, path: string): Promise<RunArtifact> {
  const wanted = assertRelativePath(path, 'artifact path');
  const artifacts = await store.runs.listArtifacts(runId);
  const exact = artifacts.find((a) => a.path === wanted);
  if (exact !== undefined) return exact;
  const inside = artifacts.filter((a) => a.path.startsWith(`${wanted}/`)).map((a) => a.path);
  throw NotFoundError({
    entity: 'run artifact',
    key: `${runId}/${wanted}`,
    hint:
      inside.length > 0
        ? `it is a folder; name one of its files: ${listed(inside)}`
        : artifacts.length === 0
          ? 'the run has no artifacts'
          : `the run has ${listed(artifacts.map((a) => a.path))}`,
  });
}
