import { afterEach, describe, expect, it } from 'vitest';

import { ManualClock, silentLogger } from '../../../src/core/index.js';
import { LocalJobQueue } from '../../../src/jobs/index.js';
import type { Store } from '../../../src/store/index.js';
import { openJobTestStore } from '../../fixtures/jobs/job-test-store.js';

const ctx = { actor: 'test' };
let store: Store | undefined;
let queue: LocalJobQueue | undefined;
afterEach(async () => {
  await queue?.close();
  await store?.close();
});

describe('LocalJobQueue and the event loop', () => {
  it('keeps timers ticking while a CPU-bound job runs on a pool thread', async () => {
    store = await openJobTestStore();
    queue = await LocalJobQueue.open({ store, concurrency: 1, clock: new ManualClock(), logger: silentLogger });
    // A job far longer than the test: it only ends because we cancel it after enough timer ticks. Were the
    // handler on the main thread, no tick could run until it finished and the test would time out.
    const job = await queue.submit('diag-work', { rounds: 100_000_000, bytes: 1024, progressEvery: 1000 }, undefined, ctx);
    const q = queue;
    await new Promise<void>((resolve) => {
      const started = (): void => {
        void q.get(job.id).then((record) => (record.status === 'running' ? resolve() : setTimeout(started, 5)));
      };
      started();
    });
    let ticks = 0;
    let runningAtEveryTick = true;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        ticks++;
        void q.get(job.id).then((record) => {
          if (record.status !== 'running') runningAtEveryTick = false;
        });
        if (ticks === 20) {
          clearInterval(timer);
          resolve();
        }
      }, 5);
    });
    const during = await queue.get(job.id);
    expect(ticks).toBe(20);
    expect(runningAtEveryTick).toBe(true);
    expect(during.status).toBe('running');
    expect(during.progress).toBeLessThan(1);
    await queue.cancel(job.id, ctx);
    expect((await queue.wait(job.id, { timeoutMs: 20_000 })).status).toBe('cancelled');
  });
});
