/**
 * Windows over a model's stored predictions, computed from the prediction timestamps (UTC) with the injected clock
 * for "now": hourly and daily windows aligned to UTC hour and day boundaries (`size` hours or days, aligned to
 * multiples of the size since the epoch), and windows of `size` consecutive rows in timestamp order. A window reads
 * back as a Frame of its inputs, outputs and joined labels, for the drift and performance code.
 */
import { type Clock, WindowSpecError } from '../../core/index.js';
import { Frame, readJsonLines } from '../../data/index.js';
import type { MonitorRepo, StoredPredictionRow } from './store.js';

/** The kinds of window. */
export const WINDOW_KINDS = Object.freeze(['hourly', 'daily', 'rows'] as const);
/** A kind of {@link WINDOW_KINDS}. */
export type WindowKind = (typeof WINDOW_KINDS)[number];

/** What windows to list. */
export interface WindowSpec {
  readonly kind: WindowKind;
  /** Hours or days per time window (default 1), rows per row window (default 1000). */
  readonly size?: number;
  /** ms since the epoch: windows overlapping [from, to). Default: from the first prediction. */
  readonly from?: number;
  /** Default: the clock's now (time windows up to the one holding now); row windows take every row when omitted. */
  readonly to?: number;
}

/** One window of a model's predictions. */
export interface PredictionWindow {
  readonly kind: WindowKind;
  readonly size: number;
  /** 0-based position: bucket number since the epoch for time windows, row-window number for row windows. */
  readonly index: number;
  /** Inclusive start, ms since the epoch (row windows: their first row's timestamp). */
  readonly start: number;
  /** Exclusive end (row windows: their last row's timestamp + 1). */
  readonly end: number;
  /** Predictions in the window. */
  readonly count: number;
  /** Predictions with a label. */
  readonly labelled: number;
  /** False while the window can still grow: a time window ending after now, a row window with fewer than `size` rows. */
  readonly complete: boolean;
  /** Row windows: the range the rows were counted in (their positions depend on it). */
  readonly range?: { readonly from?: number; readonly to?: number };
}

/** A window read back: its frame and which columns came from where. */
export interface WindowData {
  readonly window: PredictionWindow;
  /** Inputs, outputs and label columns (see {@link readWindowData}). */
  readonly frame: Frame;
  readonly inputColumns: readonly string[];
  readonly outputColumns: readonly string[];
  /** The label column, when any row of the window has a label. */
  readonly labelColumn?: string;
  readonly predictionIds: readonly string[];
  /** ms since the epoch, per row. */
  readonly timestamps: Float64Array;
}

/** Most windows one listing answers. */
export const MAX_WINDOWS = 10_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const MAX_SIZE = { hourly: 24 * 366, daily: 3660, rows: 10_000_000 } as const;

function checkSpec(spec: WindowSpec): { size: number } {
  if (!(WINDOW_KINDS as readonly string[]).includes(spec.kind))
    throw WindowSpecError({
      field: 'kind',
      problem: `must be one of ${WINDOW_KINDS.join(', ')} (got ${JSON.stringify(String(spec.kind))})`,
    });
  const size = spec.size ?? (spec.kind === 'rows' ? 1000 : 1);
  if (!Number.isInteger(size) || size < 1 || size > MAX_SIZE[spec.kind])
    throw WindowSpecError({
      field: 'size',
      problem: `must be a whole number from 1 to ${MAX_SIZE[spec.kind]} for ${spec.kind} windows (got ${size})`,
    });
  for (const field of ['from', 'to'] as const) {
    const v = spec[field];
    if (v !== undefined && (!Number.isInteger(v) || v < 0 || v > Number.MAX_SAFE_INTEGER))
      throw WindowSpecError({ field, problem: `must be whole milliseconds since the epoch (got ${v})` });
  }
  if (spec.from !== undefined && spec.to !== undefined && spec.from >= spec.to)
    throw WindowSpecError({ field: 'to', problem: `must be after from (${spec.from}), got ${spec.to}` });
  return { size };
}

/**
 * Lists the windows of `model`'s predictions. Time windows run from the one holding `from` (or the first
 * prediction) to the one holding `to` − 1 ms (or now), empty ones included (count 0), so a monitor sees a gap.
 * A model without predictions (and no `from`) has no windows.
 * @throws MLP_MONITOR_INVALID_WINDOW for a bad kind, size or range, or more than {@link MAX_WINDOWS} windows.
 */
