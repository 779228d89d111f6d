import type { Run } from '../../store/index.js';
import { arg, argList, defineCommand, noun, verb } from '../define-command.js';
import { formatBytes, formatDuration, formatNumber, formatRecord, formatTime, shortDigest } from '../output/format.js';
import type { Output } from '../output/output.js';
import { intOption } from '../parse.js';

const RUN_COLUMNS = [
  { header: 'ID' },
  { header: 'NAME', maxWidth: 30 },
  { header: 'STATUS' },
  { header: 'STARTED' },
  { header: 'DURATION', align: 'right' as const },
  { header: 'METRICS', maxWidth: 60 },
];

function runRow(run: Run, out: Output): string[] {
  const metrics = Object.fromEntries(Object.entries(run.metrics).map(([k, v]) => [k, formatNumber(v)]));
  return [run.id, run.name ?? '', out.status(run.status), formatTime(run.startTime), formatDuration(run.endTime === null ? null : run.endTime - run.startTime), formatRecord(metrics)];
}

/** `mlpilot runs list|show|search|compare|delete`: tracked training runs. */
export const runsCommand = defineCommand({
  name: 'runs',
  summary: 'list, search, compare and delete tracked runs',
  register(program, session) {
    const runs = noun(program, 'runs', 'list, search, compare and delete tracked runs', [
      'mlpilot runs list --experiment quickstart',
      'mlpilot runs search --filter "metrics.auc > 0.8" --order-by "metrics.auc desc"',
      'mlpilot runs compare RUN_A RUN_B',
    ]);

    verb<{ experiment?: string; limit: number }>(
      runs,
      session,
      {
        usage: 'list',
        summary: 'list the most recent runs',
        aliases: ['ls'],
        examples: ['mlpilot runs list', 'mlpilot runs list --experiment quickstart --limit 5 --json'],
        options: (c) =>
          c.option('--experiment <name>', 'only runs of this experiment (name or id)').option('--limit <n>', 'at most N runs (1-1000)', intOption(1, 1000), 20),
      },
      async (ctx, _args, options) => {
        const ws = await ctx.workspace();
        const experimentIds = options.experiment === undefined ? undefined : [(await ws.store.experiments.get(options.experiment)).id];
        const page = await ws.store.runs.search({
          ...(experimentIds === undefined ? {} : { experimentIds }),
          orderBy: ['attributes.start_time desc'],
          maxResults: options.limit,
        });
        ctx.out.result(page.runs, () => ctx.out.table(RUN_COLUMNS, page.runs.map((run) => runRow(run, ctx.out)), '(no runs yet: mlpilot quickstart records one)'));
      },
    );

    verb(
      runs,
      session,
      {
        usage: 'show <id>',
        summary: 'show a run: params, latest metrics, tags, inputs, git commit and artifacts',
        examples: ['mlpilot runs show 01JD3Z8Q6W9X', 'mlpilot runs show 01JD3Z8Q6W9X --json'],
      },
      async (ctx, args) => {
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
            out.table([{ header: 'KEY' }, { header: 'VALUE', maxWidth: 80 }], Object.keys(record).sort().map((k) => [k, String(record[k])]), '(none)');
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
      },
    );

    verb<{ filter?: string; orderBy?: string[]; maxResults: number; pageToken?: string; experiment?: string; includeDeleted?: boolean }>(
      runs,
      session,
      {
        usage: 'search',
        summary: 'search runs with a filter expression (parsed, never concatenated into SQL)',
        examples: [
          `mlpilot runs search --filter "metrics.auc > 0.8 and params.lr = '0.1'"`,
          'mlpilot runs search --filter "attributes.status = \'finished\'" --order-by "metrics.auc desc" --max-results 10',
          'mlpilot runs search --page-token TOKEN --json',
        ],
        options: (c) =>
          c
            .option('--filter <expr>', "e.g. \"metrics.auc > 0.8 and params.lr = '0.1' and tags.team = 'x'\"")
            .option('--order-by <clause>', 'e.g. "metrics.auc desc" (repeatable)', (v: string, prev: string[] | undefined) => [...(prev ?? []), v])
            .option('--max-results <n>', 'page size (1-1000)', intOption(1, 1000), 100)
            .option('--page-token <token>', 'the next-page token printed by the previous page')
            .option('--experiment <name>', 'only runs of this experiment (name or id)')
            .option('--include-deleted', 'include deleted runs'),
      },
      async (ctx, _args, options) => {
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
          ctx.out.table(RUN_COLUMNS, page.runs.map((run) => runRow(run, ctx.out)), '(no matching runs)');
          if (page.nextPageToken !== null) ctx.out.line(`more: mlpilot runs search … --page-token ${page.nextPageToken}`);
        });
      },
    );

    verb(
      runs,
      session,
      {
        usage: 'compare <ids...>',
        summary: 'side-by-side params and latest metrics of two or more runs',
        examples: ['mlpilot runs compare RUN_A RUN_B', 'mlpilot runs compare RUN_A RUN_B RUN_C --json'],
      },
      async (ctx, args) => {
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
          const columns = [{ header: '' }, ...list.map((r) => ({ header: r.name === null ? r.id : `${r.name} (${r.id})`, align: 'right' as const, maxWidth: 40 }))];
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
      },
    );

    verb(
      runs,
      session,
      {
        usage: 'delete <id>',
        summary: 'soft-delete a run (still found with runs search --include-deleted)',
        examples: ['mlpilot runs delete 01JD3Z8Q6W9X'],
      },
      async (ctx, args) => {
        const ws = await ctx.workspace();
        const id = arg(args, 0);
        await ws.store.runs.delete(id, ctx.writeContext);
        ctx.out.result({ deleted: id }, () => ctx.out.line(`deleted run ${id}`));
      },
    );
  },
});
