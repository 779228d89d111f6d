import type { ArtifactStore } from '../artifacts/index.js';
import type { Clock } from '../core/index.js';
import type { DriftMethod, DriftOptions, DriftReport } from '../monitor/index.js';
import type { Store } from '../store/index.js';
import type { DatasetService } from './dataset-service.js';
import { type DataSource, readDataSource } from './data-source.js';

/** A drift comparison the edges (CLI, server) ask for: two sources and how to compare them. */
export interface DriftRequest {
  readonly reference: DataSource;
  readonly current: DataSource;
  readonly options?: Omit<DriftOptions, 'labels' | 'registry'>;
}

/** The report, and the self-contained HTML page of it. */
export interface DriftRun {
  readonly report: DriftReport;
  /** Renders the HTML page (generated-at from the workspace's clock). */
  readonly html: (title?: string) => string;
}

/** What {@link DriftService} reads with. */
export interface DriftServiceDeps {
  readonly store: Store;
  readonly artifacts: ArtifactStore;
  readonly datasets: DatasetService;
  readonly clock: Clock;
  /** Drift methods beyond the built-ins (the workspace's plug-ins). */
  readonly methods?: readonly DriftMethod[];
}

/**
 * Compares two data sources for drift (`mlpilot monitor drift`): a file (read, never registered) or a dataset
 * version on each side. The monitoring code loads on first use, so opening a workspace stays cheap.
 */
export class DriftService {
  readonly #deps: DriftServiceDeps;

  constructor(deps: DriftServiceDeps) {
    this.#deps = deps;
  }

  /**
   * Reads both sources and compares them (`driftReport` of src/monitor) with the built-in and plug-in methods.
   * @throws MLP_CORE_DUPLICATE_ID when a plug-in method reuses an id; MLP_DATA_* for unreadable files,
   *   MLP_STORE_NOT_FOUND for an unknown dataset version, MLP_DRIFT_* and
   *   MLP_CORE_* from the comparison.
   */
  async run(request: DriftRequest): Promise<DriftRun> {
    const [reference, current, monitor] = await Promise.all([
      readDataSource(this.#deps, request.reference),
      readDataSource(this.#deps, request.current),
      import('../monitor/index.js'),
    ]);
    // Built each run: a plug-in method with a built-in's id fails here with MLP_CORE_DUPLICATE_ID.
    const registry = monitor.createDriftMethodRegistry(this.#deps.methods);
    const report = await monitor.driftReport(reference.frame, current.frame, {
      ...request.options,
      registry,
      labels: { reference: reference.label, current: current.label },
    });
    const generatedAt = new Date(this.#deps.clock.now()).toISOString();
    return {
      report,
      html: (title) =>
        monitor.renderDriftReport(report, { generatedAt, title: title ?? `Drift: ${current.label} against ${reference.label}` }),
    };
  }
}
