import { DataParseError, IngestRecordError, readUserFile, UsageError } from '../../core/index.js';
import type { IngestionService } from '../../workspace/index.js';
import type { CliContext } from '../context.js';
import type { ActionArgs } from '../define-command.js';
import { formatTime } from '../output/format.js';
import { parseSince } from './events.js';

/** Rows sent per call: the ingestion API's batch limit. */
const CHUNK = 10_000;

/** The JSON objects of a JSON-lines file with their 1-based line numbers (blank lines skipped). */
async function readJsonLines(file: string): Promise<Array<{ line: number; value: unknown }>> {
  const text = (await readUserFile(file)).toString('utf8');
  const out: Array<{ line: number; value: unknown }> = [];
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    try {
      out.push({ line: i + 1, value: JSON.parse(raw) as unknown });
    } catch (error) {
      throw DataParseError(
        { file, line: i + 1, problem: `invalid JSON (${(error as Error).message}); write one JSON object per line` },
        error,
      );
    }
  });
  return out;
}

/** Sends a file's rows in chunks; a bad row is reported by its file and line. */
async function send<R extends { received: number }>(
  file: string,
  rows: Array<{ line: number; value: unknown }>,
  call: (batch: unknown[]) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    try {
      results.push(await call(chunk.map((r) => r.value)));
    } catch (error) {
      if (!IngestRecordError.is(error)) throw error;
      const d = error.details as { list: string; row: number; field: string; problem: string };
      throw IngestRecordError({ list: d.list, file, row: chunk[d.row]?.line ?? d.row, field: d.field, problem: d.problem }, error);
    }
  }
  return results;
}

function sum<R>(results: readonly R[], key: keyof R): number {
  return results.reduce((s, r) => s + Number(r[key]), 0);
}

/** `mlpilot monitor ingest`: uploads predictions and/or labels from JSON-lines files. */
export async function ingest(
  ctx: CliContext,
  _args: ActionArgs,
  options: { model: string; predictions?: string; labels?: string },
): Promise<void> {
  if (options.predictions === undefined && options.labels === undefined)
    throw UsageError({ problem: 'nothing to ingest', hint: 'give --predictions FILE.jsonl, --labels FILE.jsonl or both' });
  const ws = await ctx.workspace();
  const monitor: IngestionService = ws.ingestion;
  const out: Record<string, unknown> = { model: options.model };
  if (options.predictions !== undefined) {
    const file = ctx.resolvePath(options.predictions);
    const results = await send(options.predictions, await readJsonLines(file), (batch) => monitor.ingest(options.model, batch));
    out['predictions'] = {
      received: sum(results, 'received'),
      accepted: sum(results, 'accepted'),
      duplicates: sum(results, 'duplicates'),
      sampledOut: sum(results, 'sampledOut'),
    };
  }
  if (options.labels !== undefined) {
    const file = ctx.resolvePath(options.labels);
    const results = await send(options.labels, await readJsonLines(file), (batch) => monitor.ingestLabels(options.model, batch));
    out['labels'] = { received: sum(results, 'received'), accepted: sum(results, 'accepted'), sampledOut: sum(results, 'sampledOut') };
  }
  ctx.out.result(out, () => {
    const p = out['predictions'] as Record<string, number> | undefined;
    const l = out['labels'] as Record<string, number> | undefined;
    if (p !== undefined)
      ctx.out.line(
        `✓ ${options.model}: ${p['received']} predictions read, ${p['accepted']} stored, ${p['duplicates']} already stored, ${p['sampledOut']} left out by sampling`,
      );
    if (l !== undefined)
      ctx.out.line(`✓ ${options.model}: ${l['received']} labels read, ${l['accepted']} stored, ${l['sampledOut']} left out by sampling`);
  });
}

/** `mlpilot monitor windows`: a model's windows with counts. */
export async function windows(
  ctx: CliContext,
  _args: ActionArgs,
  options: { model: string; kind: 'hourly' | 'daily' | 'rows'; size?: number; from?: string; to?: string },
): Promise<void> {
  const now = ctx.clock.now();
  const spec = {
    kind: options.kind,
    ...(options.size === undefined ? {} : { size: options.size }),
    ...(options.from === undefined ? {} : { from: parseSince(options.from, now) }),
    ...(options.to === undefined ? {} : { to: parseSince(options.to, now) }),
  };
  const ws = await ctx.workspace();
  const list = await ws.ingestion.windows(options.model, spec);
  ctx.out.result(list, () =>
    ctx.out.table(
      [
        { header: 'WINDOW', align: 'right' },
        { header: 'START' },
        { header: 'END' },
        { header: 'PREDICTIONS', align: 'right' },
        { header: 'LABELLED', align: 'right' },
        { header: 'COMPLETE' },
      ],
      list.map((w) => [w.index, formatTime(w.start), formatTime(w.end), w.count, w.labelled, w.complete ? 'yes' : 'no']),
      `(no predictions of ${options.model})`,
    ),
  );
}

/** `mlpilot monitor models`: stored counts and ingestion counters per model. */
export async function models(ctx: CliContext, _args: ActionArgs, options: { model?: string }): Promise<void> {
  const ws = await ctx.workspace();
  const list = await ws.ingestion.status(options.model);
  ctx.out.result(list, () =>
    ctx.out.table(
      [
        { header: 'MODEL' },
        { header: 'PREDICTIONS', align: 'right' },
        { header: 'LABELS', align: 'right' },
        { header: 'ORPHAN LABELS', align: 'right' },
        { header: 'DUPLICATES', align: 'right' },
        { header: 'SAMPLED OUT', align: 'right' },
        { header: 'REJECTED', align: 'right' },
        { header: 'DROPPED (429)', align: 'right' },
      ],
      list.map((m) => [
        m.model,
        m.predictions,
        m.labels,
        m.orphanLabels,
        m.counters.duplicates,
        m.counters.sampledOut,
        m.counters.rejected,
        m.counters.droppedBackpressure + m.counters.labelsDroppedBackpressure,
      ]),
      '(no monitoring data)',
    ),
  );
}

/** `mlpilot monitor prune`: applies the retention. */
export async function prune(ctx: CliContext): Promise<void> {
  const ws = await ctx.workspace();
  const result = await ws.ingestion.prune();
  ctx.out.result({ ...result, retentionDays: ws.config.monitor.retentionDays }, () =>
    ctx.out.line(
      `✓ deleted ${result.predictions} predictions and ${result.labels} labels from before ${formatTime(result.before)} (retention ${ws.config.monitor.retentionDays} days)`,
    ),
  );
}
