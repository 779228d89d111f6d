/**
 * Concurrency: 8 processes open the same fresh store at once (racing the migrations), each creates a run and
 * logs 2,000 points of its own key plus 2,000 of a second key, in batches of 50 (4,000 points per process). Nothing is lost
 * and no process sees an error (in particular no SQLITE_BUSY). Runs on SQLite and on PostgreSQL.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, describe, expect, it } from 'vitest';

import { ManualClock } from '../../src/core/index.js';
import { openStore } from '../../src/store/index.js';
import { storeBackends } from '../fixtures/store/backends.js';
import { runChild } from '../fixtures/store/run-child.js';

const here = dirname(fileURLToPath(import.meta.url));
const writer = join(here, '..', 'fixtures', 'store', 'metrics-writer.ts');
const backends = await storeBackends();
const PROCESSES = 8;
const POINTS = 2000;

const runWriter = (url: string, worker: number) => runChild(writer, [url, String(POINTS), '50', String(worker)]);

describe.each(backends)('8 concurrent writer processes on $name', (backend) => {
  afterAll(() => backend.cleanup());

  it('lose no metric point and never surface a lock error', { timeout: 240_000 }, async () => {
    const url = backend.freshUrl();
    const results = await Promise.all(Array.from({ length: PROCESSES }, (_, i) => runWriter(url, i)));
    for (const r of results) {
      expect(r.out, r.err).toMatch(/^ok /);
      expect(r.out).not.toMatch(/BUSY|LOCKED/);
      expect(r.code).toBe(0);
    }
    const store = await openStore({ url, clock: new ManualClock() });
    try {
      const runIds = results.map((r) => r.out.trim().split(' ')[1] as string);
      expect(new Set(runIds).size).toBe(PROCESSES);
      expect((await store.experiments.list()).map((e) => e.name)).toEqual(['concurrency']);
      for (const runId of runIds) {
        const own = await store.runs.metricHistory(runId, 'own');
        expect(own.length).toBe(POINTS);
        expect(own.map((p) => p.step)).toEqual(Array.from({ length: POINTS }, (_, k) => k));
        expect((await store.runs.metricHistory(runId, 'shared')).length).toBe(POINTS);
        expect((await store.runs.get(runId)).metrics).toEqual({ own: POINTS - 1, shared: expect.any(Number) });
      }
      expect(await store.integrityCheck()).toEqual({ ok: true, problems: [] });
    } finally {
      await store.close();
    }
  });
});
