/**
 * A traffic window as a drift source: `window:MODEL[@VERSION]:KIND[:START]` names one window of a model's logged
 * predictions (the `monitor` store extension), and its rows' inputs — the features the model was asked about, not
 * its outputs or the labels that arrived later — are the frame drift compares. Parsed strictly: every error names
 * the part that is wrong.
 */
import { assertName, isMlpError } from '../core/index.js';
import { DriftNoWindowError, DriftSourceError } from '../core/index.js';
import { Frame, readJsonLines } from '../data/index.js';
import { monitorStore, parseIsoTimestamp, type PredictionWindow, windowRows } from '../monitor/index.js';
import type { ModelVersion, Store } from '../store/index.js';
import type { IngestionService } from './ingestion-service.js';
import { parseRef } from './refs.js';

/** The prefix that makes a source a traffic window. */
export const WINDOW_SOURCE_PREFIX = 'window:';

/** A parsed `window:MODEL[@VERSION]:KIND[:START]`. */
export interface WindowSource {
  /** The text as given (for messages). */
  readonly text: string;
  readonly model: string;
  /** A version number or alias: only that version's predictions (and those naming none) are read. Default: all. */
  readonly version?: number | string;
  readonly kind: 'hourly' | 'daily' | 'rows';
  /** Rows per window for `rows:N`. */
  readonly rows?: number;
  /**
   * ms since the epoch: the window holding it (hourly, daily) or the N predictions from it on (rows). Default: the
   * latest window with predictions.
   */
  readonly start?: number;
}

/** Most rows a `rows:N` window may hold (the ingestion side's limit for row windows). */
const MAX_ROWS = 10_000_000;

/** True when `text` names a traffic window rather than a file or a dataset version. */
export function isWindowSource(text: string): boolean {
  return text.startsWith(WINDOW_SOURCE_PREFIX);
}

/**
 * Parses `window:MODEL[@VERSION]:KIND[:START]`, KIND `hourly`, `daily` or `rows:N`, START an ISO 8601 instant with a
 * zone (`2026-03-01T00:00:00Z`).
 * @throws MLP_DRIFT_INVALID_SOURCE naming `field` and the part (prefix, model, version, kind, rows, start).
 */
export function parseWindowSource(text: string, field: string): WindowSource {
  const fail = (part: string, problem: string): never => {
    throw DriftSourceError({ field, source: text, part, problem });
  };
  if (!isWindowSource(text)) fail('prefix', `is missing: a window source starts with "${WINDOW_SOURCE_PREFIX}"`);
  const rest = text.slice(WINDOW_SOURCE_PREFIX.length);
  const colon = rest.indexOf(':');
  if (colon === -1) fail('kind', 'is missing after the model (hourly, daily or rows:N)');
  const modelPart = rest.slice(0, colon);
  let model = '';
  let version: number | string | undefined;
  try {
    const ref = parseRef(modelPart, field);
    model = assertName(ref.name, field);
    version = ref.version;
  } catch (error) {
    if (!isMlpError(error)) throw error;
    const part = modelPart.includes('@') && modelPart.indexOf('@') > 0 ? 'version' : 'model';
    fail(
      part,
      `${JSON.stringify(part === 'model' ? modelPart.split('@')[0] : modelPart)} is not valid: ${error.message.replace(/\.+$/, '')}`,
    );
  }
  let after = rest.slice(colon + 1);
  let rows: number | undefined;
  const kindMatch = /^(hourly|daily|rows)(?::|$)/.exec(after);
  if (kindMatch === null)
    return fail('kind', `${JSON.stringify(after.split(':')[0] ?? '')} is not a window kind; use hourly, daily or rows:N`);
  const kind = kindMatch[1] as WindowSource['kind'];
  after = after.slice(kind.length);
  if (kind === 'rows') {
    const n = /^:([0-9]{1,8})(?::|$)/.exec(after);
    if (n === null) return fail('rows', 'count is missing or not a whole number: write rows:N, e.g. rows:1000');
    rows = Number(n[1]);
    if (rows < 1 || rows > MAX_ROWS) fail('rows', `count must be from 1 to ${MAX_ROWS} (got ${rows})`);
    after = after.slice(1 + (n[1] as string).length);
  }
  let start: number | undefined;
  if (after !== '') {
    // `after` is ":START" here (the kind patterns only end at ':' or the end).
    const startText = after.slice(1);
    start = parseIsoTimestamp(startText);
    if (start === undefined)
      fail('start', `${JSON.stringify(startText)} is not an ISO 8601 instant with a zone (e.g. 2026-03-01T00:00:00Z)`);
  }
  return {
    text,
    model,
    kind,
    ...(version === undefined ? {} : { version }),
    ...(rows === undefined ? {} : { rows }),
    ...(start === undefined ? {} : { start }),
  };
}

