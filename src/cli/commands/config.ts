import { defineCommand, noun, verb } from '../define-command.js';

/** Hides the password of a `postgres://user:pass@host/db` URL. */
export function redactUrl(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}

/** `mlpilot config show`: the resolved configuration and where each value came from. */
export const configCommand = defineCommand({
  name: 'config',
  summary: 'inspect the resolved configuration',
  register(program, session) {
    const config = noun(program, 'config', 'inspect the resolved configuration (defaults < file < MLPILOT_* env < flags)', [
      'mlpilot config show',
      'MLPILOT_SERVER_PORT=9000 mlpilot config show --json',
    ]);
    verb(
      config,
      session,
      {
        usage: 'show',
        summary: 'print every setting, its value and the layer it came from',
        examples: ['mlpilot config show', 'mlpilot --home /tmp/ml config show --json'],
      },
      async (ctx) => {
        const entries = ctx.explainConfig().map((entry) =>
          entry.key === 'database.url' ? { ...entry, value: redactUrl(entry.value) } : entry,
        );
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
      },
    );
  },
});
