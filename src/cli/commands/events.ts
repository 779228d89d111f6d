import { verb, type VerbRegistrar } from '../define-command.js';
import { collect, intOption } from '../parse.js';

const actions = () => import('../actions/events.js');

/** `mlpilot events list|types`: the append-only audit trail (every state change, with its actor). */
export const eventsVerbs: VerbRegistrar = (events, session) => {
  verb(
    events,
    session,
    {
      usage: 'list',
      summary: 'list events, oldest first (the latest --limit of them); --follow keeps printing new ones until Ctrl-C',
      aliases: ['ls'],
      examples: [
        'mlpilot events list --since 1h',
        'mlpilot events list --since 2026-01-31T00:00:00Z --type model.alias_set --type model.version_created',
        'mlpilot events list --subject run:01JD3Z8Q6W9X --json',
        'mlpilot events list --subject model:churn',
        'mlpilot events list --follow --json    # one JSON object per line',
      ],
      options: (c) =>
        c
          .option('--since <when>', 'only events after a duration ago (90s, 15m, 1h, 7d), a date (UTC) or a date-time with Z or an offset')
          .option('--type <type>', 'only these event types (repeatable or comma-separated), e.g. model.alias_set', collect)
          .option(
            '--subject <kind:id>',
            'only events about one subject; KIND is a subject kind of `mlpilot events types` (the :ID part is optional; models, datasets and experiments also by name)',
          )
          .option('--actor <name>', 'only events by this actor')
          .option('--limit <n>', 'at most N events (1-10000)', intOption(1, 10_000), 100)
          .option('--follow', 'keep printing new events until interrupted'),
    },
    async () => (await actions()).listEvents,
  );

  verb(
    events,
    session,
    {
      usage: 'types',
      summary: 'list every event type of the store (the core and its extensions) with its subject kind, meaning and owner',
      examples: ['mlpilot events types', 'mlpilot events types --json'],
    },
    async () => (await actions()).listEventTypes,
  );
};