/** What reading a window needs. */
export interface WindowSourceDeps {
  readonly store: Store;
  readonly ingestion: IngestionService;
}

/** A window read as drift's current data. */
export interface ReadWindowSource {
  readonly frame: Frame;
  /** `MODEL[@VERSION] KIND window START–END`, for the report. */
  readonly label: string;
  readonly window: PredictionWindow;
  readonly model: string;
  /** The model version named by `@VERSION`, resolved. */
  readonly version?: ModelVersion;
}

/**
 * Finds the window and reads its rows' inputs as a frame (types inferred as for a JSON-lines file). With
 * `@VERSION`, predictions that name another version are left out.
 * @throws MLP_STORE_NOT_FOUND for an unknown model version; MLP_DRIFT_NO_WINDOW when the model has no predictions
 *   (at or after START for rows windows); MLP_MONITOR_INVALID_WINDOW from the ingestion side.
 */
export async function readWindowSource(deps: WindowSourceDeps, source: WindowSource): Promise<ReadWindowSource> {
  const version = source.version === undefined ? undefined : await deps.store.models.getVersion(source.model, source.version);
  const window = await findWindow(deps, source);
  const stored = await windowRows(deps.store.extension(monitorStore), source.model, window);
  const kept = version === undefined ? stored : stored.filter((r) => r.modelVersion === null || r.modelVersion === version.version);
  // Inputs only: the outputs and labels are not features, and a drift of them is another question (performance).
  const lines = kept.map((row) => row.inputs);
  const name = version === undefined ? source.model : `${source.model}@${version.version}`;
  const span = `${new Date(window.start).toISOString()}–${new Date(window.end).toISOString()}`;
  const label = `${name} ${source.kind === 'rows' ? `rows:${window.size}` : source.kind} window ${span}`;
  const frame = lines.length === 0 ? new Frame([], 0) : readJsonLines(new TextEncoder().encode(lines.join('\n')), { file: label });
  return { frame, label, window, model: source.model, ...(version === undefined ? {} : { version }) };
}

async function findWindow(deps: WindowSourceDeps, source: WindowSource): Promise<PredictionWindow> {
  const { model } = source;
  const none = (problem: string): never => {
    throw DriftNoWindowError({ source: source.text, model, problem });
  };
  // Whatever the queue of this process holds is written first, so a window sees it.
  await deps.ingestion.ingestor.flush();
  if (source.kind === 'rows') {
    const size = source.rows as number;
    const windows = await deps.ingestion.windows(model, {
      kind: 'rows',
      size,
      ...(source.start === undefined ? {} : { from: source.start }),
    });
    // With START: the N predictions from it on; without: the last (possibly incomplete) window of the log.
    const window = source.start === undefined ? windows.at(-1) : windows[0];
    if (window === undefined)
      return none(source.start === undefined ? 'the model has no logged predictions' : 'no prediction at or after START');
    return window;
  }
  let at = source.start;
  if (at === undefined) {
    const extent = await deps.store.extension(monitorStore).extent(model, {});
    if (extent.last === undefined || extent.count === 0) return none('the model has no logged predictions');
    at = extent.last;
  }
  const [window] = await deps.ingestion.windows(model, { kind: source.kind, from: at, to: at + 1 });
  if (window === undefined) return none('no window holds START');
  return window;
}
