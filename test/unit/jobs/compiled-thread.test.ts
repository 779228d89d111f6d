/**
 * The build output's pool threads: from `dist/` the thread entry is plain `thread-entry.js` (no tsx), while
 * the other unit tests run from source (`.ts` entry through the tsx bootstrap). Needs `npm run build`
 * (`npm test` builds first); without dist/ it fails in CI and skips with a warning elsewhere.
 */
import { existsSync, statSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import type * as CoreModule from '../../../src/core/index.js';
import type * as JobsModule from '../../../src/jobs/index.js';
import type * as StoreModule from '../../../src/store/index.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const distJobs = `${root}dist/jobs/index.js`;
const built = existsSync(distJobs) && existsSync(`${root}dist/jobs/thread-entry.js`);
if (!built && process.env.CI !== undefined) throw new Error('dist/jobs is missing: run `npm run build` before the tests');
if (!built) console.warn('\n!!! SKIPPING test/unit/jobs/compiled-thread.test.ts: no dist/jobs; run `npm run build`.\n');
if (built) {
  const newestSource = Math.max(
    ...readdirSync(`${root}src/jobs`)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => statSync(`${root}src/jobs/${f}`).mtimeMs),
  );
  if (statSync(distJobs).mtimeMs < newestSource)
    console.warn('\n!!! dist/jobs is older than src/jobs: run `npm run build` to test the current code.\n');
}

describe.skipIf(!built)('LocalJobQueue from the build output', () => {
  it('runs diag-work on a plain-JavaScript pool thread', async () => {
    const jobs = (await import(/* @vite-ignore */ distJobs)) as typeof JobsModule;
    const core = (await import(/* @vite-ignore */ `${root}dist/core/index.js`)) as typeof CoreModule;
    const storeModule = (await import(/* @vite-ignore */ `${root}dist/store/index.js`)) as typeof StoreModule;
    const store = await storeModule.openStore({ url: 'sqlite::memory:', clock: new core.ManualClock(), logger: core.silentLogger });
    const queue = await jobs.LocalJobQueue.open({ store, concurrency: 1, clock: new core.ManualClock(), logger: core.silentLogger });
    try {
      const record = await queue.submit('diag-work', { rounds: 2, bytes: 32, seed: 'dist' }, undefined, { actor: 'test' });
      const done = await queue.wait(record.id, { timeoutMs: 20_000 });
      const { createHash } = await import('node:crypto');
      const seed = createHash('sha256').update('dist').digest();
      const buffer = Buffer.from(seed);
      for (let r = 0; r < 2; r++) createHash('sha256').update(buffer).digest().copy(buffer, 0);
      expect(done.status).toBe('succeeded');
      expect((done.result as { digest: string }).digest).toBe(buffer.toString('hex'));
    } finally {
      await queue.close();
      await store.close();
    }
  });
});
