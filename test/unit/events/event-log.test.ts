import { describe, expect, it } from 'vitest';

import { ManualClock } from '../../../src/core/index.js';
import { EVENT_TYPES, EventLog, isEventType } from '../../../src/events/index.js';
import { openStore } from '../../../src/store/index.js';
import type { StoredEvent } from '../../../src/store/index.js';

describe('EventLog', () => {
  it('lists with relative times and type filters, and rejects unknown types', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 10));
    const store = await openStore({ url: 'sqlite::memory:', clock });
    const log = new EventLog(store, clock);
    await store.experiments.create({ name: 'old' }, { actor: 'a' });
    clock.advance(3 * 86_400_000);
    await store.experiments.create({ name: 'new' }, { actor: 'b' });
    const exp = await store.experiments.get('new');
    await store.experiments.delete(exp.id, { actor: 'b' });
    expect((await log.list({ since: '1d' })).map((e) => e.type)).toEqual(['experiment.created', 'experiment.deleted']);
    expect((await log.list({ since: '7d', types: ['experiment.created'] })).map((e) => e.payload.name)).toEqual(['old', 'new']);
    expect((await log.list({ until: '1d' })).map((e) => e.payload.name)).toEqual(['old']);
    await expect(log.list({ types: ['run.exploded'] })).rejects.toThrow(/unknown event type/);
    await expect(log.list({ since: 'last tuesday' })).rejects.toThrow(/since/);
    await store.close();
  });

  it('follows new events by seq until aborted', async () => {
    const clock = new ManualClock();
    const store = await openStore({ url: 'sqlite::memory:', clock });
    const log = new EventLog(store, clock);
    await store.experiments.create({ name: 'e1' }, { actor: 'a' });
    const controller = new AbortController();
    let polls = 0;
    // The injected sleep writes a new event on the first two polls, then stops the iteration.
    const sleep = async (): Promise<void> => {
      polls++;
      if (polls <= 2) await store.experiments.create({ name: `later-${polls}` }, { actor: 'a' });
      else controller.abort();
    };
    const seen: StoredEvent[] = [];
    for await (const event of log.follow(0, { signal: controller.signal, sleep, pollMs: 1 })) seen.push(event);
    expect(seen.map((e) => e.payload.name)).toEqual(['e1', 'later-1', 'later-2']);
    expect(seen.map((e) => e.seq)).toEqual([...seen.map((e) => e.seq)].sort((a, b) => a - b));
    await store.close();
  });

  it('describes every event type once', () => {
    const types = EVENT_TYPES.map((t) => t.type);
    expect(new Set(types).size).toBe(types.length);
    expect(types).toContain('model.alias_set');
    expect(EVENT_TYPES.every((t) => t.type.startsWith(`${t.subjectKind}.`) && t.description.length > 10)).toBe(true);
    expect(isEventType('run.ended')).toBe(true);
    expect(isEventType('run.exploded')).toBe(false);
  });
});
