import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';

import { ExitCode, UsageError } from '../../core/index.js';
import type { DriftReport } from '../../monitor/index.js';
import { type DriftSource, isWindowSource, parseWindowSource, trainData } from '../../workspace/index.js';
import type { CliContext } from '../context.js';
import type { ActionArgs } from '../define-command.js';

interface DriftCliOptions {
  reference?: string;
  current: string;
  columns?: string[];
  method?: string;
  threshold?: number;
  driftShare?: number;
  correction: boolean;
  delimiter?: string;
  report?: string;
}

/** `mlpilot monitor drift`: compares two sources, prints the verdicts, writes the report; exit 10 on dataset drift. */
export async function drift(ctx: CliContext, _args: ActionArgs, options: DriftCliOptions): Promise<number> {
  const source = (value: string, field: string): DriftSource => {
    // Checked before anything is opened or read: a malformed window names its part (exit 2).
    if (isWindowSource(value)) return { window: parseWindowSource(value, field).text };
    const data = trainData(value, ctx.resolvePath(value), existsSync);
    return 'data' in data || options.delimiter === undefined ? data : { ...data, delimiter: options.delimiter };
  };
  const current = source(options.current, '--current');
  const reference = options.reference === undefined ? undefined : source(options.reference, '--reference');
  if (reference === undefined && !('window' in current))
    throw UsageError({
      problem:
        "--reference is required unless --current is a traffic window (window:MODEL[@VERSION]:KIND[:START]), whose default reference is its model's training data",
    });
  const isFile = (s: DriftSource | undefined): boolean => s !== undefined && 'file' in s && s.file !== undefined;
  if (options.delimiter !== undefined && !isFile(reference) && !isFile(current))
    throw UsageError({
      problem:
        '--delimiter applies to a data file; neither --reference nor --current is one (dataset versions are read as they were registered, windows from the prediction log)',
    });
  const ws = await ctx.workspace();
  const run = await ws.drift.run({
    ...(reference === undefined ? {} : { reference }),
    current,
    options: {
      ...(options.columns === undefined ? {} : { columns: options.columns }),
      ...(options.method === undefined ? {} : { method: options.method }),
      ...(options.threshold === undefined ? {} : { threshold: options.threshold }),
      ...(options.driftShare === undefined ? {} : { driftShare: options.driftShare }),
      correction: options.correction ? 'benjamini-hochberg' : 'none',
    },
  });
  const report = options.report === undefined ? undefined : ctx.resolvePath(options.report);
  if (report !== undefined) await writeFile(report, run.html());
  ctx.out.result(run.report, () => printReport(ctx, run.report, report));
  return run.report.dataset.drift ? ExitCode.checkFailed : ExitCode.ok;
}

function fmt(value: number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (value === 0) return '0';
  return Math.abs(value) < 1e-4 ? value.toExponential(2) : Number(value.toPrecision(4)).toString();
}

function printReport(ctx: CliContext, r: DriftReport, report: string | undefined): void {
  ctx.out.line(`drift of ${r.current.label} (${r.current.rows} rows) against ${r.reference.label} (${r.reference.rows} rows)`);
  ctx.out.table(
    [
      { header: 'COLUMN' },
      { header: 'TYPE' },
      { header: 'METHOD' },
      { header: 'SCORE', align: 'right' },
      { header: 'ADJ P', align: 'right' },
      { header: 'DRIFT WHEN' },
      { header: 'EFFECT', align: 'right' },
      { header: 'VERDICT' },
    ],
    r.columns.map((c) => [
      c.column,
      c.currentType === c.type ? c.type : `${c.type}→${c.currentType}`,
      c.method ?? '',
      fmt(c.score),
      fmt(c.adjustedPValue),
      c.kind === null || c.threshold === null ? '' : c.kind === 'p-value' ? `p < ${fmt(c.threshold)}` : `>= ${fmt(c.threshold)}`,
      c.effectSize === undefined ? '' : `${c.effectSize.name} ${fmt(c.effectSize.value)}`,
      c.status === 'ok' ? (c.drift ? 'DRIFT' : 'ok') : c.status,
    ]),
  );
  for (const m of r.multivariate) {
    const top = Array.isArray(m.details['topFeatures']) ? (m.details['topFeatures'] as { feature: string; importance: number }[]) : [];
    const verdict = m.score === null ? `no verdict: ${m.note ?? ''}` : m.drift ? 'DRIFT' : 'ok';
    ctx.out.line(
      `${m.method} on ${m.columns.length} columns: score ${fmt(m.score)} (drift when >= ${fmt(m.threshold)}) ${verdict}` +
        (top.length === 0 ? '' : `; most telling: ${top.map((f) => `${f.feature} ${fmt(f.importance)}`).join(', ')}`),
    );
  }
  if (r.skipped.length > 0) ctx.out.line(`not compared: ${r.skipped.map((s) => `${s.column} (${s.reason})`).join(', ')}`);
  const d = r.dataset;
  ctx.out.line(
    `${d.drift ? '✗ dataset drift' : '✓ no dataset drift'}: ${d.drifted} of ${d.compared} columns drifted (${(d.share * 100).toFixed(1)}%, threshold ${(d.driftShare * 100).toFixed(1)}%)`,
  );
  if (report !== undefined) ctx.out.line(`report: ${report}`);
}

/** `mlpilot monitor methods`: every drift method with its kind, default threshold and column types. */
export async function methods(ctx: CliContext): Promise<void> {
  const { createDriftMethodRegistry, describeDriftMethod } = await import('../../monitor/index.js');
  const list = createDriftMethodRegistry().list().map(describeDriftMethod);
  ctx.out.result(list, () =>
    ctx.out.table(
      [
        { header: 'ID' },
        { header: 'KIND' },
        { header: 'THRESHOLD', align: 'right' },
        { header: 'COLUMN TYPES' },
        { header: 'SCOPE' },
        { header: 'PROFILES' },
        { header: 'TITLE' },
      ],
      list.map((m) => [
        m.id,
        m.kind,
        String(m.defaultThreshold),
        m.columnTypes.join(','),
        m.multivariate ? 'dataset' : 'column',
        m.profiles ? 'yes' : 'no',
        m.title,
      ]),
    ),
  );
}
