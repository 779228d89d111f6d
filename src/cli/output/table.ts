/** A tiny aligned-table formatter for human CLI output. */

import { escapeControls } from './sanitize.js';

export interface TableColumn {
  readonly header: string;
  /** `right` for numbers. Default `left`. */
  readonly align?: 'left' | 'right';
  /** Cells longer than this many characters are cut and end in `…`. */
  readonly maxWidth?: number;
  /**
   * Decorates a cell after it was escaped and cut (e.g. a status in colour). Its output is written as is: only
   * the CLI's own styling goes here, never user text.
   */
  readonly style?: (cell: string) => string;
}

// eslint-disable-next-line no-control-regex -- ANSI colour codes start with ESC by definition.
const ANSI = /\u001b\[[0-9;]*m/g;

/** Visible width of a cell: characters without ANSI colour codes. */
export function visibleWidth(text: string): number {
  return [...text.replace(ANSI, '')].length;
}

function clip(text: string, maxWidth: number | undefined): string {
  if (maxWidth === undefined || maxWidth < 1) return text;
  const chars = [...text];
  return chars.length <= maxWidth ? text : `${chars.slice(0, Math.max(0, maxWidth - 1)).join('')}…`;
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - visibleWidth(text)));
  return align === 'right' ? fill + text : text + fill;
}

/**
 * Formats rows under headers, columns separated by two spaces, each as wide as its widest cell. Missing cells
 * print empty; newlines inside a cell become spaces; control characters in cells and headers are escaped
 * ({@link escapeControls}), so user text cannot act on the terminal. Trailing spaces are trimmed. Returns lines joined by `\n`
 * with a trailing newline, or `emptyText` + newline when there are no rows.
 * @param decorateHeader e.g. bold when writing to a terminal.
 */
export function formatTable(
  columns: readonly TableColumn[],
  rows: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>,
  options: { emptyText?: string; decorateHeader?: (text: string) => string } = {},
): string {
  if (rows.length === 0 && options.emptyText !== undefined) return `${options.emptyText}\n`;
  const cells = rows.map((row) =>
    columns.map((column, i) => {
      const cell = clip(escapeControls(String(row[i] ?? '').replace(/\r?\n/g, ' ')), column.maxWidth);
      return column.style === undefined ? cell : column.style(cell);
    }),
  );
  const widths = columns.map((column, i) =>
    cells.reduce((max, row) => Math.max(max, visibleWidth(row[i] ?? '')), visibleWidth(column.header)),
  );
  const line = (values: readonly string[], decorate?: (text: string) => string): string =>
    columns
      .map((column, i) => {
        const padded = pad(values[i] ?? '', widths[i] ?? 0, column.align ?? 'left');
        return decorate === undefined ? padded : decorate(padded);
      })
      .join('  ')
      .trimEnd();
  const out = [
    line(
      columns.map((c) => escapeControls(c.header)),
      options.decorateHeader,
    ),
    ...cells.map((row) => line(row)),
  ];
  return `${out.join('\n')}\n`;
}

/** Formats `key: value` pairs with the values aligned, one per line; control characters are escaped as in tables. */
export function formatKeyValues(pairs: ReadonlyArray<readonly [string, string | number | null | undefined]>): string {
  const safe = pairs.map(([key, value]) => [escapeControls(key), escapeControls(String(value ?? '-'))] as const);
  const width = safe.reduce((max, [key]) => Math.max(max, visibleWidth(key)), 0);
  return safe.map(([key, value]) => `${pad(`${key}:`, width + 1, 'left')}  ${value}`.trimEnd()).join('\n') + '\n';
}
