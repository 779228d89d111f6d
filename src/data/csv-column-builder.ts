import { ByteDictionary } from './byte-dictionary.js';
import type { Column, ColumnType } from './column.js';
import { MISSING_BOOLEAN, MISSING_CODE } from './column.js';
import { parseDatetimeBytes } from './datetime-parse.js';
import { categoricalLimit, MAX_LEVEL_BYTES } from './inference-rules.js';
import { parseBooleanBytes, parseNumberBytes } from './number-parse.js';

/** What a builder needs from the reader that feeds it. */
export interface CsvBuilderHost {
  /** Calls `sink` with every field of column `column` in rows `[0, rows)` again (after a type change). */
  rescan(column: number, rows: number, sink: (bytes: Uint8Array, start: number, end: number, row: number) => void): void;
  /** Decodes UTF-8 bytes; `null` when they are not valid UTF-8. */
  decode(bytes: Uint8Array, start: number, end: number): string | null;
  /** Throws MLP_DATA_PARSE for the field of `column` in `row`. */
  fail(row: number, column: number, problem: string): never;
}

type Kind = 'pending' | ColumnType;

/**
 * Builds one column from byte fields while inferring its type (rules in `inference-rules.ts`). Values are
 * written straight into one typed array sized for the most rows the file can have (trimmed by `finish`); when a
 * value does not fit the type guessed so far, the column switches to categorical once and its earlier fields
 * are read again from the source bytes. Categorical values are coded through a byte dictionary, so a string is
 * built once per distinct value, not once per cell.
 */
export class CsvColumnBuilder {
  private kind: Kind;
  private f64: Float64Array | null = null;
  private u8: Uint8Array | null = null;
  private codes: Int32Array | null = null;
  private dict: ByteDictionary | null = null;
  private strings: Array<string | null> | null = null;
  private readonly limit: number;
  private row = 0;

  constructor(
    readonly name: string,
    private readonly index: number,
    /** Upper bound on the number of rows (the arrays are allocated once at this size, trimmed by `finish`). */
    private readonly rowCount: number,
    private readonly forced: ColumnType | undefined,
    private readonly host: CsvBuilderHost,
  ) {
    // Checked again against the real row count in `finish`; this bound only stops a dictionary growing unboundedly.
    this.limit = forced === 'categorical' ? Number.POSITIVE_INFINITY : categoricalLimit(rowCount);
    this.kind = 'pending';
    if (forced !== undefined) this.become(forced);
  }

  /** Adds field `bytes[start, end)` of `row` (an empty field is missing). */
  add(bytes: Uint8Array, start: number, end: number, row: number): void {
    if (start === end) return; // arrays start filled with the missing sentinel
    switch (this.kind) {
      case 'numeric': {
        const v = parseNumberBytes(bytes, start, end);
        if (v === v) {
          (this.f64 as Float64Array)[row] = v;
          return;
        }
        break;
      }
      case 'categorical': {
        this.row = row;
        const dict = this.dict as ByteDictionary;
        const code = dict.code(bytes, start, end);
        if (dict.size > this.limit || dict.maxLevelBytes > MAX_LEVEL_BYTES) {
          if (this.forced === undefined) {
            this.toText();
            (this.strings as Array<string | null>)[row] = dict.levels[code] as string;
            return;
          }
        }
        (this.codes as Int32Array)[row] = code;
        return;
      }
      case 'datetime': {
        const v = parseDatetimeBytes(bytes, start, end);
        if (v === v) {
          (this.f64 as Float64Array)[row] = v;
          return;
        }
        break;
      }
      case 'boolean': {
        const b = parseBooleanBytes(bytes, start, end);
        if (b >= 0) {
          (this.u8 as Uint8Array)[row] = b;
          return;
        }
        break;
      }
      case 'text': {
        const text = this.host.decode(bytes, start, end);
        if (text === null) this.host.fail(row, this.index, 'the value is not valid UTF-8; re-save the file as UTF-8');
        (this.strings as Array<string | null>)[row] = text;
        return;
      }
      case 'pending':
        break;
    }
    this.promote(bytes, start, end, row);
  }

