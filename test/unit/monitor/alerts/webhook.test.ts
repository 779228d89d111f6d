/** The webhook action with a scripted fetch: signature, retries with capped exponential backoff, what is not retried. */
import { createHmac } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { ManualClock, monitorActionSchema, monitorSpecSchema, silentLogger } from '../../../../src/core/index.js';
import { alertActionRegistry, builtinAlertActions, signBody } from '../../../../src/monitor/index.js';
import type { AlertActionDeps, IncidentNotice } from '../../../../src/monitor/index.js';

const SECRET = 'sixteen-chars-or-more';
const actions = alertActionRegistry(builtinAlertActions);
const monitor = monitorSpecSchema.parse({
  name: 'm',
  model: 'churn',
  signal: { kind: 'error-rate' },
  window: { rows: 100 },
  threshold: { above: 0.1 },
});
const notice: IncidentNotice = {
  type: 'incident.opened',
  monitor,
  incident: {
    id: 'inc1',
    monitor: 'm',
    subject: 'churn',
    status: 'open',
    openedAt: 1,
    updatedAt: 1,
    resolvedAt: null,
    alertCount: 1,
    healthyStreak: 0,
    firstWindow: 'rows:0-100',
    lastWindow: 'rows:0-100',
  },
  evaluation: {
    id: 'e1',
    monitor: 'm',
    subject: 'churn',
    window: { key: 'rows:0-100', start: 0, end: 100 },
    value: 0.3,
    threshold: { lower: null, upper: 0.1 },
    status: 'alert',
    rows: 100,
    note: null,
    evaluatedAt: 1,
  },
};

function scripted(answers: Array<number | Error>) {
  const calls: Array<{ url: string; body: string; headers: Record<string, string>; redirect: string | undefined }> = [];
  const delays: number[] = [];
  const deps: AlertActionDeps = {
    fetch: (async (url: string, init: RequestInit) => {
      calls.push({ url, body: init.body as string, headers: init.headers as Record<string, string>, redirect: init.redirect });
      const answer = answers[calls.length - 1] ?? 200;
      if (answer instanceof Error) throw answer;
      return new Response(null, { status: answer });
    }) as typeof fetch,
    sleep: async (ms) => void delays.push(ms),
    clock: new ManualClock(Date.UTC(2026, 0, 1)),
    logger: silentLogger,
    submitTraining: async () => 'job-1',
  };
  return { calls, delays, deps };
}

const webhook = (extra: Record<string, unknown> = {}) =>
  monitorActionSchema.parse({ kind: 'webhook', url: 'https://hooks.example/x?token=abc', secret: SECRET, ...extra });

describe('webhook action', () => {
  it('signs the raw body with HMAC-SHA256 and does not follow redirects', async () => {
    const { calls, deps } = scripted([204]);
    const outcome = await actions.get('webhook').run(webhook() as never, notice, deps);
    expect(outcome).toMatchObject({ status: 'succeeded', attempts: 1, detail: { url: 'https://hooks.example/x', answers: [204] } });
    const call = calls[0] as (typeof calls)[number];
    expect(call.headers['x-mlpilot-signature']).toBe(`sha256=${createHmac('sha256', SECRET).update(call.body).digest('hex')}`);
    expect(signBody(SECRET, call.body)).toBe(call.headers['x-mlpilot-signature']);
    expect(call.redirect).toBe('manual');
    expect(JSON.parse(call.body)).toMatchObject({
      type: 'incident.opened',
      monitor: { name: 'm' },
      incident: { id: 'inc1' },
      sentAt: Date.UTC(2026, 0, 1),
    });
    expect(JSON.stringify(outcome.detail)).not.toContain('token=abc');
  });

  it('retries 5xx, 429 and network errors with exponential backoff capped at maxBackoffMs, within maxAttempts', async () => {
    const { calls, delays, deps } = scripted([503, 429, new TypeError('fetch failed'), 500, 200]);
    const outcome = await actions.get('webhook').run(webhook({ maxAttempts: 5, backoffMs: 100, maxBackoffMs: 300 }) as never, notice, deps);
    expect(outcome).toMatchObject({ status: 'succeeded', attempts: 5 });
    expect(delays).toEqual([100, 200, 300, 300]);
    expect(new Set(calls.map((c) => c.body)).size).toBe(1);
  });

  it('gives up after maxAttempts, and at once on a 4xx or a redirect', async () => {
    const exhausted = scripted([500, 500, 500]);
    expect(await actions.get('webhook').run(webhook({ maxAttempts: 3, backoffMs: 10 }) as never, notice, exhausted.deps)).toMatchObject({
      status: 'failed',
      attempts: 3,
      detail: { answers: [500, 500, 500], delays: [10, 20] },
    });
    for (const status of [400, 401, 404, 301]) {
      const once = scripted([status]);
      expect(await actions.get('webhook').run(webhook() as never, notice, once.deps)).toMatchObject({ status: 'failed', attempts: 1 });
      expect(once.delays).toEqual([]);
    }
  });

  it('refuses a declaration with a non-http URL or a short secret', () => {
    expect(monitorActionSchema.safeParse({ kind: 'webhook', url: 'file:///etc/passwd', secret: SECRET }).success).toBe(false);
    expect(monitorActionSchema.safeParse({ kind: 'webhook', url: 'https://x.example', secret: 'short' }).success).toBe(false);
  });
});

describe('retrain and rollback actions', () => {
  it('retrain submits the train job with the configured spec; a refused payload is a failed action', async () => {
    const { deps } = scripted([]);
    const payloads: unknown[] = [];
    const ok = await actions
      .get('retrain')
      .run(monitorActionSchema.parse({ kind: 'retrain', train: { data: 'churn@latest', target: 'y' } }) as never, notice, {
        ...deps,
        submitTraining: async (p) => (payloads.push(p), 'job-7'),
      });
    expect(ok).toEqual({ status: 'succeeded', attempts: 1, detail: { jobId: 'job-7', incident: 'inc1' } });
    expect(payloads).toEqual([{ data: 'churn@latest', target: 'y' }]);
    const { ValidationError } = await import('../../../../src/core/index.js');
    const refused = await actions.get('retrain').run(monitorActionSchema.parse({ kind: 'retrain', train: {} }) as never, notice, {
      ...deps,
      submitTraining: async () => {
        throw ValidationError({ field: 'payload.data', problem: 'Required' });
      },
    });
    expect(refused).toMatchObject({ status: 'failed', detail: { code: 'MLP_CORE_VALIDATION' } });
  });

  it('rollback delegates to the plugged-in handler, and fails saying so without one', async () => {
    const { deps } = scripted([]);
    const config = monitorActionSchema.parse({ kind: 'rollback', options: { to: 'previous' } });
    expect(await actions.get('rollback').run(config as never, notice, deps)).toMatchObject({ status: 'failed', attempts: 0 });
    const done = await actions.get('rollback').run(config as never, notice, {
      ...deps,
      rollback: async (r) => ({ rolledBack: true, detail: { model: r.model, options: r.options } }),
    });
    expect(done).toEqual({ status: 'succeeded', attempts: 1, detail: { model: 'churn', options: { to: 'previous' } } });
  });
});
