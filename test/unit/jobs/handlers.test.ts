import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { Registry } from '../../../src/core/index.js';
import { builtinJobHandlers, defineJobHandler, diagWorkHandler, loadJobHandlers } from '../../../src/jobs/index.js';
import type { JobContext, JobHandler } from '../../../src/jobs/index.js';
import { silentLogger } from '../../../src/core/index.js';

const testHandlers = new URL('../../fixtures/jobs/test-handlers.ts', import.meta.url).href;

function context(overrides: Partial<JobContext> = {}): JobContext & { reported: Array<[number, string | undefined]> } {
  const reported: Array<[number, string | undefined]> = [];
  return {
    jobId: 'j1',
    attempt: 1,
    workerId: 'w1',
    signal: new AbortController().signal,
    logger: silentLogger,
    progress: (fraction, message) => void reported.push([fraction, message]),
    actor: 'tester',
    handlerModules: [],
    platform: () => Promise.reject(new Error('no platform in this test')),
    reported,
    ...overrides,
  };
}

describe('job handler registry', () => {
  it('holds the built-ins under permanent kebab-case ids', () => {
    expect(builtinJobHandlers().ids()).toEqual(['diag-work']);
    expect(builtinJobHandlers().get('diag-work').title).toMatch(/sha256/);
  });

  it('names the known types when a type is unknown', () => {
    let caught: unknown;
    try {
      builtinJobHandlers().get('train-model');
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({
      code: 'MLP_CORE_UNKNOWN_ID',
      details: { registry: 'job type', id: 'train-model', known: ['diag-work'] },
    });
    expect((caught as Error).message).toContain('known: diag-work');
  });

  it('refuses a duplicate id and a non-kebab-case id', () => {
    const registry = builtinJobHandlers();
    expect(() => registry.register(diagWorkHandler)).toThrow(expect.objectContaining({ code: 'MLP_CORE_DUPLICATE_ID' }));
    const bad = defineJobHandler({ id: 'Bad_Id', title: 'x', payloadSchema: z.object({}), run: () => null });
    expect(() => new Registry<JobHandler>('job type', [bad])).toThrow(expect.objectContaining({ code: 'MLP_CORE_INVALID_ID' }));
  });

  it('adds handlers from modules exporting jobHandlers, skips modules without them and rejects a non-array export', async () => {
    const registry = await loadJobHandlers([testHandlers]);
    expect(registry.ids()).toEqual(['diag-work', 'test-fail', 'test-huge-result', 'test-sleep', 'test-stubborn']);
    const notHandlers = new URL('../../fixtures/jobs/job-test-store.ts', import.meta.url).href;
    expect((await loadJobHandlers([notHandlers])).ids()).toEqual(['diag-work']);
    const badExport = 'data:text/javascript,export const jobHandlers = 42;';
    await expect(loadJobHandlers([badExport])).rejects.toMatchObject({ code: 'MLP_CONFIG_INVALID', details: { path: 'jobHandlers' } });
  });
});

describe('payload validation', () => {
  it('names the bad field, nested ones with their path', () => {
    const handler = defineJobHandler({
      id: 'nested',
      title: 'nested',
      payloadSchema: z.strictObject({ trial: z.strictObject({ params: z.array(z.number()) }) }),
      run: () => null,
    });
    expect(() => handler.parsePayload({ trial: { params: [1, 'x'] } })).toThrow(
      expect.objectContaining({ code: 'MLP_CORE_VALIDATION', details: expect.objectContaining({ field: 'payload.trial.params.1' }) }),
    );
    expect(() => diagWorkHandler.parsePayload({ rounds: 1.5 })).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field: 'payload.rounds' }) }),
    );
    expect(() => diagWorkHandler.parsePayload('rounds=3')).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field: 'payload' }) }),
    );
  });

  it('validates again when run, since payloads may come from the database', async () => {
    await expect(diagWorkHandler.run({ rounds: 0 }, context())).rejects.toMatchObject({ code: 'MLP_CORE_VALIDATION' });
  });
});

describe('diag-work', () => {
  it('reports progress every progressEvery rounds and ends at 1', async () => {
    const ctx = context();
    await diagWorkHandler.run({ rounds: 10, bytes: 64, progressEvery: 4 }, ctx);
    expect(ctx.reported).toEqual([
      [0.4, 'round 4/10'],
      [0.8, 'round 8/10'],
    ]);
  });

  it('matches the definition for one round: sha256 of the seed digest repeated over the buffer', async () => {
    const { createHash } = await import('node:crypto');
    const seed = createHash('sha256').update('s').digest();
    const buffer = Buffer.concat([seed, seed]);
    const expected = createHash('sha256').update(buffer).digest('hex');
    await expect(diagWorkHandler.run({ rounds: 1, bytes: 64, seed: 's' }, context())).resolves.toEqual({
      digest: expected,
      rounds: 1,
      attempt: 1,
      workerId: 'w1',
    });
  });

  it('stops with the signal reason when aborted', async () => {
    const controller = new AbortController();
    const reason = new Error('stop now');
    controller.abort(reason);
    await expect(diagWorkHandler.run({ rounds: 5 }, context({ signal: controller.signal }))).rejects.toBe(reason);
  });
});
