/**
 * Ingestion under load over real HTTP: 8 concurrent senders post overlapping batches (each id is sent by two senders,
 * and every sender resends some of its own batches) to a server whose ingestion queue is small, so some requests are
 * refused with 429 and Retry-After and sent again. Then, from a freshly opened store: every acknowledged prediction
 * is stored exactly once, nothing is stored that was not acknowledged, and every refused row is counted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { ManualClock, resolveConfig, silentLogger } from '../../src/core/index.js';
import { monitorStore } from '../../src/monitor/index.js';
import { buildServer } from '../../src/server/index.js';
import { openStore } from '../../src/store/index.js';
import { Workspace } from '../../src/workspace/index.js';
import { storeBackends } from '../fixtures/store/backends.js';

const backends = await storeBackends();
const SENDERS = 8;
const BATCHES = 10;
const ROWS = 40;
const T0 = Date.UTC(2026, 2, 1);

/** Ids each sender starts at: sender s sends ids s·SPAN … s·SPAN + 2·SPAN − 1, so each id is also the next sender's. */
const SPAN = (BATCHES * ROWS) / 2;

/** The rows of sender `s`'s batch `b` (the last sender's range wraps around to the first's ids). */
function batch(s: number, b: number): Array<{ id: string; timestamp: number; inputs: Record<string, number>; outputs: number }> {
  return Array.from({ length: ROWS }, (_, j) => {
    const n = (s * SPAN + b * ROWS + j) % (SENDERS * SPAN);
    return { id: `p-${n}`, timestamp: T0 + n * 1000, inputs: { n, half: n % 2 }, outputs: n / 10 };
  });
}

describe.each(backends)('ingestion under load on $name', (backend) => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    await backend.cleanup();
  });

  it(
    'stores every acknowledged prediction exactly once and nothing else, and counts every row refused with 429 + Retry-After (PostgreSQL: some are)',
    { timeout: 120_000 },
    async () => {
      const cwd = mkdtempSync(join(tmpdir(), 'mlpilot-load-'));
      dirs.push(cwd);
      const url = backend.name === 'sqlite' ? `sqlite:${join(cwd, 'mlpilot.db')}` : backend.freshUrl();
      const config = resolveConfig({ flags: { database: { url }, monitor: { queueLimit: 100, batchSize: 20 } } });
      const clock = new ManualClock(T0 + 30 * 86_400_000);
      const workspace = await Workspace.open({ cwd, config, clock, logger: silentLogger, actor: 'loader' });
      const app = await buildServer({ workspace, actor: 'loader', processMetrics: false, authEnabled: false });
      await app.listen({ host: '127.0.0.1', port: 0 });
      const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/v1/monitor/churn/predictions`;

      const acknowledged = new Set<string>();
      let ackRows = 0;
      let ackAccepted = 0;
      let ackDuplicates = 0;
      let refusedRows = 0;
      let refusals = 0;
      const retryAfter: string[] = [];
      const other: string[] = [];

      async function post(rows: ReturnType<typeof batch>): Promise<void> {
        for (let attempt = 0; attempt < 500; attempt++) {
          const res = await fetch(base, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ predictions: rows }),
          });
          const body = (await res.json()) as { accepted: number; duplicates: number; error?: { code: string } };
          if (res.status === 200) {
            for (const r of rows) acknowledged.add(r.id);
            ackRows += rows.length;
            ackAccepted += body.accepted;
            ackDuplicates += body.duplicates;
            return;
          }
          if ((res.status === 429 || res.status === 503) && body.error?.code?.startsWith('MLP_MONITOR_')) {
            refusals++;
            refusedRows += rows.length;
            retryAfter.push(res.headers.get('retry-after') ?? '(none)');
            // The test does not wait the whole Retry-After: it only needs the queue to drain a little.
            await new Promise((resolve) => setTimeout(resolve, 5 + (attempt % 7)));
            continue;
          }
          other.push(`${res.status} ${JSON.stringify(body)}`);
          return;
        }
        other.push('gave up after 500 attempts');
      }

      await Promise.all(
        Array.from({ length: SENDERS }, async (_, s) => {
          for (let b = 0; b < BATCHES; b++) {
            await post(batch(s, b));
            // An overlapping resend of an earlier batch (its answer got lost, say) every third batch.
            if (b % 3 === 2) await post(batch(s, b - 2));
          }
        }),
      );
      await app.close();
      await workspace.close();

      expect(other).toEqual([]);
      // better-sqlite3 is synchronous: one request's rows are written before the server reads the next request, so the
      // queue never fills on SQLite (the unit tests hold writes back to show its refusals). PostgreSQL queues for real.
      if (backend.name === 'postgres') expect(refusals, 'the small queue refused some requests').toBeGreaterThan(0);
      expect(new Set(retryAfter)).not.toContain('(none)');
      for (const value of retryAfter) expect(Number(value)).toBeGreaterThanOrEqual(1);

      // Read back from a store opened afresh: what was acknowledged survived the shutdown.
      const store = await openStore({ url, clock, extensions: [monitorStore] });
      try {
        const repo = store.extension(monitorStore);
        const stored = await repo.readRows('churn', {});
        const ids = stored.map((r) => r.predictionId);
        expect(new Set(ids).size).toBe(ids.length); // exactly once
        expect(new Set(ids)).toEqual(acknowledged); // every acknowledged one, and nothing else
        expect(acknowledged.size).toBe(SENDERS * SPAN); // every sender's range was sent until acknowledged
        for (const row of stored) {
          const n = Number(row.predictionId.slice(2));
          expect(JSON.parse(row.inputs)).toEqual({ n, half: n % 2 });
          expect(row.timestamp).toBe(T0 + n * 1000);
        }
        const counters = await repo.counters('churn');
        expect(counters.accepted).toBe(ids.length);
        expect(ackAccepted).toBe(ids.length);
        expect(counters.duplicates).toBe(ackDuplicates);
        expect(counters.accepted + counters.duplicates).toBe(ackRows);
        expect(counters.droppedBackpressure).toBe(refusedRows);
      } finally {
        await store.close();
      }
    },
  );
});
