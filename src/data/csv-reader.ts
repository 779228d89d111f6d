import { DataParseError, readUserFileSync, ValidationError } from '../core/index.js';
import type { ColumnType } from './column.js';
import { CsvColumnBuilder } from './csv-column-builder.js';
import type { CsvBuilderHost } from './csv-column-builder.js';
import { Frame } from './frame.js';

/** Options of {@link readCsv}. */
export interface CsvOptions {
  /** Field separator, one ASCII character (default `,`; `\t` for TSV). */
  delimiter?: string;
  /** Name used in error messages (defaults to the path, or `<input>` for bytes). */
  file?: string;
  /** Forced column types by column name; the other columns are inferred (see `inference-rules.ts`). */
  types?: Readonly<Record<string, ColumnType>>;
  /**
   * Whether a quote inside an unquoted field is an error (RFC 4180) or an ordinary character. Default: strict
   * for CSV, lenient for tab-separated files, where quotes are often data (`5" screen`) and quoting is optional.
   */
  strictQuotes?: boolean;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Reads a CSV (RFC 4180) or TSV file into a {@link Frame}.
 *
 * Format: UTF-8 (a leading BOM is skipped), a header row is required, rows end with LF or CRLF (the last one
 * may have no line break), fields may be quoted with `"` and then contain the delimiter, `""` (one quote) and
 * line breaks. An empty field — unquoted or `""` — is missing. A line with no bytes at all is skipped when
 * there are two or more columns (with one column it is a missing value). Bytes that are not valid UTF-8 are
 * an error when they reach a string value (numbers, booleans and dates are ASCII anyway).
 *
 * Errors (all MLP_DATA_PARSE with the file and the physical, 1-based line — line breaks inside quotes count —
 * and where useful the 1-based byte column and the column name): empty file, empty or duplicate header name,
 * a row with more or fewer fields than the header (line where the row starts), an unterminated quote (line
 * where it opened), a quote inside an unquoted field (unless `strictQuotes` is off, the default for TSV), text
 * after a closing quote, invalid UTF-8, a value that does not fit a forced type. Bytes are columns of the line
 * counted in bytes, 1-based; a lone CR (not followed by LF) is an ordinary character.
 *
 * Speed: one pass over the bytes with no per-row allocation. A native count of line breaks bounds the number of
 * rows, so every column array is allocated once; each field is then parsed in place from the bytes into its
 * column (see `CsvColumnBuilder`), and only row start offsets are kept besides the columns.
 *
 * @param source the file content, or a path to read.
 * @throws MLP_DATA_FILE_NOT_FOUND when `source` is a path that does not exist; MLP_DATA_FILE_UNREADABLE (with the
 *   errno) when it cannot be read for another reason (a directory, no permission, a device or FIFO, …).
 */
export function readCsv(source: Uint8Array | string, options: CsvOptions = {}): Frame {
  const bytes = typeof source === 'string' ? readUserFileSync(source) : source;
  const file = options.file ?? (typeof source === 'string' ? source : '<input>');
  const delimiter = delimiterByte(options.delimiter ?? ',');
  return new CsvParser(bytes, delimiter, options.strictQuotes ?? delimiter !== 9, file).parse(options.types ?? {});
}

function delimiterByte(delimiter: string): number {
  const code = delimiter.charCodeAt(0);
  if (delimiter.length !== 1 || code > 127 || code === QUOTE || code === LF || code === CR)
    throw ValidationError({
      field: 'delimiter',
      problem: `${JSON.stringify(delimiter)} must be one ASCII character other than a quote or a line break`,
    });
  return code;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
/** Whatever receives field bytes: a column builder, or a no-op for fields past the header's width. */
interface FieldSink {
  add(bytes: Uint8Array, start: number, end: number, row: number): void;
}
const SKIP: FieldSink = { add(): void {} };

class CsvParser implements CsvBuilderHost {
  private readonly buf: Buffer;
  private readonly n: number;
  private rowStarts = new Uint32Array(0);
  private rowCount = 0;
  private names: string[] = [];
  private scratch = Buffer.alloc(256);

  constructor(
    bytes: Uint8Array,
    private readonly delimiter: number,
    private readonly strictQuotes: boolean,
    private readonly file: string,
  ) {
    this.buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.n = bytes.length;
  }

  parse(types: Readonly<Record<string, ColumnType>>): Frame {
    const b0 = this.buf[0];
    const b1 = this.buf[1];
    if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff))
      this.error(1, 1, undefined, 'the file is UTF-16 (it starts with a UTF-16 byte order mark); re-save it as UTF-8');
    const bom = this.n >= 3 && b0 === 0xef && b1 === 0xbb && this.buf[2] === 0xbf ? 3 : 0;
    const bodyStart = this.readHeader(bom);
    for (const name of Object.keys(types)) {
      if (!this.names.includes(name))
        throw ValidationError({
          field: `types.${name}`,
          problem: `there is no column ${JSON.stringify(name)} in ${this.file}; columns: ${this.names.join(', ')}`,
        });
    }
    // Rows cannot outnumber the line breaks after the header (+1 for a last line without one): a cheap native
    // count gives the capacity of every column array, so values are parsed in the same pass that checks structure.
    let capacity = 1;
    for (let p = this.buf.indexOf(LF, bodyStart); p >= 0; p = this.buf.indexOf(LF, p + 1)) capacity++;
    this.rowStarts = new Uint32Array(capacity);
    const builders = this.names.map((name, k) => new CsvColumnBuilder(name, k, capacity, types[name], this));
    this.parseRows(bodyStart, builders);
    return new Frame(
      builders.map((b) => b.finish(this.rowCount)),
      this.rowCount,
    );
  }

