/**
 * The `mlpilot` package's library surface.
 *
 * ```ts
 * import { openTracker } from 'mlpilot';
 * const tracker = await openTracker(); // .mlpilot/ in the current directory, or MLPILOT_DATABASE_URL
 * await tracker.withRun({ experiment: 'churn' }, async (run) => run.logMetric('auc', 0.91));
 * await tracker.close();
 * ```
 */
import type { Tracker } from './workspace/index.js';
import { type OpenOptions, openWorkspace } from './workspace/index.js';

export * from './core/index.js';
export type * from './store/index.js';
export { LocalArtifactStore } from './artifacts/index.js';
export type { ArtifactStore, GcReport } from './artifacts/index.js';
export { ActiveRun, openWorkspace, parseRef, Tracker, Workspace } from './workspace/index.js';
export type { OpenOptions, StartRunOptions, WorkspaceOptions } from './workspace/index.js';
export { createIngestor, monitorStore } from './monitor/index.js';
export type {
  IngestResult,
  IngestSettings,
  Ingestor,
  LabelIngestResult,
  PredictionWindow,
  WindowData,
  WindowSpec,
} from './monitor/index.js';

/** A {@link Tracker} on the workspace of `cwd` (default: the current directory and `process.env`), with `close()`. */
export async function openTracker(options: Partial<OpenOptions> = {}): Promise<Tracker & { close(): Promise<void> }> {
  const workspace = await openWorkspace({ ...options, cwd: options.cwd ?? process.cwd(), env: options.env ?? process.env });
  return Object.assign(workspace.tracker(), { close: () => workspace.close() });
}
