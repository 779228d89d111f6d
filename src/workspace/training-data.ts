/**
 * Lineage from a model version to the data it was trained on: the dataset version its run recorded as the `train`
 * input. Monitors (the reference of a drift signal) and `mlpilot monitor drift` (the default reference of a traffic
 * window) both compare traffic with it.
 */
import type { DatasetVersion, ModelVersion, Store } from '../store/index.js';

/**
 * The dataset version `version` was trained on (its run's `train` input), or undefined when the version has no run
 * (an imported model) or its run recorded no training input.
 * @throws MLP_STORE_NOT_FOUND when the run or the dataset version it names is gone.
 */
export async function trainingDatasetVersion(store: Store, version: ModelVersion): Promise<DatasetVersion | undefined> {
  if (version.runId === null) return undefined;
  const run = await store.runs.get(version.runId);
  const train = run.inputs.find((input) => input.role === 'train');
  if (train === undefined) return undefined;
  return store.datasets.getVersionById(train.datasetVersionId);
}
