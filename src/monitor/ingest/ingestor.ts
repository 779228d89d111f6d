/**
 * The ingestion API: validated, sampled, idempotent, bounded. A call is validated whole, its kept rows join one
 * in-memory queue, and a single writer drains the queue in transactions of `batchSize` rows; the call resolves when
 * every row it queued is committed (an acknowledgement means stored). When the rows would push the queue past
 * `queueLimit`, the call is refused at once with MLP_MONITOR_BACKPRESSURE (HTTP 429 with Retry-After) and its rows
 * are counted as dropped, so the caller never waits for long and nothing is dropped without a counter.
 */
import type { Frame } from '../../data/index.js';
import {
  type Clock,
  IngestBackpressureError,
  IngestClosedError,
  IngestRecordError,
  isMlpError,
  type Logger,
  silentLogger,
  ValidationError,
} from '../../core/index.js';
import { isSampled } from './sampling.js';
import {
  type IngestCounter,
  type IngestCounters,
  type LabelRecord,
  type MonitorRepo,
  predictionKey,
  type PredictionRecord,
} from './store.js';
import { validateLabels, validatePredictions } from './validate.js';
import { listWindows, readWindowData, type PredictionWindow, type WindowData, type WindowSpec } from './windows.js';

/** Ingestion settings (the `monitor` section of the configuration). */
export interface IngestSettings {
  /** Share of predictions kept, 0..1 (a hash of model and prediction id decides). */
  readonly sampleRate: number;
  /** Days rows are kept by {@link Ingestor.prune}. */
  readonly retentionDays: number;
  /** Rows queued (waiting or being written) before calls are refused. */
  readonly queueLimit: number;
  /** Rows per write transaction. */
  readonly batchSize: number;
}

/** What an acknowledged prediction batch did. */
export interface IngestResult {
  readonly model: string;
  /** Rows in the call. */
  readonly received: number;
  /** Rows stored by this call. */
  readonly accepted: number;
  /** Rows whose prediction id was already stored (resends): acknowledged, stored once. */
  readonly duplicates: number;
  /** Rows left out by sampling (counted, not stored). */
  readonly sampledOut: number;
}

/** What an acknowledged label batch did. */
export interface LabelIngestResult {
  readonly model: string;
  readonly received: number;
  /** Labels stored (a later label of a prediction replaces the earlier one). */
  readonly accepted: number;
  /** Labels of predictions that sampling leaves out (counted, not stored). */
  readonly sampledOut: number;
}

/** The ingestion API over the `monitor` store extension. */
export interface Ingestor {
  /**
   * Validates, samples and stores predictions of `model`; resolves when they are committed.
   * @throws MLP_CORE_INVALID_NAME, MLP_CORE_VALIDATION (batch size), MLP_MONITOR_INVALID_RECORD (row and field),
   *   MLP_MONITOR_BACKPRESSURE (queue full; nothing queued), MLP_MONITOR_INGEST_CLOSED, MLP_STORE_BUSY.
   */
  ingest(model: string, batch: unknown): Promise<IngestResult>;
  /**
   * Stores labels of `model`'s predictions, joined by prediction id when windows are read; a label may arrive
   * before its prediction (it is kept and joins when the prediction arrives).
   * @throws like {@link Ingestor.ingest}.
   */
  ingestLabels(model: string, labels: unknown): Promise<LabelIngestResult>;
  /** Resolves when everything queued so far, counters included, is written. */
  flush(): Promise<void>;
  /** Deletes rows older than `retentionDays` before `now` (default: the clock's now). */
  prune(now?: number): Promise<{ before: number; predictions: number; labels: number }>;
  /** The stored counters of `model` (after a {@link Ingestor.flush} they include every call so far). */
  counters(model: string): Promise<IngestCounters>;
  /**
   * The windows of `model`'s stored predictions (see {@link listWindows}).
   * @throws MLP_MONITOR_INVALID_WINDOW
   */
  windows(model: string, spec: WindowSpec): Promise<PredictionWindow[]>;
  /** A window's inputs, outputs and joined labels as a Frame (see {@link readWindowData} for the columns). */
  readWindow(model: string, window: PredictionWindow): Promise<Frame>;
  /** A window's frame with its column roles, prediction ids and timestamps. */
  readWindowData(model: string, window: PredictionWindow): Promise<WindowData>;
  /** Rows queued now and the limit. */
  queue(): { queued: number; limit: number };
  /** Refuses new calls (MLP_MONITOR_INGEST_CLOSED) and writes what is queued. */
  close(): Promise<void>;
}