export async function listWindows(repo: MonitorRepo, clock: Clock, model: string, spec: WindowSpec): Promise<PredictionWindow[]> {
  const { size } = checkSpec(spec);
  const now = clock.now();
  if (spec.kind === 'rows') {
    const range = { ...(spec.from === undefined ? {} : { from: spec.from }), ...(spec.to === undefined ? {} : { to: spec.to }) };
    const rows = await repo.rowWindows(model, size, range);
    if (rows.length > MAX_WINDOWS)
      throw WindowSpecError({
        field: 'size',
        problem: `${rows.length} windows of ${size} rows; at most ${MAX_WINDOWS}: choose a larger size or a shorter range`,
      });
    return rows.map((w) => ({
      kind: 'rows',
      size,
      index: w.index,
      start: w.first,
      end: w.last + 1,
      count: w.count,
      labelled: w.labelled,
      complete: w.count === size,
      range,
    }));
  }
  const width = size * (spec.kind === 'hourly' ? HOUR_MS : DAY_MS);
  let from = spec.from;
  if (from === undefined) {
    const extent = await repo.extent(model, spec.to === undefined ? {} : { to: spec.to });
    if (extent.first === undefined) return [];
    from = extent.first;
  }
  const to = spec.to ?? Math.max(now + 1, from + 1);
  const firstBucket = Math.floor(from / width);
  const lastBucket = Math.floor((to - 1) / width);
  const n = lastBucket - firstBucket + 1;
  if (n > MAX_WINDOWS)
    throw WindowSpecError({
      field: 'from',
      problem: `the range holds ${n} ${spec.kind} windows; at most ${MAX_WINDOWS}: narrow it or use a larger size`,
    });
  const counts = await repo.bucketCounts(model, width, firstBucket * width, (lastBucket + 1) * width);
  const byBucket = new Map(counts.map((c) => [c.bucket, c]));
  const out: PredictionWindow[] = [];
  for (let b = firstBucket; b <= lastBucket; b++) {
    const c = byBucket.get(b);
    out.push({
      kind: spec.kind,
      size,
      index: b,
      start: b * width,
      end: (b + 1) * width,
      count: c?.count ?? 0,
      labelled: c?.labelled ?? 0,
      complete: (b + 1) * width <= now,
    });
  }
  return out;
}

/** The stored rows of a window, in (timestamp, prediction id) order. */
export async function windowRows(repo: MonitorRepo, model: string, window: PredictionWindow): Promise<StoredPredictionRow[]> {
  if (window.kind === 'rows') {
    return repo.readRows(model, { ...window.range, offset: window.index * window.size, limit: window.size });
  }
  return repo.readRows(model, { from: window.start, to: window.end });
}

/**
 * Reads a window as a Frame. Columns: the inputs' fields as sent; the outputs — a number, string or boolean as
 * `prediction`, an array as `prediction_0`, `prediction_1`, …, an object's fields as sent —, an output column
 * whose name an input already has is renamed `output.<name>`; then `label` (`_label` when taken) when any row has
 * a label, missing in the rows without one. Types are inferred as for a JSON-lines file; an empty window is a
 * frame with no columns and no rows.
 */
export async function readWindowData(repo: MonitorRepo, model: string, window: PredictionWindow): Promise<WindowData> {
  const rows = await windowRows(repo, model, window);
  const inputColumns = new Set<string>();
  const outputNames = new Set<string>();
  const parsed = rows.map((row) => {
    const inputs = JSON.parse(row.inputs) as Record<string, unknown>;
    for (const key of Object.keys(inputs)) inputColumns.add(key);
    const outputs = outputFields(JSON.parse(row.outputs) as unknown);
    for (const key of Object.keys(outputs)) outputNames.add(key);
    return { inputs, outputs, label: row.label === null ? undefined : (JSON.parse(row.label) as unknown) };
  });
  const outputColumn = (name: string): string => (inputColumns.has(name) ? `output.${name}` : name);
  const taken = new Set([...inputColumns, ...[...outputNames].map(outputColumn)]);
  const hasLabel = parsed.some((p) => p.label !== undefined);
  const labelColumn = hasLabel ? (taken.has('label') ? '_label' : 'label') : undefined;
  const lines = parsed.map((p) => {
    // No prototype: a field named __proto__ is data like any other.
    const record = Object.create(null) as Record<string, unknown>;
    for (const [key, value] of Object.entries(p.inputs)) record[key] = value;
    for (const [key, value] of Object.entries(p.outputs)) record[outputColumn(key)] = value;
    if (labelColumn !== undefined) record[labelColumn] = p.label ?? null;
    return JSON.stringify(record);
  });
  const frame =
    rows.length === 0 ? new Frame([], 0) : readJsonLines(new TextEncoder().encode(lines.join('\n')), { file: `window ${window.index}` });
  return {
    window,
    frame,
    inputColumns: [...inputColumns],
    outputColumns: [...outputNames].map(outputColumn),
    ...(labelColumn === undefined ? {} : { labelColumn }),
    predictionIds: rows.map((r) => r.predictionId),
    timestamps: Float64Array.from(rows, (r) => r.timestamp),
  };
}

function outputFields(outputs: unknown): Record<string, unknown> {
  if (Array.isArray(outputs)) return Object.fromEntries(outputs.map((v, i) => [`prediction_${i}`, v]));
  if (typeof outputs === 'object' && outputs !== null) return outputs as Record<string, unknown>;
  return { prediction: outputs };
}