  /** Parses the header row; returns the offset of the first data row. */
  private readHeader(start: number): number {
    if (start >= this.n) this.error(1, undefined, undefined, 'the file is empty; a header row with the column names is required');
    const names: string[] = [];
    const seen = new Set<string>();
    let pos = start;
    let line = 1;
    for (;;) {
      const fieldStart = pos;
      const end = this.fieldEnd(pos, line);
      line = this.lineAfter;
      const name =
        this.fieldText(fieldStart, end) ?? this.error(line, this.columnOf(fieldStart), undefined, 'the column name is not valid UTF-8');
      if (name.length === 0)
        this.error(
          line,
          this.columnOf(fieldStart),
          undefined,
          `column ${names.length + 1} of the header has an empty name; give every column a name`,
        );
      if (seen.has(name))
        this.error(line, this.columnOf(fieldStart), name, 'the column name appears twice in the header; column names must be unique');
      names.push(name);
      seen.add(name);
      pos = end;
      if (pos < this.n && this.buf[pos] === this.delimiter) {
        pos++;
        continue;
      }
      break;
    }
    this.names = names;
    return this.skipLineBreak(pos);
  }

  /**
   * The one pass over the data rows: validates quoting and field counts, records where each row starts (for
   * error positions and for re-reading a column whose type changes) and hands every field to its builder.
   */
  private parseRows(start: number, builders: CsvColumnBuilder[]): void {
    const buf = this.buf;
    const n = this.n;
    const delimiter = this.delimiter;
    const columns = builders.length;
    const rowStarts = this.rowStarts;
    // Byte classes: 0 = ordinary, 1 = ends an unquoted field (delimiter, LF, CR), 2 = quote.
    const special = new Uint8Array(256);
    special[delimiter] = 1;
    special[LF] = 1;
    special[CR] = 1;
    if (this.strictQuotes) special[QUOTE] = 2;
    let pos = start;
    let line = this.lineOf(start);
    let rows = 0;
    while (pos < n) {
      const first = buf[pos];
      if (columns > 1 && (first === LF || (first === CR && buf[pos + 1] === LF))) {
        pos = this.skipLineBreak(pos);
        line++;
        continue;
      }
      rowStarts[rows] = pos;
      const rowLine = line;
      let k = 0;
      for (;;) {
        // Past the last column (a ragged row, reported below with its field count) fields are only scanned.
        const builder = k < columns ? (builders[k] as CsvColumnBuilder) : SKIP;
        k++;
        if (pos < n && buf[pos] === QUOTE) {
          const open = pos;
          pos = this.fieldEnd(pos, line);
          line = this.lineAfter;
          this.emitQuoted(open, rows, builder);
        } else {
          const fieldStart = pos;
          for (;;) {
            if (pos >= n) break;
            const cls = special[buf[pos] as number];
            if (cls === 0) {
              pos++;
              continue;
            }
            if (cls === 2)
              this.error(
                line,
                this.columnOf(pos),
                undefined,
                'a quote inside an unquoted field; quote the whole field and write the quote as ""',
              );
            if (buf[pos] === CR && buf[pos + 1] !== LF) {
              pos++;
              continue;
            }
            break;
          }
          builder.add(buf, fieldStart, pos, rows);
        }
        if (pos < n && buf[pos] === delimiter) {
          pos++;
          continue;
        }
        break;
      }
      if (k !== columns)
        this.error(
          rowLine,
          undefined,
          undefined,
          `the row has ${k} field${k === 1 ? '' : 's'} but the header has ${columns}; quote fields that contain the delimiter`,
        );
      rows++;
      pos = this.skipLineBreak(pos);
      line++;
    }
    this.rowCount = rows;
  }

  private lineAfter = 1;

