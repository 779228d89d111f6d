/**
 * The embedded SQLite store holds token hashes, parameters and the event log: the files mlpilot creates are the
 * owner's alone (0600, the directory 0700) whatever the umask, and what already existed keeps its mode.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ManualClock } from '../../../src/core/index.js';
import { openStore } from '../../../src/store/index.js';

const mode = (path: string): number => statSync(path).mode & 0o777;

describe.skipIf(process.platform === 'win32')('SQLite file permissions', () => {
  let root = '';
  let umask = 0;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mlpilot-perm-'));
    // The most permissive umask: every bit the store leaves open would show.
    umask = process.umask(0);
  });
  afterEach(() => {
    process.umask(umask);
    rmSync(root, { recursive: true, force: true });
  });

  it('creates the database, its -wal and -shm 0600 and the directories it makes 0700', async () => {
    const dir = join(root, 'project', '.mlpilot');
    const path = join(dir, 'mlpilot.db');
    const store = await openStore({ url: `sqlite:${path}`, clock: new ManualClock() });
    try {
      await store.experiments.create({ name: 'e' }, { actor: 'me' });
      for (const file of [path, `${path}-wal`, `${path}-shm`]) expect(mode(file), file).toBe(0o600);
      expect(mode(dir)).toBe(0o700);
      expect(mode(join(root, 'project'))).toBe(0o700);
    } finally {
      await store.close();
    }
    // Reopening an existing store changes nothing.
    const again = await openStore({ url: `sqlite:${path}`, clock: new ManualClock() });
    await again.close();
    expect(mode(path)).toBe(0o600);
  });

  it('leaves the mode of a directory and a database file that already existed alone', async () => {
    const dir = join(root, 'shared');
    mkdirSync(dir);
    chmodSync(dir, 0o750);
    const path = join(dir, 'mlpilot.db');
    writeFileSync(path, '');
    chmodSync(path, 0o640);
    const store = await openStore({ url: `sqlite:${path}`, clock: new ManualClock() });
    await store.close();
    expect(mode(dir)).toBe(0o750);
    expect(mode(path)).toBe(0o640);
  });
});
