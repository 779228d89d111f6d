import type { CliContext } from '../context.js';

/** Hides the password of a `postgres://user:pass@host/db` URL. */
export function redactUrl(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}

/** The `monitors` setting as shown: webhook secrets hidden, a monitor by its name in the table. */
function shownMonitors(value: unknown, json: boolean): unknown {
  if (!Array.isArray(value)) return value;
  const monitors = value as Array<{ name: string; actions: Array<Record<string, unknown>> }>;
  if (!json) return monitors.map((m) => m.name).join(', ') || '(none)';
  return monitors.map((m) => ({ ...m, actions: m.actions.map((a) => (a['kind'] === 'webhook' ? { ...a, secret: '***' } : a)) }));
}

/** `mlpilot config show`: every setting, its value and the layer it came from. */
export async function showConfig(ctx: CliContext): Promise<void> {
  const entries = ctx
    .explainConfig()
    .map((entry) => (entry.key === 'database.url' ? { ...entry, value: redactUrl(entry.value) } : entry))
    .map((entry) => (entry.key === 'monitors' ? { ...entry, value: shownMonitors(entry.value, ctx.out.jsonMode) } : entry));
  ctx.out.result(
    { cwd: ctx.cwd, settings: Object.fromEntries(entries.map((e) => [e.key, { value: e.value ?? null, source: e.source, env: e.env }])) },
    () => {
      ctx.out.line(`project directory: ${ctx.cwd}`);
      ctx.out.table(
        [{ header: 'KEY' }, { header: 'VALUE' }, { header: 'SOURCE' }, { header: 'ENV' }],
        entries.map((e) => [e.key, e.value === undefined ? '-' : String(e.value), e.source, e.env]),
      );
    },
  );
}
