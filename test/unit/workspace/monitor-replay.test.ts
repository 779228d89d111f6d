/**
 * A month of daily windows replayed on a ManualClock: a drift on day 20 raises alerts that open one incident,
 * the webhook (a local HTTP server on 127.0.0.1 answering 500 once, then 200) gets HMAC-signed deliveries, the
 * rollback hook is called, and the recovery resolves the incident after three healthy days.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ManualClock, resolveConfig, seededRandom, silentLogger } from '../../../src/core/index.js';
import { Frame } from '../../../src/data/index.js';
import { MonitorScheduler } from '../../../src/monitor/index.js';
import type { RollbackRequest } from '../../../src/monitor/index.js';
import { Workspace } from '../../../src/workspace/index.js';
import { FrameDataSource, normals } from '../../fixtures/monitor/frame-data-source.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const START = Date.UTC(2026, 2, 1);
const SECRET = 'a-webhook-secret-of-32-characters';

interface Received {
  body: string;
  signature: string | undefined;
  event: string | undefined;
  status: number;
}

describe('a month of daily windows with a planted shift', () => {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      // The first delivery fails with a 500; every later one succeeds.
      const status = received.length === 0 ? 500 : 200;
      received.push({
        body: Buffer.concat(chunks).toString('utf8'),
        signature: req.headers['x-mlpilot-signature'] as string | undefined,
        event: req.headers['x-mlpilot-event'] as string | undefined,
        status,
      });
      res.writeHead(status).end();
    });
  });
  let dir: string;
  let url: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mlp-monitor-'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/mlpilot`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens one incident, delivers signed webhooks with a retry, calls the rollback hook and resolves on recovery', async () => {
    const random = seededRandom(16);
    const reference = new Frame([{ name: 'x', type: 'numeric', values: normals(random, 2000) }]);
    const data = new FrameDataSource('churn', reference);
    for (let day = 0; day < 30; day++) {
      // Days 20–24 are shifted by 1.5 standard deviations; the rest come from the reference distribution.
      const shifted = day >= 20 && day < 25;
      data.log({ timestamp: START + day * DAY + 12 * HOUR, columns: { x: normals(random, 500, shifted ? 1.5 : 0) } });
    }
    const clock = new ManualClock(START);
    const delays: number[] = [];
    const rollbacks: RollbackRequest[] = [];
    const config = resolveConfig({
      file: {
        source: 'test',
        values: {
          monitors: [
            {
              name: 'x-drift',
              model: 'churn',
              signal: { kind: 'drift', column: 'x' },
              window: { every: 'day' },
              threshold: { above: 0.2 },
              resolveAfter: 3,
              actions: [
                { kind: 'webhook', url, secret: SECRET, backoffMs: 250, maxAttempts: 4 },
                { kind: 'rollback', options: { to: 'previous' } },
              ],
            },
          ],
        },
      },
    });
    const ws = await Workspace.open({
      cwd: dir,
      config,
      clock,
      logger: silentLogger,
      actor: 'monitor-test',
      plugins: {
        monitoring: {
          data,
          sleep: async (ms) => void delays.push(ms),
          rollback: async (request) => {
            rollbacks.push(request);
            return { rolledBack: true, detail: { model: request.model, version: 1 } };
          },
        },
      },
    });
    try {
      // The scheduler submits a round per new hour; here a round runs in-process instead of as a job.
      const rounds: number[] = [];
      const scheduler = new MonitorScheduler({
        clock,
        logger: silentLogger,
        submit: async (at) => {
          rounds.push(at);
          await ws.monitors.evaluate({ at }, ws.ctx);
          return `round-${rounds.length}`;
        },
      });
      for (let hour = 0; hour <= 30 * 24; hour++) {
        await scheduler.tick();
        await scheduler.tick(); // a second tick in the same hour submits nothing
        clock.advance(HOUR);
      }
      expect(rounds).toHaveLength(30 * 24 + 1);

      const [status] = await ws.monitors.status('x-drift');
      expect(status?.recent).toHaveLength(10);
      const evaluations = (await ws.monitors.status('x-drift'))[0]?.recent ?? [];
      expect(evaluations[0]?.window.key).toBe('2026-03-30T00:00:00.000Z/P1D');

      const alerts = await ws.monitors.alerts({ monitor: 'x-drift' });
      expect(alerts.map((a) => a.window).sort()).toEqual([20, 21, 22, 23, 24].map((d) => `2026-03-${d + 1}T00:00:00.000Z/P1D`));
      for (const alert of alerts) expect(alert.value).toBeGreaterThan(0.2);

      const incidents = await ws.monitors.incidents({});
      expect(incidents).toHaveLength(1);
      const incident = incidents[0];
      expect(incident).toMatchObject({
        monitor: 'x-drift',
        subject: 'churn/x',
        status: 'resolved',
        alertCount: 5,
        firstWindow: '2026-03-21T00:00:00.000Z/P1D',
        lastWindow: '2026-03-25T00:00:00.000Z/P1D',
        healthyStreak: 3,
      });
      // Resolved with the third healthy day (day 27) closing: at 2026-03-29T00:00Z on the replayed clock.
      expect(incident?.resolvedAt).toBe(START + 28 * DAY);
      expect(new Set(alerts.map((a) => a.incidentId))).toEqual(new Set([incident?.id]));

      // Webhook: the opening notice failed once (500) and was retried after the backoff; the resolution went through.
      expect(received.map((r) => [r.event, r.status])).toEqual([
        ['incident.opened', 500],
        ['incident.opened', 200],
        ['incident.resolved', 200],
      ]);
      expect(delays).toEqual([250]);
      for (const r of received) {
        const expected = `sha256=${createHmac('sha256', SECRET).update(r.body).digest('hex')}`;
        expect(r.signature).toBe(expected);
        expect(JSON.parse(r.body)).toMatchObject({ monitor: { name: 'x-drift', model: 'churn' }, incident: { id: incident?.id } });
      }
      expect(received[0]?.body).toBe(received[1]?.body);

      expect(rollbacks).toEqual([{ model: 'churn', monitor: 'x-drift', incidentId: incident?.id, options: { to: 'previous' } }]);
      expect(incident?.actions.map((a) => [a.kind, a.trigger, a.status, a.attempts])).toEqual([
        ['webhook', 'incident.opened', 'succeeded', 2],
        ['rollback', 'incident.opened', 'succeeded', 1],
        ['webhook', 'incident.resolved', 'succeeded', 1],
      ]);

      const count = async (type: string) => (await ws.store.events.list({ types: [type], limit: 1000 })).length;
      expect(await count('incident.opened')).toBe(1);
      expect(await count('incident.updated')).toBe(4);
      expect(await count('incident.resolved')).toBe(1);
      expect(await count('alert.fired')).toBe(5);
      expect(await count('monitor.evaluated')).toBe(30);
      expect(await count('incident.action_ran')).toBe(3);
    } finally {
      await ws.close();
    }
  }, 60_000);
});
