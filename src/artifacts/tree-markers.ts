import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import { isMissingFile } from '../core/index.js';
import { isDigest } from './digest.js';

/** What the tree manifests the store writes begin with; `{ "entries": [{ path, digest, size }] }` follows. */
export const TREE_MAGIC = '{"mlpilot":"tree/v1"';

/** The bytes of the tree manifest listing `entries` (already sorted and validated). */
export function encodeTree(entries: ReadonlyArray<{ path: string; digest: string; size: number }>): string {
  const body = entries.map((e) => ({ path: e.path, digest: e.digest, size: e.size }));
  return `${TREE_MAGIC},"entries":${JSON.stringify(body)}}`;
}

/** The file, written once a store records trees by marker, that says it has (any content; its presence counts). */
const FORMAT_FILE = 'FORMAT';

/**
 * Which blobs are trees, recorded by how they were written, never read from their bytes: `putTree` leaves an empty
 * marker `<root>/trees/<first two hex>/<digest>` next to the blob, and only a marked blob is a tree. A user
 * artifact whose bytes happen to look like a manifest stays a plain blob (it neither keeps other blobs alive in
 * garbage collection nor loads as a model bundle).
 *
 * Stores written before markers existed are marked once, on first use: every blob that is exactly a manifest the
 * store would write (magic, valid entries, canonical encoding) gets a marker, then `trees/FORMAT` is written. That
 * one pass trusts content, so existing bundles stay trees; from then on content never makes a tree.
 */
export class TreeMarkers {
  readonly #dir: string;
  #ready: Promise<void> | undefined;

  constructor(root: string) {
    this.#dir = join(root, 'trees');
  }

  #path(digest: string): string {
    return join(this.#dir, digest.slice(0, 2), digest);
  }

  /**
   * Marks the trees of a store written before markers existed (once; see the class). `blobs` lists every stored
   * digest; `read` returns a blob's bytes when they begin with {@link TREE_MAGIC}, else undefined.
   */
  ready(blobs: () => AsyncIterable<{ digest: string }>, read: (digest: string) => Promise<Uint8Array | undefined>): Promise<void> {
    this.#ready ??= this.#migrate(blobs, read).catch((error: unknown) => {
      this.#ready = undefined; // try again on next use
      throw error;
    });
    return this.#ready;
  }

  async #migrate(blobs: () => AsyncIterable<{ digest: string }>, read: (digest: string) => Promise<Uint8Array | undefined>): Promise<void> {
    const format = join(this.#dir, FORMAT_FILE);
    if (await exists(format)) return;
    for await (const { digest } of blobs()) {
      const bytes = await read(digest);
      if (bytes !== undefined && isCanonicalTree(bytes)) await this.mark(digest);
    }
    await mkdir(this.#dir, { recursive: true });
    await writeFile(format, 'tree markers v1: a blob is a tree when trees/<aa>/<digest> exists\n');
  }

  /** Records that `digest` was written as a tree. */
  async mark(digest: string): Promise<void> {
    const path = this.#path(digest);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, '');
  }

  /** Whether `digest` was written as a tree. */
  isTree(digest: string): Promise<boolean> {
    return exists(this.#path(digest));
  }

  /** Forgets that `digest` is a tree (before its blob is deleted, so the same bytes put later are a plain blob). */
  async unmark(digest: string): Promise<void> {
    await rm(this.#path(digest), { force: true });
  }

  /** Every marked digest. */
  async *list(): AsyncIterable<string> {
    let buckets: string[];
    try {
      buckets = await readdir(this.#dir);
    } catch (error) {
      if (isMissingFile(error)) return;
      throw error;
    }
    for (const bucket of buckets.sort()) {
      if (bucket === FORMAT_FILE) continue;
      for (const name of (await readdir(join(this.#dir, bucket))).sort()) if (isDigest(name)) yield name;
    }
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (isMissingFile(error)) return false;
    throw error;
  }
}

/** Whether `bytes` are exactly what {@link encodeTree} writes for some valid, sorted entry list. */
function isCanonicalTree(bytes: Uint8Array): boolean {
  const head = new TextDecoder().decode(bytes.subarray(0, TREE_MAGIC.length));
  if (head !== TREE_MAGIC) return false;
  const text = new TextDecoder().decode(bytes);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return false;
  }
  const entries = (parsed as { entries?: unknown }).entries;
  if (!Array.isArray(entries)) return false;
  const valid = entries.every(
    (e: unknown) =>
      typeof e === 'object' &&
      e !== null &&
      typeof (e as { path?: unknown }).path === 'string' &&
      isDigest((e as { digest?: unknown }).digest) &&
      Number.isSafeInteger((e as { size?: unknown }).size),
  );
  return valid && encodeTree(entries as Array<{ path: string; digest: string; size: number }>) === text;
}
