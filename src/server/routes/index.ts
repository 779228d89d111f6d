import { adminRoutes } from './admin.js';
import { artifactRoutes } from './artifacts.js';
import { datasetRoutes } from './datasets.js';
import type { ServerRoute } from './define.js';
import { eventRoutes } from './events.js';
import { experimentRoutes } from './experiments.js';
import { jobRoutes } from './jobs.js';
import { learnerRoutes } from './learners.js';
import { lineageRoutes } from './lineage.js';
import { modelRoutes } from './models.js';
import { monitorRoutes } from './monitors.js';
import { monitorIngestRoutes } from './monitor-ingest.js';
import { monitorPerformanceRoutes } from './monitor-performance.js';
import { monitorDriftRoutes } from './monitor-drift.js';
import { runRoutes } from './runs.js';
import { tokenRoutes } from './tokens.js';
import { trainingRoutes } from './training.js';

export type { ServerDeps, ServerRoute } from './define.js';

/** Every resource route of the API, listed explicitly (no file-system scanning). */
export const apiRoutes: readonly ServerRoute[] = [
  ...experimentRoutes,
  ...runRoutes,
  ...artifactRoutes,
  ...datasetRoutes,
  ...modelRoutes,
  ...trainingRoutes,
  ...learnerRoutes,
  ...lineageRoutes,
  ...eventRoutes,
  ...jobRoutes,
  ...monitorIngestRoutes,
  ...monitorPerformanceRoutes,
  ...tokenRoutes,
  ...adminRoutes,
  ...monitorRoutes,
  ...monitorDriftRoutes,
];
