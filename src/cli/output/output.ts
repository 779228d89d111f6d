import type { OutStream } from '../io.js';
import { escapeControls, escapeJsonControls } from './sanitize.js';
import { formatKeyValues, formatTable, type TableColumn } from './table.js';

/**
 * Where a command's results go. With `--json` only {@link Output.json} writes to stdout (one JSON document);
 * human text is suppressed so stdout always parses. Notes and warnings go to stderr in both modes.
 *
 * Every human write escapes control characters ({@link escapeControls}): names, descriptions, tags and messages
 * come from users, and an ESC or BEL in them must not retitle, clear or move the terminal. Only the colours
 * this class adds itself (bold headings, statuses) reach the terminal as escape sequences.
 */
export class Output {
  readonly jsonMode: boolean;
  readonly #stdout: OutStream;
  readonly #stderr: OutStream;
  readonly #color: boolean;
  #jsonWritten = false;

  constructor(options: { stdout: OutStream; stderr: OutStream; json: boolean; env: Readonly<Record<string, string | undefined>> }) {
    this.jsonMode = options.json;
    this.#stdout = options.stdout;
    this.#stderr = options.stderr;
    this.#color = options.stdout.isTTY === true && options.env['NO_COLOR'] === undefined && options.env['TERM'] !== 'dumb';
  }

  /** True when the human output may use colour (a terminal, `NO_COLOR` unset). */
  get color(): boolean {
    return this.#color;
  }

  /**
   * Emits a command's result: `data` as JSON with `--json`, otherwise whatever `human` prints.
   * Call once per command.
   */
  result(data: unknown, human: () => void): void {
    if (this.jsonMode) this.json(data);
    else human();
  }

  /** Writes one JSON document (pretty, 2 spaces) to stdout. */
  json(data: unknown): void {
    this.#jsonWritten = true;
    this.#stdout.write(`${escapeJsonControls(JSON.stringify(data, jsonReplacer, 2))}\n`);
  }

  /** Writes one compact JSON line to stdout (streams such as `events list --follow --json`). */
  jsonLine(data: unknown): void {
    this.#jsonWritten = true;
    this.#stdout.write(`${escapeJsonControls(JSON.stringify(data, jsonReplacer))}\n`);
  }

  /** True once JSON went to stdout. */
  get wroteJson(): boolean {
    return this.#jsonWritten;
  }

  /** A line of human output on stdout (dropped with `--json`). */
  line(text = ''): void {
    this.#human(`${escapeControls(text)}\n`);
  }

  /** Human text on stdout, control characters escaped (dropped with `--json`). */
  text(text: string): void {
    this.#human(escapeControls(text));
  }

  /** An aligned table on stdout (dropped with `--json`); cells are escaped by {@link formatTable}. */
  table(columns: readonly TableColumn[], rows: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>, emptyText?: string): void {
    this.#human(formatTable(columns, rows, { emptyText: emptyText && escapeControls(emptyText), decorateHeader: (t) => this.bold(t) }));
  }

  /** Aligned `key: value` lines on stdout (dropped with `--json`); escaped by {@link formatKeyValues}. */
  keyValues(pairs: ReadonlyArray<readonly [string, string | number | null | undefined]>): void {
    this.#human(formatKeyValues(pairs));
  }

  /** A section heading on stdout (dropped with `--json`). */
  heading(text: string): void {
    this.#human(`${this.bold(escapeControls(text))}\n`);
  }

  /** A note for the person at the terminal; goes to stderr so it never mixes with results. */
  note(text: string): void {
    this.#stderr.write(`${escapeControls(text)}\n`);
  }

  /** Writes already escaped human text to stdout unless in JSON mode. */
  #human(text: string): void {
    if (!this.jsonMode) this.#stdout.write(text);
  }

  bold(text: string): string {
    return this.#color ? `\u001b[1m${text}\u001b[22m` : text;
  }

  /**
   * A run or job status, coloured on a terminal: green done, red failed, yellow in progress. For a table cell,
   * pass it as the column's `style` (cells are escaped before they are styled).
   */
  status(text: string): string {
    if (!this.#color) return text;
    const code = STATUS_COLOURS[text];
    return code === undefined ? text : `\u001b[${code}m${text}\u001b[39m`;
  }

  dim(text: string): string {
    return this.#color ? `\u001b[2m${text}\u001b[22m` : text;
  }
}

const STATUS_COLOURS: Record<string, number> = {
  finished: 32,
  succeeded: 32,
  failed: 31,
  running: 33,
  queued: 33,
  killed: 90,
  cancelled: 90,
};

/** JSON for values JSON.stringify cannot take as-is: bigint as a string, Uint8Array as a length note, Map/Set as arrays. */
function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return { bytes: value.byteLength };
  if (value instanceof Map) return Object.fromEntries(value);
  if (value instanceof Set) return [...value];
  return value;
}
