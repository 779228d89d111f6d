import { setTimeout as sleep } from 'node:timers/promises';

import { isMlpError, NotFoundError, UsageError } from '../../core/index.js';
import { resolveTime } from '../../events/index.js';
import type { EventQuery, StoredEvent } from '../../store/index.js';
import type { Workspace } from '../../workspace/index.js';
import type { CliContext } from '../context.js';
import type { ActionArgs } from '../define-command.js';
import { waitForStop } from '../io.js';
import { formatTime } from '../output/format.js';
import { parseSubject } from '../parse.js';

/**
 * `--since` as epoch milliseconds, read by the event log's `resolveTime`: a relative duration back from
 * `now` (`90s`, `15m`, `1h`, `7d`, `2w`), a date (`2026-01-31`, UTC midnight) or a date-time with a zone
 * (`2026-01-31T12:00:00Z`, `…+02:00`).
 * @throws MLP_CLI_USAGE when it is none of them (a zone-less date-time included, with what to add).
 */
export function parseSince(value: string, now: number): number {
  try {
    return resolveTime(value, now, '--since');
  } catch (error) {
    if (!isMlpError(error) || error.code !== 'MLP_CORE_VALIDATION') throw error;
    throw UsageError({
      problem: error.message.replace(/\.$/, ''),
      hint: 'Use e.g. 90s, 15m, 1h, 7d, 2w, 2026-01-31 or 2026-01-31T12:00:00Z',
    });
  }
}

/** Subject kinds whose events carry an internal id but which users know by name, and how to list the names. */
const NAMED_SUBJECTS: Readonly<Record<string, { find: (ws: Workspace, name: string) => Promise<string | undefined>; list: string }>> = {
  model: { find: async (ws, name) => (await ws.store.models.list()).find((m) => m.name === name)?.id, list: 'mlpilot models list' },
  dataset: { find: async (ws, name) => (await ws.store.datasets.list()).find((d) => d.name === name)?.id, list: 'mlpilot data list' },
  experiment: {
    find: async (ws, name) => (await ws.store.experiments.list({ includeDeleted: true })).find((e) => e.name === name)?.id,
    list: 'mlpilot experiments list --all',
  },
};

/**
 * The subject id to filter on for `--subject KIND:VALUE`. Models, datasets and experiments are recorded under
 * internal ids, so VALUE is looked up as a name first; failing that it is taken as an id when events about it
 * exist (a deleted model's events keep its id). Other kinds (run, job, token, …) are given by id, as is.
 * @throws MLP_STORE_NOT_FOUND for a model, dataset or experiment that is neither a name nor the id of an event's subject.
 */
async function resolveSubjectId(ws: Workspace, kind: string, value: string): Promise<string> {
  const named = NAMED_SUBJECTS[kind];
  if (named === undefined) return value;
  const id = await named.find(ws, value);
  if (id !== undefined) return id;
  if ((await ws.store.events.list({ subjectKind: kind, subjectId: value, limit: 1 })).length > 0) return value;
  throw NotFoundError({
    entity: kind,
    key: value,
    hint: `--subject ${kind}:NAME takes a ${kind} name or id; ${named.list} lists the names`,
  });
}

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

/** `mlpilot events list`: the latest events, oldest first; `--follow` keeps printing new ones until stopped. */
export async function listEvents(
  ctx: CliContext,
  _args: ActionArgs,
  options: { since?: string; type?: string[]; subject?: string; actor?: string; limit: number; follow?: boolean },
): Promise<void> {
  const ws = await ctx.workspace();
  const catalog = ws.store.events.catalog;
  const types = options.type?.map((type) => {
    if (catalog.has(type)) return type;
    throw UsageError({
      problem: `--type ${JSON.stringify(type)} is not an event type`,
      hint: `Known types: ${catalog.types.map((t) => t.type).join(', ')} (mlpilot events types)`,
    });
  });
  const subject =
    options.subject === undefined
      ? undefined
      : parseSubject(
          options.subject,
          catalog.subjectKinds.map((k) => k.kind),
        );
  const subjectId = subject?.id === undefined ? undefined : await resolveSubjectId(ws, subject.kind, subject.id);
  const base: EventQuery = {
    ...(options.since === undefined ? {} : { since: parseSince(options.since, ctx.clock.now()) }),
    ...(types === undefined ? {} : { types }),
    ...(subject === undefined ? {} : { subjectKind: subject.kind }),
    ...(subjectId === undefined ? {} : { subjectId }),
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
}

/** `mlpilot events types`: every event type of the store (the core and its extensions) with its subject kind, meaning and owner. */
export async function listEventTypes(ctx: CliContext): Promise<void> {
  const { types } = (await ctx.workspace()).store.events.catalog;
  ctx.out.result(types, () =>
    ctx.out.table(
      [{ header: 'TYPE' }, { header: 'SUBJECT' }, { header: 'MEANING' }, { header: 'OWNER' }],
      types.map((t) => [t.type, t.subjectKind, t.description, t.owner]),
    ),
  );
}

/** Follow mode prints each batch as it arrives, so columns have fixed widths instead of being measured; the header only once. */
function tableLines(batch: readonly StoredEvent[], header: boolean): string {
  const line = (cells: readonly string[]): string =>
    `${(cells[0] ?? '').padStart(6)}  ${(cells[1] ?? '').padEnd(20)}  ${(cells[2] ?? '').padEnd(22)}  ${(cells[3] ?? '').padEnd(36)}  ${(cells[4] ?? '').padEnd(10)}  ${cells[5] ?? ''}`.trimEnd();
  const rows = batch.map((event) => line(eventRow(event).map(String)));
  return `${header ? `${line(EVENT_COLUMNS.map((c) => c.header))}\n` : ''}${rows.join('\n')}\n`;
}