  /**
   * End of the field starting at `pos` (the offset of the delimiter, line break or end of input after it).
   * Validates quoting; sets `lineAfter` to the line on which the field ends.
   */
  private fieldEnd(pos: number, line: number): number {
    const buf = this.buf;
    const n = this.n;
    const delimiter = this.delimiter;
    if (pos < n && buf[pos] === QUOTE) {
      const openLine = line;
      const openPos = pos;
      pos++;
      for (;;) {
        if (pos >= n)
          this.error(
            openLine,
            this.columnOf(openPos),
            undefined,
            'a quoted field is never closed; add the closing quote (a quote inside a quoted field is written "")',
          );
        const c = buf[pos];
        if (c === QUOTE) {
          if (buf[pos + 1] === QUOTE) {
            pos += 2;
            continue;
          }
          pos++;
          break;
        }
        if (c === LF) line++;
        pos++;
      }
      if (pos < n) {
        const c = buf[pos];
        if (c !== delimiter && c !== LF && !(c === CR && buf[pos + 1] === LF))
          this.error(
            line,
            this.columnOf(pos),
            undefined,
            'unexpected text after a closing quote; quote the whole field and write a quote inside it as ""',
          );
      }
      this.lineAfter = line;
      return pos;
    }
    while (pos < n) {
      const c = buf[pos];
      if (c === delimiter || c === LF) break;
      if (c === CR && buf[pos + 1] === LF) break;
      if (c === QUOTE && this.strictQuotes)
        this.error(
          line,
          this.columnOf(pos),
          undefined,
          'a quote inside an unquoted field; quote the whole field and write the quote as ""',
        );
      pos++;
    }
    this.lineAfter = line;
    return pos;
  }

  private skipLineBreak(pos: number): number {
    if (pos < this.n && this.buf[pos] === CR) pos++;
    if (pos < this.n && this.buf[pos] === LF) pos++;
    return pos;
  }

  /** Hands the content of the quoted field at `pos` to `builder` (unescaping `""`); returns its end. */
  private emitQuoted(pos: number, row: number, builder: FieldSink): number {
    const buf = this.buf;
    const start = pos + 1;
    let i = start;
    let escapes = 0;
    for (;;) {
      if (buf[i] === QUOTE) {
        if (buf[i + 1] === QUOTE) {
          escapes++;
          i += 2;
          continue;
        }
        break;
      }
      i++;
    }
    if (escapes === 0) builder.add(buf, start, i, row);
    else {
      if (this.scratch.length < i - start) this.scratch = Buffer.alloc(2 * (i - start));
      const out = this.scratch;
      let o = 0;
      for (let j = start; j < i; j++) {
        const c = buf[j] as number;
        out[o++] = c;
        if (c === QUOTE) j++;
      }
      builder.add(out, 0, o, row);
    }
    return i + 1;
  }

  rescan(column: number, rows: number, sink: (bytes: Uint8Array, start: number, end: number, row: number) => void): void {
    for (let r = 0; r < rows; r++) {
      let pos = this.rowStarts[r] as number;
      for (let k = 0; k < column; k++) pos = this.fieldEnd(pos, 0) + 1;
      if (this.buf[pos] === QUOTE) this.emitQuoted(pos, r, { add: sink });
      else sink(this.buf, pos, this.fieldEnd(pos, 0), r);
    }
  }

  decode(bytes: Uint8Array, start: number, end: number): string | null {
    const buf =
      bytes === this.buf || bytes === this.scratch ? (bytes as Buffer) : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const text = buf.toString('utf8', start, end);
    if (text.includes('\ufffd')) {
      try {
        utf8.decode(bytes.subarray(start, end));
      } catch {
        return null;
      }
    }
    return text;
  }

  fail(row: number, column: number, problem: string): never {
    let pos = this.rowStarts[row] as number;
    for (let k = 0; k < column; k++) pos = this.fieldEnd(pos, 0) + 1;
    return this.error(this.lineOf(pos), this.columnOf(pos), this.names[column], problem);
  }

  private fieldText(start: number, end: number): string | null {
    if (this.buf[start] === QUOTE) {
      let text: string | null = '';
      this.emitQuoted(start, 0, { add: (b, s, e) => (text = this.decode(b, s, e)) });
      return text;
    }
    return this.decode(this.buf, start, end);
  }

  /** Physical 1-based line of byte offset `pos`. */
  private lineOf(pos: number): number {
    let line = 1;
    for (let i = 0; i < pos; i++) if (this.buf[i] === LF) line++;
    return line;
  }

  /** 1-based byte column of offset `pos` within its line. */
  private columnOf(pos: number): number {
    let i = pos;
    while (i > 0 && this.buf[i - 1] !== LF) i--;
    return pos - i + 1;
  }

  private error(line: number, column: number | undefined, field: string | undefined, problem: string): never {
    const details: { file: string; line: number; column?: number; field?: string; problem: string } = { file: this.file, line, problem };
    if (column !== undefined) details.column = column;
    if (field !== undefined) details.field = field;
    throw DataParseError(details);
  }
}
