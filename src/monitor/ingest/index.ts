/** Prediction and label ingestion: the `monitor` store extension, the ingestor, sampling and windows. */
export { createIngestor, isRetryableIngestError } from './ingestor.js';
export type { IngestResult, IngestSettings, Ingestor, IngestorOptions, LabelIngestResult } from './ingestor.js';
export { hash32, isSampled, samplePoint } from './sampling.js';
export { INGEST_COUNTERS, monitorStore, predictionKey } from './store.js';
export type {
  IngestCounter,
  IngestCounters,
  LabelRecord,
  MonitorRepo,
  MonitorTables,
  PredictionRecord,
  StoredPredictionRow,
} from './store.js';
export {
  MAX_BATCH_ROWS,
  MAX_FIELDS,
  MAX_PREDICTION_ID_LENGTH,
  MAX_RECORD_CHARS,
  parseIsoTimestamp,
  validateLabels,
  validatePredictions,
} from './validate.js';
export { listWindows, MAX_WINDOWS, readWindowData, WINDOW_KINDS, windowRows } from './windows.js';
export type { PredictionWindow, WindowData, WindowKind, WindowSpec } from './windows.js';
