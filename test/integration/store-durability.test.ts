/**
 * Durability: a writer process is killed with SIGKILL at a random moment, 20 times, on the same SQLite file.
 * Afterwards the store opens, passes the integrity check, and every write acknowledged before a kill is there.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, describe, expect, it } from 'vitest';

import { ManualClock } from '../../src/core/index.js';
import { openStore } from '../../src/store/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const writer = join(here, '..', 'fixtures', 'store', 'durability-writer.ts');
const dir = mkdtempSync(join(tmpdir(), 'mlpilot-durability-'));
const url = `sqlite:${join(dir, 'store.db')}`;

interface Acks {
  runs: Set<string>;
  points: Map<string, number>;
  tagged: Set<string>;
}

/** Runs the writer until it has acknowledged `target` lines after "ready", then SIGKILLs it. */
function runAndKill(target: number, acks: Acks): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let buffer = '';
    let seen = 0;
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const [kind, id, n] = line.split(' ');
        if (kind === 'run') acks.runs.add(id as string);
        if (kind === 'metrics') acks.points.set(id as string, Number(n));
        if (kind === 'tag') acks.tagged.add(id as string);
        if (kind !== 'ready') seen++;
      }
      if (seen >= target && child.exitCode === null) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`writer exited with ${code}: ${stderr}`));
    });
  });
}

describe('store durability under SIGKILL', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every acknowledged write across 20 kills and passes the integrity check', { timeout: 180_000 }, async () => {
    const acks: Acks = { runs: new Set(), points: new Map(), tagged: new Set() };
    // Deterministic "random" kill points: a different number of acknowledged writes each time (1..37).
    for (let round = 0; round < 20; round++) await runAndKill(1 + ((round * 17) % 37), acks);
    expect(acks.runs.size).toBeGreaterThan(20);

    const store = await openStore({ url, clock: new ManualClock() });
    try {
      expect(await store.integrityCheck()).toEqual({ ok: true, problems: [] });
      const created = new Set((await store.events.list({ types: ['run.created'], limit: 10_000 })).map((e) => e.subjectId));
      const tagged = new Set((await store.events.list({ types: ['run.tagged'], limit: 10_000 })).map((e) => e.subjectId));
      for (const runId of acks.runs) {
        const run = await store.runs.get(runId);
        expect(created.has(runId)).toBe(true);
        const acknowledged = acks.points.get(runId) ?? 0;
        // Every acknowledged batch is there; at most the one in flight at the kill may also be there.
        const stored = (await store.runs.metricHistory(runId, 'loss')).length;
        expect(stored === acknowledged || stored === acknowledged + 50).toBe(true);
        if (acks.tagged.has(runId)) {
          expect(run.tags.phase).toBe('done');
          expect(tagged.has(runId)).toBe(true);
        }
      }
    } finally {
      await store.close();
    }
  });
});
