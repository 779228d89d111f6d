import { parseOrderKey, type OrderKey, type Run } from '../../store/index.js';
import { formatDuration, formatNumber, formatRecord, formatTime } from '../output/format.js';
import type { Output } from '../output/output.js';
import type { TableColumn } from '../output/table.js';

/*
 * The columns of `runs list` and `runs search`. By default: ID, NAME, STATUS, STARTED, DURATION and every latest
 * metric in one METRICS cell (cut at 60 characters). `--columns metrics.rmse,params.max_depth` replaces STARTED,
 * DURATION and METRICS with one column per key. Either way the key the runs are sorted by gets its own column,
 * so the value that orders the rows is never cut off.
 */

/** One column of the runs table: its header and how a run's cell is computed. */
interface RunColumn extends TableColumn {
  readonly cell: (run: Run) => string;
}

/** `entity.key` as written in filters (`metrics.rmse`); keys with characters other than `[\w.-]` in backquotes. */
function label(key: OrderKey): string {
  const prefix = { metric: 'metrics', param: 'params', tag: 'tags', attribute: 'attributes' }[key.entity];
  return `${prefix}.${/^[\w.-]+$/.test(key.key) ? key.key : `\`${key.key}\``}`;
}

const attributeCell: Readonly<Record<string, (run: Run) => string>> = {
  status: (run) => run.status,
  name: (run) => run.name ?? '',
  run_name: (run) => run.name ?? '',
  id: (run) => run.id,
  run_id: (run) => run.id,
  experiment_id: (run) => run.experimentId,
  start_time: (run) => formatTime(run.startTime),
  end_time: (run) => formatTime(run.endTime),
};

/** The column showing one key: a metric right-aligned, a param, tag or attribute as text; `-` when a run has none. */
function keyColumn(key: OrderKey): RunColumn {
  const header = label(key);
  switch (key.entity) {
    case 'metric':
      return { header, align: 'right', cell: (run) => formatNumber(run.metrics[key.key]) };
    case 'param':
      return { header, maxWidth: 40, cell: (run) => run.params[key.key] ?? '-' };
    case 'tag':
      return { header, maxWidth: 40, cell: (run) => run.tags[key.key] ?? '-' };
    case 'attribute':
      return { header, cell: attributeCell[key.key] ?? (() => '-') };
  }
}

/** Attributes the default columns show already (STARTED is start_time). */
const SHOWN_BY_DEFAULT = new Set(['status', 'name', 'run_name', 'id', 'run_id', 'start_time']);
/** Attributes the ID, NAME and STATUS columns always show. */
const ALWAYS_SHOWN = new Set(['status', 'name', 'run_name', 'id', 'run_id']);

const same = (a: OrderKey, b: OrderKey): boolean => a.entity === b.entity && a.key === b.key;

/**
 * The table columns for a page of runs: `columns` (each `metrics.KEY`, `params.KEY`, `tags.KEY` or
 * `attributes.NAME`; none → the default set) and then every key of `orderBy` not shown yet.
 * @throws MLP_STORE_SEARCH_SYNTAX naming a malformed column (unknown prefix or attribute).
 */
export function runColumns(out: Output, columns: readonly string[] | undefined, orderBy: readonly string[]): RunColumn[] {
  const base: RunColumn[] = [
    { header: 'ID', cell: (run) => run.id },
    { header: 'NAME', maxWidth: 30, cell: (run) => run.name ?? '' },
    { header: 'STATUS', style: (status) => out.status(status), cell: (run) => run.status },
  ];
  const chosen = (columns ?? []).map((text) => parseOrderKey(text));
  const sortKeys = orderBy.map((text) => parseOrderKey(text));
  const shown = (key: OrderKey): boolean =>
    (key.entity === 'attribute' && (columns === undefined ? SHOWN_BY_DEFAULT : ALWAYS_SHOWN).has(key.key)) ||
    chosen.some((c) => same(c, key));
  const extra: OrderKey[] = [];
  for (const key of sortKeys) if (!shown(key) && !extra.some((e) => same(e, key))) extra.push(key);
  if (columns !== undefined) {
    const unique = chosen.filter(
      (key, i) => chosen.findIndex((c) => same(c, key)) === i && !(key.entity === 'attribute' && ALWAYS_SHOWN.has(key.key)),
    );
    return [...base, ...[...unique, ...extra].map(keyColumn)];
  }
  return [
    ...base,
    { header: 'STARTED', cell: (run) => formatTime(run.startTime) },
    { header: 'DURATION', align: 'right', cell: (run) => formatDuration(run.endTime === null ? null : run.endTime - run.startTime) },
    ...extra.map(keyColumn),
    {
      header: 'METRICS',
      maxWidth: 60,
      cell: (run) => formatRecord(Object.fromEntries(Object.entries(run.metrics).map(([k, v]) => [k, formatNumber(v)]))),
    },
  ];
}

/** Prints `runs` under `columns` (from {@link runColumns}). */
export function printRuns(out: Output, columns: readonly RunColumn[], runs: readonly Run[], emptyText: string): void {
  out.table(
    columns,
    runs.map((run) => columns.map((column) => column.cell(run))),
    emptyText,
  );
}
