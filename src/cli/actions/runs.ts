import { assertKey } from '../../core/index.js';
import type { CliContext } from '../context.js';
import { type ActionArgs, arg, argList } from '../define-command.js';
import { formatBytes, formatDuration, formatNumber, formatTime, shortDigest } from '../output/format.js';
import { printRuns, runColumns } from './run-columns.js';

/** How `runs list` orders runs (and `runs search` without `--order-by`). */
const LIST_ORDER = 'attributes.start_time desc';

/** `mlpilot runs list`: the most recent runs, newest first. */
export async function listRuns(
  ctx: CliContext,
  _args: ActionArgs,
  options: { experiment?: string; limit: number; columns?: string[] },
): Promise<void> {
  const columns = runColumns(ctx.out, options.columns, [LIST_ORDER]);
  const ws = await ctx.workspace();
  const experimentIds = options.experiment === undefined ? undefined : [(await ws.store.experiments.get(options.experiment)).id];
  const page = await ws.store.runs.search({
    ...(experimentIds === undefined ? {} : { experimentIds }),
    orderBy: [LIST_ORDER],
    maxResults: options.limit,
  });
  ctx.out.result(page.runs, () => printRuns(ctx.out, columns, page.runs, '(no runs yet: mlpilot quickstart records one)'));
}

/** `mlpilot runs show ID`: params, latest metrics, tags, inputs, git commit and artifacts of a run. */
export async function showRun(ctx: CliContext, args: ActionArgs): Promise<void> {
  const ws = await ctx.workspace();
  const run = await ws.store.runs.get(arg(args, 0));
  const [artifacts, experiment] = await Promise.all([ws.store.runs.listArtifacts(run.id), ws.store.experiments.get(run.experimentId)]);
  ctx.out.result({ ...run, experimentName: experiment.name, artifacts }, () => {
    const out = ctx.out;
    out.keyValues([
      ['run', run.id],
      ['name', run.name],
      ['experiment', `${experiment.name} (${experiment.id})`],
      ['status', run.status],
      ['started', formatTime(run.startTime)],
      ['ended', formatTime(run.endTime)],
      ['duration', formatDuration(run.endTime === null ? null : run.endTime - run.startTime)],
      ['parent run', run.parentRunId],
      ['git commit', run.gitCommit === null ? null : `${run.gitCommit}${run.gitDirty === true ? ' (uncommitted changes)' : ''}`],
      ['deleted', run.deleted ? 'yes' : null],
    ]);
    const section = (title: string, record: Record<string, string | number>): void => {
      out.line();
      out.heading(title);
      out.table(
        [{ header: 'KEY' }, { header: 'VALUE', maxWidth: 80 }],
        Object.keys(record)
          .sort()
          .map((k) => [k, String(record[k])]),
        '(none)',
      );
    };
    section('Params', run.params);
    section('Metrics (latest)', Object.fromEntries(Object.entries(run.metrics).map(([k, v]) => [k, formatNumber(v)])));
    section('Tags', run.tags);
    out.line();
    out.heading('Inputs');
    out.table(
      [{ header: 'DATASET' }, { header: 'ROLE' }, { header: 'VERSION ID' }],
      run.inputs.map((i) => [`${i.datasetName}@${i.version}`, i.role, i.datasetVersionId]),
      '(none)',
    );
    out.line();
    out.heading('Artifacts');
    out.table(
      [{ header: 'PATH' }, { header: 'SIZE', align: 'right' }, { header: 'SHA256' }],
      artifacts.map((a) => [a.path, formatBytes(a.size), shortDigest(a.digest)]),
      '(none)',
    );
  });
}

