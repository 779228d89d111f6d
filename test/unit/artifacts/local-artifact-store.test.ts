import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { beforeEach, describe, expect, it } from 'vitest';

import { LocalArtifactStore } from '../../../src/artifacts/index.js';
import { caughtCode, nonRegularFiles, RUNNING_AS_ROOT, unreadablePaths } from '../../fixtures/fs/unreadable.js';

const sha = (s: string | Buffer): string => createHash('sha256').update(s).digest('hex');

describe('LocalArtifactStore', () => {
  let root: string;
  let store: LocalArtifactStore;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mlp-art-'));
    store = new LocalArtifactStore(root);
  });

  it('addresses content by its sha256 and stores it once', async () => {
    const first = await store.put('hello');
    expect(first).toEqual({ digest: sha('hello'), size: 5, created: true });
    const again = await store.put(Buffer.from('hello'));
    expect(again.created).toBe(false);
    expect((await store.get(first.digest)).toString()).toBe('hello');
    expect(readdirSync(join(root, 'tmp'))).toEqual([]);
  });

  it('streams files in and copies them out byte for byte', async () => {
    const src = join(root, 'in.bin');
    const content = Buffer.alloc(3 * 1024 * 1024 + 7, 0xab);
    writeFileSync(src, content);
    const put = await store.putFile(src);
    expect(put.digest).toBe(sha(content));
    expect(put.size).toBe(content.length);
    const out = join(root, 'out.bin');
    await store.copyTo(put.digest, out);
    expect(sha(readFileSync(out))).toBe(put.digest);
  });

  it('refuses a blob whose content no longer matches its digest', async () => {
    const { digest } = await store.put('original');
    writeFileSync(join(root, 'blobs', digest.slice(0, 2), digest), 'tampered');
    await expect(store.get(digest)).rejects.toMatchObject({ code: 'MLP_ARTIFACT_CORRUPT' });
  });

  it.each(['../../etc/passwd', '/etc/passwd', 'ABC', 'a'.repeat(63), `${'a'.repeat(63)}\0`, '..%2f..%2fetc%2fpasswd'])(
    'rejects %j as a digest before touching the disk',
    async (bad) => {
      await expect(store.get(bad)).rejects.toMatchObject({ code: 'MLP_ARTIFACT_INVALID_DIGEST' });
      await expect(store.has(bad)).rejects.toMatchObject({ code: 'MLP_ARTIFACT_INVALID_DIGEST' });
    },
  );

  it('reports a missing blob as not found', async () => {
    await expect(store.get(sha('nothing'))).rejects.toMatchObject({ code: 'MLP_ARTIFACT_NOT_FOUND' });
  });

  it('reports a blob it cannot read as MLP_ARTIFACT_IO with the errno, not as not found or absent', async () => {
    const digest = sha('a directory where a blob should be');
    mkdirSync(join(root, 'blobs', digest.slice(0, 2), digest), { recursive: true });
    const path = `blobs/${digest.slice(0, 2)}/${digest}`;
    expect(await caughtCode(() => store.get(digest))).toMatchObject({
      code: 'MLP_ARTIFACT_IO',
      details: { path, operation: 'read', errno: 'EISDIR' },
    });
    expect(await caughtCode(() => store.delete(digest))).toMatchObject({ code: 'MLP_ARTIFACT_IO', details: { path, operation: 'delete' } });
    // a regular file where a prefix directory should be: whether any blob under it exists cannot be told
    const other = sha('under a file');
    writeFileSync(join(root, 'blobs', other.slice(0, 2)), 'not a directory');
    expect(await caughtCode(() => store.has(other))).toMatchObject({ code: 'MLP_ARTIFACT_IO', details: { errno: 'ENOTDIR' } });
  });

  it('lists nothing before the first blob, but refuses to list a store whose blobs directory is unreadable', async () => {
    const blobs: string[] = [];
    for await (const blob of store.list()) blobs.push(blob.digest);
    expect(blobs).toEqual([]);
    writeFileSync(join(root, 'blobs'), 'not a directory');
    expect(
      await caughtCode(async () => {
        for await (const blob of store.list()) blobs.push(blob.digest);
      }),
    ).toMatchObject({ code: 'MLP_ARTIFACT_IO', details: { path: 'blobs', operation: 'list', errno: 'ENOTDIR' } });
  });

  it.skipIf(RUNNING_AS_ROOT)('reports a blob without read permission as MLP_ARTIFACT_IO (EACCES)', async () => {
    const { digest } = await store.put('locked');
    chmodSync(join(root, 'blobs', digest.slice(0, 2), digest), 0o000);
    expect(await caughtCode(() => store.get(digest))).toMatchObject({ code: 'MLP_ARTIFACT_IO', details: { errno: 'EACCES' } });
  });

  it('reports a missing input file as MLP_DATA_FILE_NOT_FOUND', async () => {
    const file = join(root, 'missing.bin');
    expect(await caughtCode(() => store.putFile(file))).toEqual({ code: 'MLP_DATA_FILE_NOT_FOUND', details: { file } });
  });

  // EACCES (a chmod 000 file) is among the cases only when not running as root, who can read it anyway
  it('reports an input path it cannot read as MLP_DATA_FILE_UNREADABLE with the errno, leaving no temporary file', async () => {
    for (const p of [...unreadablePaths(join(root, 'inputs')), ...nonRegularFiles(join(root, 'inputs'))]) {
      expect(await caughtCode(() => store.putFile(p.path)), p.what).toMatchObject({
        code: 'MLP_DATA_FILE_UNREADABLE',
        details: { file: p.path, errno: p.errno },
      });
    }
    expect(existsSync(join(root, 'tmp')) ? readdirSync(join(root, 'tmp')) : []).toEqual([]);
  });

  it('round-trips trees and rejects traversal in their paths', async () => {
    const a = await store.put('a');
    const tree = await store.putTree([{ path: 'model/weights.bin', digest: a.digest, size: 1 }]);
    expect(await store.readTree(tree.digest)).toEqual([{ path: 'model/weights.bin', digest: a.digest, size: 1 }]);
    expect(await store.readTree(a.digest)).toBeUndefined();
    await expect(store.putTree([{ path: '../x', digest: a.digest, size: 1 }])).rejects.toMatchObject({ code: 'MLP_CORE_INVALID_PATH' });
  });

  it('collects only unreachable blobs older than the grace period, dry run by default', async () => {
    const kept = await store.put('kept-by-tree');
    const root1 = await store.putTree([{ path: 'f', digest: kept.digest, size: 12 }]);
    const garbage = await store.put('garbage!');
    const now = Date.now() + 60_000;
    const dry = await store.collectGarbage({ roots: new Set([root1.digest]), dryRun: true, graceMs: 1000, now });
    expect(dry).toMatchObject({ scanned: 3, reachable: 2, bytesFreed: 8 });
    expect(dry.deleted.map((d) => d.digest)).toEqual([garbage.digest]);
    expect(await store.has(garbage.digest)).toBe(true);

    const young = await store.collectGarbage({ roots: new Set([root1.digest]), dryRun: false, graceMs: 120_000, now });
    expect(young.keptYoung).toBe(1);
    expect(await store.has(garbage.digest)).toBe(true);

    const real = await store.collectGarbage({ roots: new Set([root1.digest]), dryRun: false, graceMs: 1000, now });
    expect(real.deleted).toHaveLength(1);
    expect(await store.has(garbage.digest)).toBe(false);
    expect(await store.has(kept.digest)).toBe(true);
  });

  describe('a blob is a tree because putTree wrote it, never because of its bytes', () => {
    const lookalike = (digest: string): string => `{"mlpilot":"tree/v1","entries":[{"path":"f","digest":"${digest}","size":6}]}`;

    it('an uploaded blob with exactly the bytes of a tree manifest is not a tree and keeps nothing alive', async () => {
      const orphan = await store.put('orphan');
      const upload = await store.put(lookalike(orphan.digest));
      expect(await store.readTree(upload.digest)).toBeUndefined();
      const now = Date.now() + 60_000;
      const gc = await store.collectGarbage({ roots: new Set([upload.digest]), dryRun: true, graceMs: 1000, now });
      expect(gc).toMatchObject({ scanned: 2, reachable: 1 });
      expect(gc.deleted.map((d) => d.digest)).toEqual([orphan.digest]);
    });

    it('an uploaded blob that starts like a manifest but is not JSON does not break garbage collection', async () => {
      const kept = await store.put('kept');
      const tree = await store.putTree([{ path: 'k', digest: kept.digest, size: 4 }]);
      const upload = await store.put('{"mlpilot":"tree/v1" and then anything at all');
      expect(await store.readTree(upload.digest)).toBeUndefined();
      const gc = await store.collectGarbage({
        roots: new Set([upload.digest, tree.digest]),
        dryRun: false,
        graceMs: 0,
        now: Date.now() + 1,
      });
      expect(gc).toMatchObject({ scanned: 3, reachable: 3, deleted: [] });
    });

    it('the same bytes written by putTree are a tree, and stop being one once garbage collection deletes them', async () => {
      const a = await store.put('orphan');
      const upload = await store.put(lookalike(a.digest));
      const tree = await store.putTree([{ path: 'f', digest: a.digest, size: 6 }]);
      expect(tree.digest).toBe(upload.digest); // same content, same digest: written as a tree now
      expect(await store.readTree(tree.digest)).toEqual([{ path: 'f', digest: a.digest, size: 6 }]);
      await store.collectGarbage({ roots: new Set(), dryRun: false, graceMs: 0, now: Date.now() + 1 });
      expect(await store.has(tree.digest)).toBe(false);
      await store.put(lookalike(a.digest));
      expect(await store.readTree(tree.digest)).toBeUndefined();
    });

    it('reading the tree of a digest that is not stored is MLP_ARTIFACT_NOT_FOUND', async () => {
      await expect(store.readTree(sha('nothing'))).rejects.toMatchObject({ code: 'MLP_ARTIFACT_NOT_FOUND' });
    });

    it('a store written before tree markers existed keeps its trees: canonical manifests are marked once, on first use', async () => {
      const legacy = (text: string): string => {
        const digest = sha(text);
        mkdirSync(join(root, 'blobs', digest.slice(0, 2)), { recursive: true });
        writeFileSync(join(root, 'blobs', digest.slice(0, 2), digest), text);
        return digest;
      };
      const leaf = legacy('leaf!!');
      const tree = legacy(lookalike(leaf));
      const spaced = legacy(lookalike(leaf).replace('"entries":', '"entries": ')); // not what putTree writes
      const reopened = new LocalArtifactStore(root);
      expect(await reopened.readTree(tree)).toEqual([{ path: 'f', digest: leaf, size: 6 }]);
      expect(await reopened.readTree(spaced)).toBeUndefined();
      // after the one marking pass, new lookalike uploads are plain blobs
      const other = await reopened.put(lookalike(sha('x')));
      expect(await new LocalArtifactStore(root).readTree(other.digest)).toBeUndefined();
    });
  });
});