/** What {@link createIngestor} takes. */
export interface IngestorOptions {
  readonly repo: MonitorRepo;
  readonly clock: Clock;
  readonly settings: IngestSettings;
  readonly logger?: Logger;
}

/** One call waiting for its rows to commit. */
interface Ticket {
  remaining: number;
  accepted: number;
  duplicates: number;
  failed: boolean;
  resolve(): void;
  reject(error: unknown): void;
}

type Entry = { kind: 'prediction'; record: PredictionRecord; ticket: Ticket } | { kind: 'label'; record: LabelRecord; ticket: Ticket };

const DAY_MS = 86_400_000;

/**
 * Creates an ingestor writing through `repo` (the `monitor` extension's repository of an open store).
 * @throws MLP_CORE_VALIDATION for settings out of range.
 */
export function createIngestor(options: IngestorOptions): Ingestor {
  const { repo, clock, settings } = options;
  const logger = options.logger ?? silentLogger;
  checkSettings(settings);
  const queue: Entry[] = [];
  let head = 0;
  /** Rows queued or in the transaction being written. */
  let queued = 0;
  /** Counter increments not yet written, per model. */
  let pending = new Map<string, Partial<Record<IngestCounter, number>>>();
  let writing: Promise<void> | undefined;
  let closed = false;
  /** Milliseconds the last write took (by the injected clock), for Retry-After. */
  let lastWriteMs = 0;

  const count = (model: string, name: IngestCounter, n: number): void => {
    if (n === 0) return;
    const deltas = pending.get(model) ?? {};
    deltas[name] = (deltas[name] ?? 0) + n;
    pending.set(model, deltas);
  };

  const pump = (): Promise<void> => {
    writing ??= drain().finally(() => {
      writing = undefined;
      // Rows queued while the last transaction ran; counters alone wait for the next call (no retry loop on a dead store).
      if (head < queue.length) void pump().catch(() => undefined);
    });
    return writing;
  };

  async function drain(): Promise<void> {
    while (head < queue.length || pending.size > 0) {
      const batch = queue.slice(head, head + settings.batchSize);
      head += batch.length;
      if (head > 4096 && head * 2 > queue.length) {
        queue.splice(0, head);
        head = 0;
      }
      const counters = pending;
      pending = new Map();
      const predictions = batch.flatMap((e) => (e.kind === 'prediction' ? [e.record] : []));
      const labels = batch.flatMap((e) => (e.kind === 'label' ? [e.record] : []));
      const started = clock.now();
      try {
        const { inserted } = await repo.writeBatch({ predictions, labels, counters });
        lastWriteMs = Math.max(0, clock.now() - started);
        const unclaimed = new Set(inserted);
        for (const entry of batch) {
          const t = entry.ticket;
          if (entry.kind === 'prediction') {
            if (unclaimed.delete(predictionKey(entry.record.model, entry.record.predictionId))) t.accepted++;
            else t.duplicates++;
          } else t.accepted++;
          if (--t.remaining === 0 && !t.failed) t.resolve();
        }
      } catch (error) {
        // Nothing of this transaction is stored: its calls fail (their other rows may still be written; a resend is idempotent).
        for (const [model, values] of counters) for (const [name, n] of Object.entries(values)) count(model, name as IngestCounter, n ?? 0);
        logger.warn('monitor ingestion write failed', {
          rows: batch.length,
          error: error instanceof Error ? error.message : String(error),
        });
        for (const entry of batch) {
          entry.ticket.remaining--;
          if (!entry.ticket.failed) {
            entry.ticket.failed = true;
            entry.ticket.reject(error);
          }
        }
        if (batch.length === 0) throw error; // only counters: keep them for the next write and stop
      } finally {
        queued -= batch.length;
      }
    }
  }

  /** Queues `entries` for one call, or refuses them when they do not fit. */
  function enqueue(model: string, entries: Array<Omit<Entry, 'ticket'>>, received: number, dropped: IngestCounter): Promise<Ticket> {
    if (closed) throw IngestClosedError({ model, retryAfterSeconds: 1 });
    if (entries.length === 0) return Promise.resolve(newTicket(0));
    if (queued + entries.length > settings.queueLimit) {
      count(model, dropped, received);
      void pump().catch(() => undefined);
      const batchesAhead = Math.ceil(queued / settings.batchSize);
      const retryAfterSeconds = Math.min(60, Math.max(1, Math.ceil((batchesAhead * lastWriteMs) / 1000)));
      throw IngestBackpressureError({ model, queued, limit: settings.queueLimit, rows: entries.length, retryAfterSeconds });
    }
    return new Promise<Ticket>((resolve, reject) => {
      const ticket = newTicket(entries.length);
      ticket.resolve = () => resolve(ticket);
      ticket.reject = reject;
      for (const entry of entries) queue.push({ ...entry, ticket } as Entry);
      queued += entries.length;
      void pump().catch(() => undefined);
    });
  }

  /** Validates with `check`; a refused batch of a valid model name counts its rows as `rejected`. */
  function validated<T>(model: string, rows: unknown, rejected: IngestCounter, check: () => T): T {
    try {
      return check();
    } catch (error) {
      if ((IngestRecordError.is(error) || ValidationError.is(error)) && Array.isArray(rows)) {
        count(model, rejected, rows.length);
        void pump().catch(() => undefined);
      }
      throw error;
    }
  }

  return {
    async ingest(model, batch) {
      if (closed) throw IngestClosedError({ model: String(model), retryAfterSeconds: 1 });
      const records = validated(model, batch, 'rejected', () => validatePredictions(model, batch));
      const kept = records.filter((r) => isSampled(r.model, r.predictionId, settings.sampleRate));
      // Throws at once (nothing queued, every row counted as dropped) when the queue is full.
      const stored = enqueue(
        model,
        kept.map((record) => ({ kind: 'prediction', record })),
        records.length,
        'droppedBackpressure',
      );
      const sampledOut = records.length - kept.length;
      count(model, 'sampledOut', sampledOut);
      if (kept.length === 0 && sampledOut > 0) void pump().catch(() => undefined);
      const ticket = await stored;
      return { model, received: records.length, accepted: ticket.accepted, duplicates: ticket.duplicates, sampledOut };
    },

    async ingestLabels(model, labels) {
      if (closed) throw IngestClosedError({ model: String(model), retryAfterSeconds: 1 });
      const records = validated(model, labels, 'labelsRejected', () => validateLabels(model, labels, clock.now()));
      const kept = records.filter((r) => isSampled(r.model, r.predictionId, settings.sampleRate));
      const stored = enqueue(
        model,
        kept.map((record) => ({ kind: 'label', record })),
        records.length,
        'labelsDroppedBackpressure',
      );
      const sampledOut = records.length - kept.length;
      count(model, 'labelsSampledOut', sampledOut);
      if (kept.length === 0 && sampledOut > 0) void pump().catch(() => undefined);
      const ticket = await stored;
      return { model, received: records.length, accepted: ticket.accepted, sampledOut };
    },

    async flush() {
      // Queued rows' failures belong to their calls; a failure to write the counters is this call's.
      while (writing !== undefined || head < queue.length) await pump().catch(() => undefined);
      if (pending.size > 0) await pump();
    },

    async prune(now = clock.now()) {
      const before = now - settings.retentionDays * DAY_MS;
      return { before, ...(await repo.prune(before)) };
    },

    async counters(model) {
      return repo.counters(model);
    },

    windows: (model, spec) => listWindows(repo, clock, model, spec),
    readWindow: async (model, window) => (await readWindowData(repo, model, window)).frame,
    readWindowData: (model, window) => readWindowData(repo, model, window),

    queue: () => ({ queued, limit: settings.queueLimit }),

    async close() {
      closed = true;
      await this.flush();
    },
  };
}

function newTicket(remaining: number): Ticket {
  return { remaining, accepted: 0, duplicates: 0, failed: false, resolve: () => undefined, reject: () => undefined };
}

function checkSettings(settings: IngestSettings): void {
  const bad = (field: string, problem: string) => ValidationError({ field: `monitor.${field}`, problem });
  if (!(settings.sampleRate >= 0 && settings.sampleRate <= 1)) throw bad('sampleRate', 'must be from 0 to 1');
  if (!Number.isInteger(settings.retentionDays) || settings.retentionDays < 1) throw bad('retentionDays', 'must be a whole number ≥ 1');
  if (!Number.isInteger(settings.queueLimit) || settings.queueLimit < 1) throw bad('queueLimit', 'must be a whole number ≥ 1');
  if (!Number.isInteger(settings.batchSize) || settings.batchSize < 1) throw bad('batchSize', 'must be a whole number ≥ 1');
}

/** Whether `error` is a refusal a client should retry after a while (backpressure, shutdown). */
export function isRetryableIngestError(error: unknown): boolean {
  return isMlpError(error) && (IngestBackpressureError.is(error) || IngestClosedError.is(error));
}
