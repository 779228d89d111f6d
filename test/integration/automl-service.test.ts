/**
 * The workspace's AutoML service: reproducible with parallel trial jobs (same seed, workers and trial count → the
 * same trials and model bytes), and the platform's history warm-starting a second search on similar data.
 */
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { AutomlResult } from '../../src/automl/index.js';
import { encodeBundle, nativeBundle } from '../../src/ml/index.js';
import { openWorkspace, type Workspace } from '../../src/workspace/index.js';
import { tempProject } from '../fixtures/cli/run-cli.js';

const iris = join(import.meta.dirname, '../../examples/iris.csv');

let project: ReturnType<typeof tempProject>;
let ws: Workspace;
beforeEach(async () => {
  project = tempProject();
  ws = await openWorkspace({ cwd: project.dir });
});
afterEach(async () => {
  await ws.close();
  project.cleanup();
});

const trialsOf = (r: AutomlResult) => r.trials.map((t) => ({ config: t.config, source: t.source, score: t.score, status: t.status }));
const modelBytes = (r: AutomlResult) =>
  [...encodeBundle(nativeBundle(r.model)).entries()].map(([file, bytes]) => [file, Buffer.from(bytes).toString('base64')]);

describe('AutomlService', () => {
  it('gives the same trials and model bytes for the same seed, workers and trial count, trials on two threads', async () => {
    const request = { train: { file: iris }, target: 'species', workers: 2, maxTrials: 8, seed: 3 };
    const a = await ws.automl.run(request, ws.ctx);
    // A second, empty project: no history to start from, so nothing but the seed decides.
    const other = tempProject();
    const ws2 = await openWorkspace({ cwd: other.dir });
    try {
      const b = await ws2.automl.run(request, ws2.ctx);
      expect(trialsOf(b.result)).toEqual(trialsOf(a.result));
      expect(modelBytes(b.result)).toEqual(modelBytes(a.result));
    } finally {
      await ws2.close();
      other.cleanup();
    }
    expect(a.result.trials).toHaveLength(8);
  }, 120_000);

  it('starts a second search on similar data from the best configurations of the first', async () => {
    const first = await ws.automl.run({ train: { file: iris }, target: 'species', maxTrials: 8 }, ws.ctx);
    const second = await ws.automl.run({ train: { file: iris }, target: 'species', maxTrials: 9, seed: 1 }, ws.ctx);
    const best = [...first.result.trials]
      .filter((t) => t.score !== undefined)
      .sort((x, y) => (x.score as number) - (y.score as number) || x.id - y.id)
      .map((t) => t.config);
    // The second search starts with the first one's best three configurations, best first.
    const opening = second.result.trials.slice(0, 3);
    expect(opening.map((t) => t.source)).toEqual(['history', 'history', 'history']);
    expect(opening.map((t) => t.config)).toEqual(best.slice(0, 3));
  }, 120_000);
});
