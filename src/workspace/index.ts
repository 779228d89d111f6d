/**
 * The composition layer: opens the store, artifacts, events and jobs from one config and offers the services the
 * edges (CLI, server) and library users share — datasets, tracking, the registry, GC and the quick start.
 */
export { DatasetService } from './dataset-service.js';
export { detectGit } from './git.js';
export type { GitInfo } from './git.js';
export { ModelService } from './model-service.js';
export { runQuickstart } from './quickstart.js';
export type { QuickstartSummary } from './quickstart.js';
export { parseRef } from './refs.js';
export { findRunArtifact } from './run-artifacts.js';
export type { Ref } from './refs.js';
export { ActiveRun, Tracker } from './tracker.js';
export type { StartRunOptions, TrackerDeps } from './tracker.js';
export { Workspace } from './workspace.js';
export type { WorkspaceOptions } from './workspace.js';
export { openWorkspace } from './open.js';
export type { OpenOptions } from './open.js';
export { MAX_JSON_ROWS, PredictionService } from './prediction-service.js';
export { PREDICTION_FORMATS, predictionOutputFormat, predictionsTable } from './prediction-output.js';
export type { PredictionFormat } from './prediction-output.js';
export type { LoadedModel, Predictions, PredictionServiceDeps, StoredPredictions } from './prediction-service.js';
export { parseParamAssignments, trainData, TrainingService } from './training-service.js';
export type { TrainOptions, TrainRequest, TrainResult, TrainSpec, TrainingServiceDeps } from './training-service.js';
export { automlPayloadSchema, predictPayloadSchema, trainPayloadSchema } from './job-payloads.js';
export { AUTOML_TAG, AutomlService } from './automl-service.js';
export { automlSummary } from './automl-records.js';
export type { AutomlRequest, AutomlRunOptions, AutomlServiceDeps } from './automl-service.js';
export type { AutomlRun } from './automl-records.js';
export type { DataSource } from './data-source.js';
export { handlerModuleUrls, WORKSPACE_HANDLERS } from './plugins.js';
export type { PluginModule, WorkspacePlugins } from './plugins.js';
export { IMPORT_FLAVORS, importModelBytes, importModelFile, storeBundle } from './model-import.js';
export type { ImportFlavor, ImportRequest } from './model-import.js';
export { DriftService } from './drift-service.js';
export type { DriftRequest, DriftRun, DriftServiceDeps } from './drift-service.js';
export { IngestionService } from './ingestion-service.js';
export type { LoggedBatch, IngestionServiceDeps, IngestionStatus } from './ingestion-service.js';
export { MonitorAlertService } from './monitor-alert-service.js';
export type { MonitorAlertServiceDeps, MonitorAlertStatus, MonitorInfo, MonitoringPlugins } from './monitor-alert-service.js';
export { monitorEvaluatePayloadSchema } from './monitor-payloads.js';
export { PerformanceService } from './performance-service.js';
export type { PerformanceServiceDeps, PerformanceQuery, PerformanceReport } from './performance-service.js';
export type { BandFlag, EstimatedMetric, PerformanceWindow, PerformanceWindowMetric } from './monitor-performance.js';
export type { ReferenceData, ReferenceSource } from './monitor-reference.js';
