import { type Clock, type Config, type Logger, ValidationError } from '../core/index.js';
import type { Frame } from '../data/index.js';
import {
  createIngestor,
  type IngestCounters,
  type Ingestor,
  type IngestResult,
  type LabelIngestResult,
  MAX_BATCH_ROWS,
  monitorStore,
  type PredictionWindow,
  type WindowData,
  type WindowSpec,
} from '../monitor/index.js';
import type { Store } from '../store/index.js';
import type { Predictions } from './prediction-service.js';

/** What a {@link IngestionService} is built from. */
export interface IngestionServiceDeps {
  /** A store opened with the `monitor` extension (the workspace always opens it so). */
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The `monitor` section of the configuration. */
  readonly settings: Readonly<Config['monitor']>;
}

/**
 * The prediction id `logScored` gives row `row` of a batch without an id column: model version, the input's sha256
 * and the row number, so scoring the same file again logs nothing new (and a label sender can name the row).
 */
export function generatedPredictionId(version: number, contentHash: string, row: number | ''): string {
  return `v${version}-${contentHash.slice(0, 24)}-${row}`;
}

/** What logging a scored batch did. */
export interface LoggedBatch extends IngestResult {
  /** The first prediction id (the rest follow the same rule). */
  readonly firstId?: string;
  /** How the ids were made: the id column's values, or generated from model version, data hash and row. */
  readonly ids: 'column' | 'generated';
}

/** A model's monitoring state: stored counts, ingestion counters and the in-memory queue. */
export interface IngestionStatus {
  readonly model: string;
  readonly predictions: number;
  readonly labels: number;
  /** Labels whose prediction has not arrived (they join when it does; retention prunes them otherwise). */
  readonly orphanLabels: number;
  readonly counters: IngestCounters;
  readonly queue: { readonly queued: number; readonly limit: number };
}

/**
 * Continuous monitoring for the edges: one ingestor per workspace process (its queue bounds what this process holds
 * in memory), windows over the stored predictions, retention, and logging the batches `mlpilot predict` scores.
 */
export class IngestionService {
  readonly #deps: IngestionServiceDeps;
  #ingestor: Ingestor | undefined;

  constructor(deps: IngestionServiceDeps) {
    this.#deps = deps;
  }

  /** The workspace's ingestor (created on first use). */
  get ingestor(): Ingestor {
    this.#ingestor ??= createIngestor({
      repo: this.#deps.store.extension(monitorStore),
      clock: this.#deps.clock,
      settings: this.#deps.settings,
      logger: this.#deps.logger,
    });
    return this.#ingestor;
  }

  /** See {@link Ingestor.ingest}. */
  ingest(model: string, predictions: unknown): Promise<IngestResult> {
    return this.ingestor.ingest(model, predictions);
  }

  /** See {@link Ingestor.ingestLabels}. */
  ingestLabels(model: string, labels: unknown): Promise<LabelIngestResult> {
    return this.ingestor.ingestLabels(model, labels);
  }

  /** See {@link Ingestor.windows}. */
  windows(model: string, spec: WindowSpec): Promise<PredictionWindow[]> {
    return this.ingestor.windows(model, spec);
  }

  /** See {@link Ingestor.readWindow}. */
  readWindow(model: string, window: PredictionWindow): Promise<Frame> {
    return this.ingestor.readWindow(model, window);
  }

  /** See {@link Ingestor.readWindowData}. */
  readWindowData(model: string, window: PredictionWindow): Promise<WindowData> {
    return this.ingestor.readWindowData(model, window);
  }

  /** Deletes predictions and labels older than `monitor.retentionDays` before `now` (default: the clock's now). */
  prune(now?: number): Promise<{ before: number; predictions: number; labels: number }> {
    return this.ingestor.prune(now);
  }

  /** Every model with monitoring data, and its status. */
  async status(model?: string): Promise<IngestionStatus[]> {
    await this.ingestor.flush();
    const repo = this.#deps.store.extension(monitorStore);
    const models = (await repo.models()).filter((m) => model === undefined || m.model === model);
    if (model !== undefined && models.length === 0) models.push({ model, predictions: 0, labels: 0, orphanLabels: 0 });
    return Promise.all(models.map(async (m) => ({ ...m, counters: await repo.counters(m.model), queue: this.ingestor.queue() })));
  }

  /**
   * Logs a batch scored by `mlpilot predict`: one prediction per row, timestamped now, its inputs the frame's
   * columns (but the id column), its outputs `prediction` and the `proba_<class>` columns of the predictions file.
   * Prediction ids are the `idColumn` values, or `v<version>-<24 hex of the data's sha256>-<row>`, so scoring the
   * same file with the same version again logs nothing new (resends are idempotent).
   * @throws MLP_CORE_VALIDATION for a missing id column or id value; the ingestion errors (see {@link Ingestor.ingest}).
   */
  async logScored(input: { frame: Frame; scored: Predictions; contentHash: string; idColumn?: string }): Promise<LoggedBatch> {
    const { frame, scored, idColumn } = input;
    if (idColumn !== undefined && !frame.has(idColumn))
      throw ValidationError({
        field: 'idColumn',
        problem: `no column ${JSON.stringify(idColumn)} in the data; columns: ${frame.columnNames.join(', ')}`,
      });
    const model = scored.model.modelName;
    const version = scored.model.version;
    const timestamp = this.#deps.clock.now();
    const rows = frame.toRows();
    const classes = scored.classes;
    const width = classes?.length ?? 0;
    const prefix = generatedPredictionId(version, input.contentHash, '');
    const chunk = Math.min(MAX_BATCH_ROWS, this.#deps.settings.queueLimit);
    const total = { received: 0, accepted: 0, duplicates: 0, sampledOut: 0 };
    let firstId: string | undefined;
    for (let start = 0; start < rows.length; start += chunk) {
      const batch = rows.slice(start, start + chunk).map((row, j) => {
        const i = start + j;
        const inputs: Record<string, unknown> = { ...row };
        let id = `${prefix}${i}`;
        if (idColumn !== undefined) {
          const value = row[idColumn];
          if (value === null || value === undefined)
            throw ValidationError({
              field: `${idColumn}[row ${i + 1}]`,
              problem: 'the id column is missing a value; every row needs a prediction id',
            });
          id = String(value);
          delete inputs[idColumn];
        }
        firstId ??= id;
        const value = scored.values[i] as number;
        const outputs: Record<string, unknown> = { prediction: classes === undefined ? value : (classes[value] ?? value) };
        if (scored.proba !== undefined && classes !== undefined)
          for (let c = 0; c < width; c++) outputs[`proba_${classes[c]}`] = scored.proba[i * width + c];
        return { id, timestamp, inputs, outputs, version };
      });
      const result = await this.ingest(model, batch);
      total.received += result.received;
      total.accepted += result.accepted;
      total.duplicates += result.duplicates;
      total.sampledOut += result.sampledOut;
    }
    return { model, ...total, ...(firstId === undefined ? {} : { firstId }), ids: idColumn === undefined ? 'generated' : 'column' };
  }

  /** Writes what is queued. */
  async close(): Promise<void> {
    if (this.#ingestor !== undefined) await this.#ingestor.close();
  }
}
