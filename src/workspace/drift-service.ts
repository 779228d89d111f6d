import type { ArtifactStore } from '../artifacts/index.js';
import { type Clock, DriftNoReferenceError } from '../core/index.js';
import type { Frame } from '../data/index.js';
import type { DriftMethod, DriftOptions, DriftReport } from '../monitor/index.js';
import type { Store } from '../store/index.js';
import type { DatasetService } from './dataset-service.js';
import { type DataSource, loadDatasetFrame, readDataSource } from './data-source.js';
import type { IngestionService } from './ingestion-service.js';
import { trainingDatasetVersion } from './training-data.js';
import { parseWindowSource, readWindowSource, type ReadWindowSource } from './window-source.js';

/**
 * One side of a drift comparison: a file or a dataset version ({@link DataSource}), or a traffic window of logged
 * predictions, `{ window: 'window:MODEL[@VERSION]:KIND[:START]' }` (window-source.ts), whose inputs are the rows.
 */
export type DriftSource = DataSource | { readonly window: string };

/** A drift comparison the edges (CLI, server) ask for: two sources and how to compare them. */
export interface DriftRequest {
  /**
   * The baseline. Optional when `current` is a window: then the training data of the window's model version
   * (`@VERSION`, else the latest version), found by lineage (its run's `train` input).
   */
  readonly reference?: DriftSource;
  readonly current: DriftSource;
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
  /** The logged predictions traffic windows are read from (a getter: the workspace builds it after this service). */
  readonly ingestion: () => IngestionService;
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
   * Reads both sources and compares them (`driftReport` of src/monitor) with the built-in and plug-in methods. Without
   * a reference, a window's is its model version's training data.
   * @throws MLP_CORE_DUPLICATE_ID when a plug-in method reuses an id; MLP_DATA_* for unreadable files,
   *   MLP_STORE_NOT_FOUND for an unknown dataset version or model, MLP_DRIFT_INVALID_SOURCE / MLP_DRIFT_NO_WINDOW for a
   *   bad or empty window source, MLP_DRIFT_NO_REFERENCE when no reference is given or found, MLP_DRIFT_* and
   *   MLP_CORE_* from the comparison.
   */
  async run(request: DriftRequest): Promise<DriftRun> {
    const monitorModule = import('../monitor/index.js');
    const current = await this.#read(request.current, 'current');
    const reference =
      request.reference === undefined ? await this.#lineageReference(current) : await this.#read(request.reference, 'reference');
    const monitor = await monitorModule;
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

  /** One side's rows and label. */
  async #read(source: DriftSource, field: 'reference' | 'current'): Promise<SideRows> {
    if ('window' in source)
      return readWindowSource({ store: this.#deps.store, ingestion: this.#deps.ingestion() }, parseWindowSource(source.window, field));
    return readDataSource(this.#deps, source);
  }

  /** The training data of the current window's model version (lineage), for a request without a reference. */
  async #lineageReference(current: SideRows): Promise<SideRows> {
    if (!('window' in current))
      throw DriftNoReferenceError({
        current: current.label,
        problem: "only a traffic window has a default reference (its model's training data)",
      });
    const { store } = this.#deps;
    const model = current.model;
    const version = current.version ?? (await store.models.getVersion(model, 'latest'));
    const dataset = await trainingDatasetVersion(store, version);
    if (dataset === undefined)
      throw DriftNoReferenceError({
        current: current.label,
        problem: `model version ${model}@${version.version} records no training dataset (imported, or its run has no train input)`,
      });
    return {
      frame: await loadDatasetFrame(this.#deps, dataset),
      label: `${dataset.datasetName}@${dataset.version} (training data of ${model}@${version.version})`,
    };
  }
}

/** The rows of one side and how the report names them. */
type SideRows = { readonly frame: Frame; readonly label: string } | ReadWindowSource;
