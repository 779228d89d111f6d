import { setTimeout as sleep } from 'node:timers/promises';

import { UsageError } from '../../core/index.js';
import type { EventQuery, StoredEvent } from '../../store/index.js';
import { defineCommand, noun, verb } from '../define-command.js';
import { waitForStop } from '../io.js';
import { formatTime } from '../output/format.js';
import { collect, intOption, parseSince, parseSubject } from '../parse.js';

/** How often `--follow` asks the store for new events (ms). */
const FOLLOW_POLL_MS = 500;

const EVENT_COLUMNS = [
  { header: 'SEQ', align: 'right' as const },
  { header: 'TIME' },
  { header: 'TYPE' },
  { header: 'SUBJECT' },
  { header: 'ACTOR' },
  { header: 'PAYLOAD', maxWidth: 70 },
];

function eventRow(e: StoredEvent): Array<string | number> {
  return [e.seq, formatTime(e.timestamp), e.type, `${e.subjectKind}:${e.subjectId}`, e.actor, JSON.stringify(e.payload)];
}

/** `mlpilot events list`: the append-only audit trail (every state change, with its actor). */
export const eventsCommand = defineCommand({
  name: 'events',
  summary: 'read the append-only event log (audit trail, DORA metrics source)',
  register(program, session) {
    const events = noun(program, 'events', 'read the append-only event log (audit trail, DORA metrics source)', [
      'mlpilot events list --since 1h',
      'mlpilot events list --type model.alias_set --follow',
    ]);

    verb<{ since?: string; type?: string[]; subject?: string; actor?: string; limit: number; follow?: boolean }>(
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
          'mlpilot events list --follow --json    # one JSON object per line',
        ],
        options: (c) =>
          c
            .option('--since <when>', 'only events after a duration ago (90s, 15m, 1h, 7d), a date (UTC) or a date-time with Z or an offset')
            .option('--type <type>', 'only these event types (repeatable or comma-separated), e.g. model.alias_set', collect)
            .option('--subject <kind:id>', 'only events about one subject; KIND is a subject kind of `mlpilot events types` (the :ID part is optional)')
            .option('--actor <name>', 'only events by this actor')
            .option('--limit <n>', 'at most N events (1-10000)', intOption(1, 10_000), 100)
            .option('--follow', 'keep printing new events until interrupted'),
      },
      async (ctx, _args, options) => {
        const ws = await ctx.workspace();
        const catalog = ws.store.events.catalog;
        const types = options.type?.map((type) => {
          if (catalog.has(type)) return type;
          throw UsageError({ problem: `--type ${JSON.stringify(type)} is not an event type`, hint: `Known types: ${catalog.types.map((t) => t.type).join(', ')} (mlpilot events types)` });
        });
        const subject = options.subject === undefined ? undefined : parseSubject(options.subject, catalog.subjectKinds.map((k) => k.kind));
        const base: EventQuery = {
          ...(options.since === undefined ? {} : { since: parseSince(options.since, ctx.clock.now()) }),
          ...(types === undefined ? {} : { types }),
          ...(subject === undefined ? {} : { subjectKind: subject.kind }),
          ...(subject?.id === undefined ? {} : { subjectId: subject.id }),
          ...(options.actor === undefined ? {} : { actor: options.actor }),
        };
        // The latest `limit` events, shown oldest first.
        const latest = (await ws.store.events.list({ ...base, limit: options.limit, order: 'desc' })).reverse();
        if (options.follow !== true) {
          ctx.out.result(latest, () => ctx.out.table(EVENT_COLUMNS, latest.map(eventRow), '(no events match)'));
          return;
        }
        let headerShown = false;
        const emit = (batch: readonly StoredEvent[]): void => {
          if (ctx.out.jsonMode) {
            for (const event of batch) ctx.out.jsonLine(event);
          } else if (batch.length > 0) {
            ctx.out.text(tableLines(batch, !headerShown));
            headerShown = true;
          }
        };
        emit(latest);
        let afterSeq = latest.length > 0 ? (latest[latest.length - 1] as StoredEvent).seq : await lastSeq();
        async function lastSeq(): Promise<number> {
          const newest = await ws.store.events.list({ limit: 1, order: 'desc' });
          return newest[0]?.seq ?? 0;
        }
        const stop = waitForStop(ctx.io);
        ctx.out.note('following new events; press Ctrl-C to stop');
        try {
          while (!stop.signal.aborted) {
            const batch = await ws.store.events.list({ ...base, afterSeq, order: 'asc', limit: 1000 });
            if (batch.length > 0) {
              emit(batch);
              afterSeq = (batch[batch.length - 1] as StoredEvent).seq;
            }
            await sleep(FOLLOW_POLL_MS, undefined, { signal: stop.signal }).catch(() => undefined);
          }
        } finally {
          stop.dispose();
        }
      },
    );

    verb(
      events,
      session,
      {
        usage: 'types',
        summary: 'list every event type of the store (the core and its extensions) with its subject kind, meaning and owner',
        examples: ['mlpilot events types', 'mlpilot events types --json'],
      },
      async (ctx) => {
        const { types } = (await ctx.workspace()).store.events.catalog;
        ctx.out.result(types, () =>
          ctx.out.table(
            [{ header: 'TYPE' }, { header: 'SUBJECT' }, { header: 'MEANING' }, { header: 'OWNER' }],
            types.map((t) => [t.type, t.subjectKind, t.description, t.owner]),
          ),
        );
      },
    );
  },
});

/** Follow mode prints each batch as it arrives, so columns have fixed widths instead of being measured; the header only once. */
function tableLines(batch: readonly StoredEvent[], header: boolean): string {
  const line = (cells: readonly string[]): string =>
    `${(cells[0] ?? '').padStart(6)}  ${(cells[1] ?? '').padEnd(20)}  ${(cells[2] ?? '').padEnd(22)}  ${(cells[3] ?? '').padEnd(36)}  ${(cells[4] ?? '').padEnd(10)}  ${cells[5] ?? ''}`.trimEnd();
  const rows = batch.map((event) => line(eventRow(event).map(String)));
  return `${header ? `${line(EVENT_COLUMNS.map((c) => c.header))}\n` : ''}${rows.join('\n')}\n`;
}