  /** The finished column of the first `rows` rows (rows ≤ the capacity given to the constructor). */
  finish(rows: number): Column {
    if (this.kind === 'pending') this.become('numeric');
    if (this.kind === 'categorical' && this.forced === undefined && (this.dict as ByteDictionary).size > categoricalLimit(rows))
      this.toText();
    const name = this.name;
    switch (this.kind) {
      case 'numeric':
      case 'datetime':
        return Object.freeze({ name, type: this.kind, values: trim(this.f64 as Float64Array, rows) });
      case 'boolean':
        return Object.freeze({ name, type: 'boolean', values: trim(this.u8 as Uint8Array, rows) });
      case 'categorical':
        return Object.freeze({
          name,
          type: 'categorical',
          codes: trim(this.codes as Int32Array, rows),
          levels: Object.freeze([...(this.dict as ByteDictionary).levels]),
        });
      default: {
        const strings = this.strings as Array<string | null>;
        strings.length = rows;
        return Object.freeze({ name, type: 'text', values: Object.freeze(strings) });
      }
    }
  }

  private promote(bytes: Uint8Array, start: number, end: number, row: number): void {
    if (this.forced !== undefined) {
      const what =
        this.forced === 'numeric' ? 'a finite number' : this.forced === 'boolean' ? 'true or false' : 'an ISO 8601 date or date-time';
      this.host.fail(row, this.index, `the value is not ${what}, but the column type is set to ${this.forced}`);
    }
    if (this.kind === 'pending') {
      if (parseNumberBytes(bytes, start, end) === parseNumberBytes(bytes, start, end)) this.become('numeric');
      else if (parseBooleanBytes(bytes, start, end) >= 0) this.become('boolean');
      else if (!Number.isNaN(parseDatetimeBytes(bytes, start, end))) this.become('datetime');
      else this.become('categorical');
    } else {
      // A value that does not fit numeric/boolean/datetime: the column holds strings; read its earlier rows again.
      // Copy the value first: the reader may reuse its buffer for the rescan.
      const value = Uint8Array.prototype.slice.call(bytes, start, end); // a copy even for a Buffer
      this.become('categorical');
      this.host.rescan(this.index, row, (b, s, e, r) => this.add(b, s, e, r));
      this.add(value, 0, value.length, row);
      return;
    }
    this.add(bytes, start, end, row);
  }

  private become(kind: ColumnType): void {
    this.kind = kind;
    this.f64 = null;
    this.u8 = null;
    this.codes = null;
    this.dict = null;
    switch (kind) {
      case 'numeric':
      case 'datetime':
        this.f64 = new Float64Array(this.rowCount).fill(NaN);
        break;
      case 'boolean':
        this.u8 = new Uint8Array(this.rowCount).fill(MISSING_BOOLEAN);
        break;
      case 'categorical':
        this.codes = new Int32Array(this.rowCount).fill(MISSING_CODE);
        this.dict = new ByteDictionary((b, s, e) => {
          const text = this.host.decode(b, s, e);
          if (text === null) this.host.fail(this.row, this.index, 'the value is not valid UTF-8; re-save the file as UTF-8');
          return text;
        });
        break;
      case 'text':
        this.strings ??= new Array<string | null>(this.rowCount).fill(null);
        break;
    }
  }

  /** Too many or too long distinct values: keep the strings seen so far and continue as text. */
  private toText(): void {
    const codes = this.codes as Int32Array;
    const levels = (this.dict as ByteDictionary).levels;
    const strings = new Array<string | null>(this.rowCount).fill(null);
    for (let r = 0; r < codes.length; r++) {
      const code = codes[r] as number;
      if (code !== MISSING_CODE) strings[r] = levels[code] as string;
    }
    this.strings = strings;
    this.become('text');
  }
}

/** The first `rows` values: a view when the spare capacity is small (usually one row), else a compact copy. */
function trim<T extends Float64Array | Int32Array | Uint8Array>(array: T, rows: number): T {
  if (array.length === rows) return array;
  return (array.length - rows <= Math.max(16, rows >> 6) ? array.subarray(0, rows) : array.slice(0, rows)) as T;
}
