import { readProfileDocument, readSchemaDocument } from '../../data/index.js';
import type { ColumnProfile, DatasetChange, Schema } from '../../data/index.js';
import type { DatasetVersion } from '../../store/index.js';
import { formatBytes, formatNumber, formatTime, shortDigest } from '../output/format.js';
import type { Output } from '../output/output.js';

/** Human rendering of a dataset version's schema and profile, and of dataset diffs. */

function schemaColumns(version: DatasetVersion): Schema['columns'] {
  return readSchemaDocument(version.schema).columns;
}

function profileColumns(version: DatasetVersion): Map<string, ColumnProfile> {
  return new Map(readProfileDocument(version.profile).columns.map((c) => [c.name, c]));
}

/** A short type-specific summary: top levels, value range of dates, text lengths, true/false counts. */
function detail(p: ColumnProfile | undefined): string {
  if (p === undefined) return '';
  if (p.categorical !== undefined)
    return p.categorical.top
      .slice(0, 3)
      .map((t) => `${t.value} (${t.count})`)
      .join(', ');
  if (p.boolean !== undefined) return `true ${p.boolean.trueCount}, false ${p.boolean.falseCount}`;
  if (p.datetime !== undefined) return `${p.datetime.min ?? '?'} … ${p.datetime.max ?? '?'}`;
  if (p.text !== undefined)
    return `length ${formatNumber(p.text.minLength)}–${formatNumber(p.text.maxLength)}, mean ${formatNumber(p.text.meanLength)}`;
  return '';
}

/** How a delimiter is shown: `";"`, or `tab`. */
export function showDelimiter(delimiter: string): string {
  return delimiter === '\t' ? 'tab' : JSON.stringify(delimiter);
}

/** The version's format, with the delimiter a CSV or TSV file was read with: `csv (delimiter ";")`. */
export function formatOf(version: DatasetVersion): string {
  const delimiter = readSchemaDocument(version.schema).delimiter;
  return delimiter === undefined ? version.format : `${version.format} (delimiter ${showDelimiter(delimiter)})`;
}

/** Prints the version header, then one table: schema (name, type, nullable) with the profile summary. */
export function printDatasetVersion(out: Output, version: DatasetVersion): void {
  out.keyValues([
    ['dataset', `${version.datasetName}@${version.version}`],
    ['id', version.id],
    ['format', formatOf(version)],
    ['rows', version.rowCount],
    ['size', formatBytes(version.byteSize)],
    ['content sha256', version.contentHash],
    ['artifact', shortDigest(version.artifactDigest)],
    ['source', version.source],
    ['created', formatTime(version.createdAt)],
  ]);
  const columns = schemaColumns(version);
  const profiles = profileColumns(version);
  out.line();
  out.heading(`Schema and profile (${columns.length} columns)`);
  out.table(
    [
      { header: 'COLUMN' },
      { header: 'TYPE' },
      { header: 'NULLABLE' },
      { header: 'MISSING', align: 'right' },
      { header: 'DISTINCT', align: 'right' },
      { header: 'MIN', align: 'right' },
      { header: 'MEAN', align: 'right' },
      { header: 'STD', align: 'right' },
      { header: 'MAX', align: 'right' },
      { header: 'DETAIL', maxWidth: 50 },
    ],
    columns.map((column) => {
      const p = profiles.get(column.name);
      const n = p?.numeric;
      return [
        column.name,
        column.type,
        column.nullable ? 'yes' : 'no',
        p === undefined ? '' : p.missing,
        p === undefined ? '' : `${p.distinctExact ? '' : '~'}${p.distinct}`,
        n === undefined ? '' : formatNumber(n.min),
        n === undefined ? '' : formatNumber(n.mean),
        n === undefined ? '' : formatNumber(n.std),
        n === undefined ? '' : formatNumber(n.max),
        detail(p),
      ];
    }),
    '(no columns)',
  );
}

function value(v: number | string | boolean | null | undefined): string {
  if (v === null || v === undefined) return '-';
  return typeof v === 'number' ? formatNumber(v) : String(v);
}

/** One line per change: `column  kind  before → after`. */
export function changeRow(change: DatasetChange): string[] {
  switch (change.kind) {
    case 'row-count-changed':
      return ['(rows)', 'row count', `${change.before} → ${change.after}`];
    case 'column-added':
      return [change.column, 'column added', change.type];
    case 'column-removed':
      return [change.column, 'column removed', change.type];
    case 'type-changed':
      return [change.column, 'type', `${change.before} → ${change.after}`];
    case 'nullability-changed':
      return [change.column, 'nullable', `${change.before ? 'yes' : 'no'} → ${change.after ? 'yes' : 'no'}`];
    case 'stat-changed': {
      const rel =
        change.relativeChange === null ? '' : ` (${change.relativeChange >= 0 ? '+' : ''}${(change.relativeChange * 100).toFixed(1)}%)`;
      return [change.column, change.stat, `${value(change.before)} → ${value(change.after)}${rel}`];
    }
    case 'levels-added':
      return [change.column, `levels added${change.partial ? ' (partial)' : ''}`, change.levels.join(', ')];
    case 'levels-removed':
      return [change.column, `levels removed${change.partial ? ' (partial)' : ''}`, change.levels.join(', ')];
  }
}

/** Prints a dataset diff: a header, the identical-content note when it applies, and the change table. */
export function printDiff(out: Output, a: DatasetVersion, b: DatasetVersion, changes: readonly DatasetChange[]): void {
  out.line(`${a.datasetName}@${a.version} → ${b.datasetName}@${b.version}  (rows ${a.rowCount} → ${b.rowCount})`);
  if (a.contentHash === b.contentHash) {
    out.line(
      `identical content (sha256 ${a.contentHash.slice(0, 12)}): it is the same version; adding the same content twice returns the existing version.`,
    );
    return;
  }
  if (changes.length === 0) {
    out.line('no schema or profile changes (the files differ only in ways the profile does not see, e.g. row order)');
    return;
  }
  out.table([{ header: 'COLUMN' }, { header: 'CHANGE' }, { header: 'BEFORE → AFTER', maxWidth: 80 }], changes.map(changeRow));
}