/** `mlpilot runs search`: a page of runs matching a filter expression. */
export async function searchRuns(
  ctx: CliContext,
  _args: ActionArgs,
  options: {
    filter?: string;
    orderBy?: string[];
    maxResults: number;
    pageToken?: string;
    experiment?: string;
    includeDeleted?: boolean;
    columns?: string[];
  },
): Promise<void> {
  // Without --order-by the store sorts by start time, newest first (shown as STARTED).
  const columns = runColumns(ctx.out, options.columns, options.orderBy ?? [LIST_ORDER]);
  const ws = await ctx.workspace();
  const experimentIds = options.experiment === undefined ? undefined : [(await ws.store.experiments.get(options.experiment)).id];
  const page = await ws.store.runs.search({
    ...(experimentIds === undefined ? {} : { experimentIds }),
    ...(options.filter === undefined ? {} : { filter: options.filter }),
    ...(options.orderBy === undefined ? {} : { orderBy: options.orderBy }),
    maxResults: options.maxResults,
    ...(options.pageToken === undefined ? {} : { pageToken: options.pageToken }),
    ...(options.includeDeleted === true ? { includeDeleted: true } : {}),
  });
  ctx.out.result(page, () => {
    printRuns(ctx.out, columns, page.runs, '(no matching runs)');
    if (page.nextPageToken !== null) ctx.out.line(`more: mlpilot runs search … --page-token ${page.nextPageToken}`);
  });
}

/** `mlpilot runs compare ID…`: params and latest metrics of runs side by side. */
export async function compareRuns(ctx: CliContext, args: ActionArgs): Promise<void> {
  const ws = await ctx.workspace();
  const ids = argList(args, 0);
  const list = await Promise.all(ids.map((id) => ws.store.runs.get(id)));
  const paramKeys = [...new Set(list.flatMap((r) => Object.keys(r.params)))].sort();
  const metricKeys = [...new Set(list.flatMap((r) => Object.keys(r.metrics)))].sort();
  const data = {
    runs: list.map((r) => ({ id: r.id, name: r.name, status: r.status })),
    params: Object.fromEntries(paramKeys.map((k) => [k, list.map((r) => r.params[k] ?? null)])),
    metrics: Object.fromEntries(metricKeys.map((k) => [k, list.map((r) => r.metrics[k] ?? null)])),
  };
  ctx.out.result(data, () => {
    const columns = [
      { header: '' },
      ...list.map((r) => ({ header: r.name === null ? r.id : `${r.name} (${r.id})`, align: 'right' as const, maxWidth: 40 })),
    ];
    const differs = (values: ReadonlyArray<string | number | null>): string => (new Set(values.map(String)).size > 1 ? ' *' : '');
    const rows: string[][] = [['status', ...list.map((r) => r.status)]];
    for (const key of paramKeys) {
      const values = list.map((r) => r.params[key] ?? null);
      rows.push([`params.${key}${differs(values)}`, ...values.map((v) => v ?? '-')]);
    }
    for (const key of metricKeys) {
      const values = list.map((r) => r.metrics[key] ?? null);
      rows.push([`metrics.${key}${differs(values)}`, ...values.map((v) => formatNumber(v))]);
    }
    ctx.out.table(columns, rows);
    ctx.out.line('(* = differs between runs)');
  });
}

/** `mlpilot runs delete ID`: soft-deletes a run. */
export async function deleteRun(ctx: CliContext, args: ActionArgs): Promise<void> {
  const ws = await ctx.workspace();
  const id = arg(args, 0);
  await ws.store.runs.delete(id, ctx.writeContext);
  ctx.out.result({ deleted: id }, () => ctx.out.line(`deleted run ${id}`));
}

/** `mlpilot runs restore ID`: restores a soft-deleted run. */
export async function restoreRun(ctx: CliContext, args: ActionArgs): Promise<void> {
  const ws = await ctx.workspace();
  const run = await ws.tracker(ctx.writeContext).restoreRun(arg(args, 0));
  ctx.out.result(run, () => ctx.out.line(`restored run ${run.id}${run.name === null ? '' : ` (${run.name})`}`));
}

/** `mlpilot runs tag ID KEY VALUE`: sets one tag on a run. */
export async function tagRun(ctx: CliContext, args: ActionArgs): Promise<void> {
  const ws = await ctx.workspace();
  const key = assertKey(arg(args, 1), 'tag key');
  const value = arg(args, 2);
  const run = await ws.tracker(ctx.writeContext).setRunTags(arg(args, 0), { [key]: value });
  ctx.out.result(run, () => ctx.out.line(`tagged run ${run.id}: ${key}=${value}`));
}
