import type { MonitorEvaluation } from '../../monitor/index.js';
import type { MonitorInfo } from '../../workspace/index.js';
import type { CliContext } from '../context.js';
import type { ActionArgs } from '../define-command.js';
import { formatNumber, formatTime } from '../output/format.js';
import { parseSince } from './events.js';

function describeWindow(info: MonitorInfo): string {
  const w = info.spec.window;
  return 'every' in w ? `every ${w.every}` : `${w.rows} rows`;
}

function describeThreshold(info: MonitorInfo): string {
  const t = info.spec.threshold;
  if ('learned' in t) return `learned (mean ± ${t.learned.k}σ of ${t.learned.baselineWindows} windows, ${t.learned.direction})`;
  return [t.above === undefined ? '' : `> ${t.above}`, t.below === undefined ? '' : `< ${t.below}`].filter((s) => s !== '').join(' or ');
}

function describeSignal(info: MonitorInfo): string {
  const s = info.spec.signal;
  switch (s.kind) {
    case 'drift':
      return `drift ${s.column} (${s.method})`;
    case 'metric':
    case 'estimated-metric':
      return `${s.kind} ${s.metric}`;
    case 'latency':
      return `latency ${s.statistic} ${s.column}`;
    case 'error-rate':
      return `error-rate ${s.column}`;
  }
}

/** `mlpilot monitor list`. */
export async function listMonitors(ctx: CliContext): Promise<void> {
  const monitors = await (await ctx.workspace()).monitors.list();
  ctx.out.result(monitors, () =>
    ctx.out.table(
      [
        { header: 'NAME' },
        { header: 'MODEL' },
        { header: 'SIGNAL' },
        { header: 'WINDOW' },
        { header: 'ALERT WHEN' },
        { header: 'ACTIONS' },
        { header: 'FROM' },
      ],
      monitors.map((m) => [
        m.spec.name,
        m.spec.model,
        describeSignal(m),
        describeWindow(m),
        describeThreshold(m),
        m.spec.actions.map((a) => a.kind).join(', ') || '-',
        m.source,
      ]),
      '(no monitors: declare them under "monitors" in mlpilot.config.yaml, or POST /api/v1/monitors)',
    ),
  );
}

const bounds = (e: MonitorEvaluation): string =>
  [
    e.threshold.lower === null ? '' : `≥ ${formatNumber(e.threshold.lower)}`,
    e.threshold.upper === null ? '' : `≤ ${formatNumber(e.threshold.upper)}`,
  ]
    .filter((s) => s !== '')
    .join(' and ') || '-';

/** `mlpilot monitor status [NAME]`. */
export async function monitorStatus(ctx: CliContext, args: ActionArgs): Promise<void> {
  const name = typeof args[0] === 'string' ? args[0] : undefined;
  const statuses = await (await ctx.workspace()).monitors.status(name);
  ctx.out.result(name === undefined ? statuses : statuses[0], () => {
    ctx.out.table(
      [
        { header: 'MONITOR' },
        { header: 'SUBJECT' },
        { header: 'STATE', style: (s) => ctx.out.status(s) },
        { header: 'LAST WINDOW' },
        { header: 'VALUE', align: 'right' },
        { header: 'INCIDENT' },
      ],
      statuses.map((s) => [
        s.name,
        s.subject,
        s.state,
        s.lastEvaluation?.window.key ?? '-',
        s.lastEvaluation === null ? '-' : formatNumber(s.lastEvaluation.value),
        s.openIncident === null ? '-' : `${s.openIncident.id} (${s.openIncident.alertCount} alerts)`,
      ]),
      '(no monitors)',
    );
    const one = statuses[0];
    if (name === undefined || one === undefined || one.recent.length === 0) return;
    ctx.out.text('\nrecent windows:');
    ctx.out.table(
      [
        { header: 'WINDOW' },
        { header: 'STATUS', style: (s) => ctx.out.status(s) },
        { header: 'VALUE', align: 'right' },
        { header: 'HEALTHY WHEN' },
        { header: 'ROWS', align: 'right' },
        { header: 'NOTE', maxWidth: 50 },
      ],
      one.recent.map((e) => [e.window.key, e.status, formatNumber(e.value), bounds(e), e.rows, e.note ?? '']),
    );
  });
}

