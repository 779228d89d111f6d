import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { decodeBundle, encodeBundle, readBundleDir, writeBundleDir, type BundleContent } from '../../../../src/ml/bundle/index.js';

const content = (): BundleContent => ({
  flavor: 'native',
  signature: {
    inputs: [
      { name: 'x', type: 'numeric', nullable: true },
      { name: 'color', type: 'categorical', nullable: false },
    ],
    output: { name: 'y', task: 'binary', classes: ['no', 'yes'] },
  },
  model: { learner: 'gbdt', rounds: 2 },
  metrics: { auc: 0.9 },
  lineage: { runId: 'r1', datasetVersionIds: ['d1'] },
  arrays: {
    thresholds: new Float64Array([0.5, Number.NaN, -0, 1e-310, Infinity]),
    feature: new Int32Array([0, -1, 1]),
    bits: new Uint8Array([255, 0, 7]),
  },
  files: { 'extra/notes.txt': new TextEncoder().encode('hello') },
});

const clone = (files: Map<string, Uint8Array>): Map<string, Uint8Array> => new Map([...files].map(([k, v]) => [k, Uint8Array.from(v)]));

describe('model bundle codec', () => {
  it('round-trips every array bit for bit', () => {
    const decoded = decodeBundle(encodeBundle(content()), 'mem');
    const original = content();
    for (const [name, array] of Object.entries(original.arrays)) {
      const back = decoded.arrays[name];
      expect(back?.constructor).toBe(array.constructor);
      expect(Buffer.from(back!.buffer, back!.byteOffset, back!.byteLength)).toEqual(
        Buffer.from(array.buffer, array.byteOffset, array.byteLength),
      );
    }
    expect(decoded.signature).toEqual(original.signature);
    expect(decoded.model).toEqual(original.model);
    expect(new TextDecoder().decode(decoded.files?.['extra/notes.txt'])).toBe('hello');
  });

  it('writes the same bytes for the same model', () => {
    const a = encodeBundle(content());
    const b = encodeBundle(content());
    expect([...a.keys()]).toEqual([...b.keys()]);
    for (const [k, v] of a) expect(Buffer.from(v)).toEqual(Buffer.from(b.get(k)!));
  });

  it('rejects a tampered array with a hash mismatch naming the file', () => {
    const files = clone(encodeBundle(content()));
    const manifest = JSON.parse(new TextDecoder().decode(files.get('manifest.json'))) as { arrays: Record<string, { file: string }> };
    const file = manifest.arrays.thresholds!.file;
    files.get(file)![0]! ^= 1;
    expect(() => decodeBundle(files, 'b')).toThrowError(new RegExp(`b/${file}.*sha256 mismatch`));
  });

  it('rejects a truncated array even when the manifest hash is forged to match', () => {
    const files = clone(encodeBundle(content()));
    const manifest = JSON.parse(new TextDecoder().decode(files.get('manifest.json'))) as {
      arrays: Record<string, { file: string; sha256: string }>;
    };
    const entry = manifest.arrays.thresholds!;
    const cut = files.get(entry.file)!.slice(0, 12);
    files.set(entry.file, cut);
    entry.sha256 = createHash('sha256').update(cut).digest('hex');
    files.set('manifest.json', new TextEncoder().encode(JSON.stringify(manifest)));
    expect(() => decodeBundle(files, 'b')).toThrowError(/array thresholds has 12 bytes, expected 5 × 8/);
  });

  it.each([
    ['a missing manifest', (f: Map<string, Uint8Array>) => f.delete('manifest.json'), /manifest\.json is missing/],
    ['an unknown flavor', (f: Map<string, Uint8Array>) => patch(f, { flavor: 'pickle' }), /unknown flavor "pickle"/],
    ['a newer format version', (f: Map<string, Uint8Array>) => patch(f, { formatVersion: 99 }), /version 99 is newer/],
    ['an unlisted file', (f: Map<string, Uint8Array>) => f.set('evil.js', new Uint8Array([1])), /evil\.js is invalid: file is not listed/],
    [
      'a traversal path',
      (f: Map<string, Uint8Array>) => patch(f, { files: { '../../etc/passwd': 'a'.repeat(64) } }),
      /not a valid relative path/,
    ],
    ['an unknown manifest key', (f: Map<string, Uint8Array>) => patch(f, { loader: 'eval' }), /Unrecognized key/],
    ['not JSON', (f: Map<string, Uint8Array>) => f.set('manifest.json', new TextEncoder().encode('{')), /not valid JSON/],
  ])('rejects %s', (_label, mutate, message) => {
    const files = clone(encodeBundle(content()));
    mutate(files);
    expect(() => decodeBundle(files, 'b')).toThrowError(message);
    try {
      decodeBundle(files, 'b');
    } catch (error) {
      expect(error).toMatchObject({ code: 'MLP_ML_BUNDLE_INVALID' });
    }
  });

  it('saves to and loads from a directory', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'mlp-bundle-')), 'model');
    await writeBundleDir(dir, encodeBundle(content()));
    const decoded = decodeBundle(await readBundleDir(dir), dir);
    expect(decoded.metrics).toEqual({ auc: 0.9 });
  });

  it('says whether a bundle directory is missing or exists but cannot be read (with the errno)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mlp-bundle-'));
    await expect(readBundleDir(join(root, 'missing'))).rejects.toThrowError(/missing is invalid: the directory does not exist/);
    writeFileSync(join(root, 'a-file'), 'not a directory');
    await expect(readBundleDir(join(root, 'a-file'))).rejects.toThrowError(/a-file is invalid: the directory cannot be read: ENOTDIR/);
  });
});

function patch(files: Map<string, Uint8Array>, changes: Record<string, unknown>): void {
  const manifest = JSON.parse(new TextDecoder().decode(files.get('manifest.json'))) as Record<string, unknown>;
  files.set('manifest.json', new TextEncoder().encode(JSON.stringify({ ...manifest, ...changes })));
}
