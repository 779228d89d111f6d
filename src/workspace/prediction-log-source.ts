/**
 * The data monitors read by default: the workspace's prediction log (the `monitor` store extension) cut into the
 * monitors' windows, and as reference the training data of the model's latest version (its run's `train` input).
 */
import type { ArtifactStore } from '../artifacts/index.js';
import { isMlpError } from '../core/index.js';
import { readStoredTable } from '../data/index.js';
import type { Frame } from '../data/index.js';
import { monitorStore, readWindowData } from '../monitor/index.js';
import type { MonitorDataSource, MonitorWindow, PredictionWindow } from '../monitor/index.js';
import type { Store } from '../store/index.js';
import { trainingDatasetVersion } from './training-data.js';

/** Reference frames kept in memory (per model, until its latest version changes). */
const REFERENCE_CACHE = 8;

/** A prediction window of the ingestion side for a monitor's window (time range, or row positions in timestamp order). */
function predictionWindow(window: MonitorWindow): PredictionWindow {
  const base = { start: window.start, end: window.end, count: 0, labelled: 0, complete: true };
  if (window.kind === 'time') return { ...base, kind: 'hourly', size: 1, index: 0 };
  const size = window.end - window.start;
  return { ...base, kind: 'rows', size, index: window.start / size, range: {} };
}

/** The prediction log of `store` as a monitor data source. */
export function predictionLogSource(deps: { store: Store; artifacts: ArtifactStore }): MonitorDataSource {
  const references = new Map<string, { versionId: string; frame: Frame | undefined }>();
  return {
    async extent(model) {
      const extent = await deps.store.extension(monitorStore).extent(model, {});
      if (extent.first === undefined || extent.count === 0) return undefined;
      return { firstTimestamp: extent.first, lastTimestamp: extent.last ?? extent.first, rows: extent.count };
    },

    async readWindow(model, window) {
      return (await readWindowData(deps.store.extension(monitorStore), model, predictionWindow(window))).frame;
    },

    async reference(model) {
      let version;
      try {
        version = await deps.store.models.getVersion(model, 'latest');
      } catch (error) {
        if (isMlpError(error) && error.code === 'MLP_STORE_NOT_FOUND') return undefined;
        throw error;
      }
      const cached = references.get(model);
      if (cached?.versionId === version.id) return cached.frame;
      const dataset = await trainingDatasetVersion(deps.store, version);
      const frame = dataset === undefined ? undefined : await readStoredTable(dataset, (digest) => deps.artifacts.get(digest));
      if (references.size >= REFERENCE_CACHE) references.clear();
      references.set(model, { versionId: version.id, frame });
      return frame;
    },
  };
}