/** `mlpilot monitor alerts`. */
export async function listAlerts(
  ctx: CliContext,
  _args: ActionArgs,
  options: { monitor?: string; since?: string; limit: number },
): Promise<void> {
  const ws = await ctx.workspace();
  const alerts = await ws.monitors.alerts({
    ...(options.monitor === undefined ? {} : { monitor: options.monitor }),
    ...(options.since === undefined ? {} : { since: parseSince(options.since, ctx.clock.now()) }),
    limit: options.limit,
  });
  ctx.out.result(alerts, () =>
    ctx.out.table(
      [
        { header: 'FIRED' },
        { header: 'MONITOR' },
        { header: 'SUBJECT' },
        { header: 'WINDOW' },
        { header: 'VALUE', align: 'right' },
        { header: 'INCIDENT' },
      ],
      alerts.map((a) => [formatTime(a.firedAt), a.monitor, a.subject, a.window, formatNumber(a.value), a.incidentId]),
      '(no alerts)',
    ),
  );
}

/** `mlpilot monitor incidents`. */
export async function listIncidents(
  ctx: CliContext,
  _args: ActionArgs,
  options: { open?: boolean; monitor?: string; limit: number },
): Promise<void> {
  const ws = await ctx.workspace();
  const incidents = await ws.monitors.incidents({
    ...(options.open === true ? { open: true } : {}),
    ...(options.monitor === undefined ? {} : { monitor: options.monitor }),
    limit: options.limit,
  });
  ctx.out.result(incidents, () =>
    ctx.out.table(
      [
        { header: 'ID' },
        { header: 'MONITOR' },
        { header: 'SUBJECT' },
        { header: 'STATUS', style: (s) => ctx.out.status(s === 'open' ? 'failed' : 'succeeded') },
        { header: 'OPENED' },
        { header: 'RESOLVED' },
        { header: 'ALERTS', align: 'right' },
        { header: 'ACTIONS', maxWidth: 60 },
      ],
      incidents.map((i) => [
        i.id,
        i.monitor,
        i.subject,
        i.status,
        formatTime(i.openedAt),
        formatTime(i.resolvedAt),
        i.alertCount,
        i.actions.map((a) => `${String(a['kind'])} ${String(a['status'])}`).join(', ') || '-',
      ]),
      options.open === true ? '(no open incidents)' : '(no incidents)',
    ),
  );
}

/** `mlpilot monitor evaluate`: exits 1 when the round of a monitor stopped on an error (listed per monitor). */
export async function evaluateMonitors(
  ctx: CliContext,
  _args: ActionArgs,
  options: { at?: string; monitor?: string },
): Promise<number | void> {
  const ws = await ctx.workspace();
  const at = options.at === undefined ? ctx.clock.now() : parseSince(options.at, ctx.clock.now());
  const rounds = await ws.monitors.evaluate(
    { at, ...(options.monitor === undefined ? {} : { monitor: options.monitor }) },
    ctx.writeContext,
  );
  const summary = rounds.map((r) => ({
    monitor: r.monitor,
    windows: r.evaluated.filter((e) => e.created).length,
    alerts: r.evaluated.filter((e) => e.alert !== undefined).length,
    transitions: r.evaluated
      .filter((e) => e.transition !== 'none')
      .map((e) => ({ window: e.evaluation.window.key, transition: e.transition, incident: e.incident?.id ?? null })),
    actions: r.actions.map((a) => ({ kind: a.kind, trigger: a.trigger, status: a.status, attempts: a.attempts })),
    more: r.more,
    error: r.error ?? null,
  }));
  ctx.out.result({ at, monitors: summary }, () =>
    ctx.out.table(
      [
        { header: 'MONITOR' },
        { header: 'WINDOWS', align: 'right' },
        { header: 'ALERTS', align: 'right' },
        { header: 'INCIDENTS', maxWidth: 50 },
        { header: 'ACTIONS', maxWidth: 40 },
        { header: 'ERROR', maxWidth: 60 },
      ],
      summary.map((s) => [
        s.monitor,
        s.windows,
        s.alerts,
        s.transitions.map((t) => `${t.transition} ${t.window}`).join(', ') || '-',
        s.actions.map((a) => `${a.kind} ${a.status}`).join(', ') || '-',
        s.error === null ? '' : `${s.error.code}: ${s.error.message}`,
      ]),
      '(no monitors)',
    ),
  );
  return rounds.some((r) => r.error !== undefined) ? 1 : undefined;
}
