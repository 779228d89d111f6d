import { verb, type VerbRegistrar } from '../define-command.js';
import { intOption } from '../parse.js';

const actions = () => import('../actions/monitor-alerts.js');

/** `mlpilot monitor list|status|alerts|incidents|evaluate`: monitors, their alerts and incidents (issue 16 §5). */
export const monitorAlertVerbs: VerbRegistrar = (monitor, session) => {
  verb(
    monitor,
    session,
    {
      usage: 'list',
      summary: 'list the monitors (the config file\'s "monitors" and those declared through the API), webhook secrets redacted',
      aliases: ['ls'],
      examples: ['mlpilot monitor list', 'mlpilot monitor list --json'],
    },
    async () => (await actions()).listMonitors,
  );

  verb(
    monitor,
    session,
    {
      usage: 'status [name]',
      summary: 'the state of every monitor (or one): last evaluation, open incident; with NAME its recent windows',
      examples: ['mlpilot monitor status', 'mlpilot monitor status churn-drift --json'],
    },
    async () => (await actions()).monitorStatus,
  );

  verb(
    monitor,
    session,
    {
      usage: 'alerts',
      summary: 'list alerts (windows that breached their threshold), newest first',
      examples: ['mlpilot monitor alerts', 'mlpilot monitor alerts --monitor churn-drift --since 7d --json'],
      options: (c) =>
        c
          .option('--monitor <name>', 'only alerts of this monitor')
          .option(
            '--since <when>',
            'only alerts fired after a duration ago (90s, 15m, 1h, 7d), a date (UTC) or a date-time with Z or an offset',
          )
          .option('--limit <n>', 'at most N alerts (1-10000)', intOption(1, 10_000), 100),
    },
    async () => (await actions()).listAlerts,
  );

  verb(
    monitor,
    session,
    {
      usage: 'incidents',
      summary: 'list incidents (one per monitor and subject while open) with the actions they ran, newest first',
      examples: ['mlpilot monitor incidents --open', 'mlpilot monitor incidents --monitor churn-drift --json'],
      options: (c) =>
        c
          .option('--open', 'only open incidents')
          .option('--monitor <name>', 'only incidents of this monitor')
          .option('--limit <n>', 'at most N incidents (1-10000)', intOption(1, 10_000), 100),
    },
    async () => (await actions()).listIncidents,
  );

  verb(
    monitor,
    session,
    {
      usage: 'evaluate',
      summary: 'run one evaluation round now: every closed window not evaluated yet, alerts, incidents and their actions',
      examples: ['mlpilot monitor evaluate', 'mlpilot monitor evaluate --monitor churn-drift --at 2026-03-01T00:00:00Z --json'],
      options: (c) =>
        c
          .option(
            '--at <when>',
            'evaluate the windows closed at this time (a date-time with Z or an offset, a date, or a duration ago); default now',
          )
          .option('--monitor <name>', 'only this monitor'),
    },
    async () => (await actions()).evaluateMonitors,
  );
};
