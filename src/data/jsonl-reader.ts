import { DataParseError, readUserFileSync, ValidationError } from '../core/index.js';
import type { ColumnType } from './column.js';
import { Frame } from './frame.js';
import { buildColumnFromValues } from './value-column-builder.js';

/** Options of {@link readJsonLines}. */
export interface JsonLinesOptions {
  /** Name used in error messages (defaults to the path, or `<input>` for bytes). */
  file?: string;
  /** Forced column types by column name; the other columns are inferred. */
  types?: Readonly<Record<string, ColumnType>>;
}

const LF = 10;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads JSON-lines (NDJSON): one JSON object per line, UTF-8 (a leading BOM is skipped), LF or CRLF; lines
 * holding only white space are skipped. Columns are the union of the keys, in order of first appearance; a key
 * absent from a line, or `null`, is missing. Types follow `inference-rules.ts` with the JSON types: numbers →
 * numeric, booleans → boolean, strings that are all ISO 8601 dates → datetime, other strings → categorical or
 * text, nested objects and arrays → text holding their JSON.
 *
 * @throws MLP_DATA_PARSE naming the file and 1-based line for invalid JSON, a line that is not an object,
 *   invalid UTF-8, or a value that does not fit a forced type.
 * @throws MLP_DATA_FILE_NOT_FOUND when `source` is a path that does not exist; MLP_DATA_FILE_UNREADABLE (with the
 *   errno) when it cannot be read for another reason (a directory, no permission, a device or FIFO, …).
 */
export function readJsonLines(source: Uint8Array | string, options: JsonLinesOptions = {}): Frame {
  const bytes = typeof source === 'string' ? readUserFileSync(source) : source;
  const file = options.file ?? (typeof source === 'string' ? source : '<input>');
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;

  const columns = new Map<string, unknown[]>();
  const rowLines: number[] = [];
  let rowCount = 0;
  let line = 0;
  let pos = start;
  while (pos < bytes.length) {
    line++;
    let end = bytes.indexOf(LF, pos);
    if (end < 0) end = bytes.length;
    const next = end + 1;
    let text: string;
    try {
      text = utf8.decode(bytes.subarray(pos, end));
    } catch (error) {
      throw DataParseError({ file, line, problem: 'the line is not valid UTF-8; re-save the file as UTF-8' }, error);
    }
    pos = next;
    if (text.trim().length === 0) continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw DataParseError({ file, line, problem: `invalid JSON (${(error as Error).message}); write one JSON object per line` }, error);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw DataParseError({
        file,
        line,
        problem: `expected a JSON object, found ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`,
      });
    for (const [key, v] of Object.entries(value)) {
      let column = columns.get(key);
      if (column === undefined) {
        column = new Array<unknown>(rowCount).fill(null);
        columns.set(key, column);
      }
      column[rowCount] = v;
    }
    rowCount++;
    rowLines.push(line);
  }
  // A key absent from the last lines leaves its array short; the holes read as undefined, i.e. missing.
  for (const column of columns.values()) column.length = rowCount;

  const types = options.types ?? {};
  for (const name of Object.keys(types)) {
    if (!columns.has(name))
      throw ValidationError({ field: `types.${name}`, problem: `there is no key ${JSON.stringify(name)} in ${file}` });
  }
  const built = [...columns.entries()].map(([name, values]) =>
    buildColumnFromValues(name, values, {
      forced: types[name],
      datetimeFromStrings: true,
      fail: (row, problem) => {
        throw DataParseError({ file, line: rowLines[row] as number, field: name, problem });
      },
    }),
  );
  return new Frame(built, rowCount);
}
