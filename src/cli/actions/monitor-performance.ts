import type { BandFlag, PerformanceReport, PerformanceWindowMetric } from '../../workspace/index.js';
import { parseRef } from '../../workspace/index.js';
import type { CliContext } from '../context.js';
import type { ActionArgs } from '../define-command.js';
import { formatTime } from '../output/format.js';
import { parseSince } from './events.js';

/** A metric value to 4 decimals (`—` for none). */
function num(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : value.toFixed(4);
}

function realisedCell(m: PerformanceWindowMetric): string {
  const r = m.realised;
  if (r.status !== 'ok') return `(${r.status})`;
  return `${num(r.value)} [${num(r.lower)}, ${num(r.upper)}]`;
}

function estimatedCell(m: PerformanceWindowMetric): string {
  const e = m.estimated;
  if (e === null) return '—';
  if (e.status !== 'ok') return `(${e.status})`;
  return `${num(e.value)} ± ${num(e.standardError)}`;
}

/** The band of all rows; the realised value's own band after it when fewer rows are labelled. */
function bandCell(m: PerformanceWindowMetric): string {
  if (m.band === null) return '—';
  const band = `[${num(m.band.lower)}, ${num(m.band.upper)}]`;
  const r = m.realisedBand;
  if (r === null || (r.lower === m.band.lower && r.upper === m.band.upper)) return band;
  return `${band} labelled [${num(r.lower)}, ${num(r.upper)}]`;
}

function flagCell(m: PerformanceWindowMetric): string {
  const parts: string[] = [];
  const say = (what: string, flag: BandFlag): void => {
    if (flag !== null) parts.push(`${what} ${flag}`);
  };
  say('realised', m.flag.realised);
  say('estimated', m.flag.estimated);
  return parts.length === 0 ? '' : `⚠ ${parts.join(', ')}`;
}

function sourceLine(report: PerformanceReport): string {
  const s = report.reference.source;
  const where =
    s.kind === 'validation'
      ? `validation rows of ${s.dataset} (${s.evaluation}, ${s.split}, seed ${s.seed}; ${s.check.metric} recorded ${num(s.check.recorded)}, rebuilt ${num(s.check.rebuilt)})`
      : `dataset ${s.dataset} (labels: ${s.target})`;
  return `reference: ${report.reference.rows} rows, ${where}${report.reference.cached ? ' [cached]' : ''}`;
}

/** `mlpilot monitor performance`: a model version's performance per window. */
export async function performance(
  ctx: CliContext,
  _args: ActionArgs,
  options: {
    model: string;
    window: 'hourly' | 'daily' | 'rows';
    size?: number;
    from?: string;
    to?: string;
    metric?: string[];
    reference?: string;
    referenceTarget?: string;
  },
): Promise<void> {
  const ref = parseRef(options.model, '--model');
  const now = ctx.clock.now();
  const window = {
    kind: options.window,
    ...(options.size === undefined ? {} : { size: options.size }),
    ...(options.from === undefined ? {} : { from: parseSince(options.from, now) }),
    ...(options.to === undefined ? {} : { to: parseSince(options.to, now) }),
  };
  const ws = await ctx.workspace();
  const report = await ws.performance.report(ref.name, {
    window,
    ...(ref.version === undefined ? {} : { version: ref.version }),
    ...(options.metric === undefined ? {} : { metrics: options.metric as PerformanceReport['metrics'] }),
    ...(options.reference === undefined ? {} : { reference: options.reference }),
    ...(options.referenceTarget === undefined ? {} : { referenceTarget: options.referenceTarget }),
  });
  ctx.out.result(report, () => {
    ctx.out.line(`${report.model}@${report.version} (${report.task}); ${sourceLine(report)}`);
    ctx.out.line(
      report.estimator.method === 'cbpe'
        ? `estimator: CBPE (${report.estimator.calibration ?? 'raw probabilities'})`
        : 'estimator: DLE (gbdt error models)',
    );
    ctx.out.line(
      `baseline band: reference value ± 3σ of windows of ${report.nominalWindowRows} rows, scaled by √(${report.nominalWindowRows}/rows); ` +
        '"labelled [..]": the band for the labelled rows, which the realised value is held to',
    );
    const rows: Array<Array<string | number>> = [];
    for (const w of report.windows) {
      const label = w.window.kind === 'rows' ? `#${w.window.index} ${formatTime(w.window.start)}` : formatTime(w.window.start);
      for (const m of w.metrics) {
        rows.push([label, w.rows, w.labelled, m.metric, realisedCell(m), estimatedCell(m), bandCell(m), flagCell(m)]);
      }
    }
    ctx.out.table(
      [
        { header: 'WINDOW' },
        { header: 'ROWS', align: 'right' },
        { header: 'LABELLED', align: 'right' },
        { header: 'METRIC' },
        { header: 'REALISED [CI]' },
        { header: 'ESTIMATED ± SE' },
        { header: 'BASELINE BAND' },
        { header: 'FLAG' },
      ],
      rows,
      `(no predictions of ${report.model})`,
    );
  });
}
