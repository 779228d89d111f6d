import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';

import {
  ArtifactCorruptError,
  ArtifactIoError,
  ArtifactNotFoundError,
  assertRelativePath,
  errnoOf,
  errnoReason,
  InvalidDigestError,
  isMissingFile,
  isMlpError,
  type MlpError,
  openUserFile,
  ValidationError,
} from '../core/index.js';
import type { ArtifactStore, GcReport, PutResult, TreeEntry } from './contract.js';
import { assertDigest, sha256Hex } from './digest.js';
import { encodeTree, TREE_MAGIC, TreeMarkers } from './tree-markers.js';

/**
 * Content-addressed blobs in a local directory: `<root>/blobs/<first two hex>/<digest>`. Writes go to
 * `<root>/tmp` first, are fsynced and then renamed into place, so a crash never leaves a partial blob under a
 * digest. Reads re-hash the content and refuse a mismatch. A blob is a tree because `putTree` wrote it, recorded
 * by a marker under `<root>/trees/` (see {@link TreeMarkers}), never because of what its bytes say.
 */
export class LocalArtifactStore implements ArtifactStore {
  readonly location: string;
  readonly #trees: TreeMarkers;

  constructor(root: string) {
    this.location = root;
    this.#trees = new TreeMarkers(root);
  }

  /** The tree markers, once a store written before they existed has been marked (see {@link TreeMarkers}). */
  async #markers(): Promise<TreeMarkers> {
    try {
      await this.#trees.ready(
        () => this.list(),
        (digest) => this.#legacyTreeCandidate(digest),
      );
    } catch (error) {
      throw isMlpError(error) ? error : this.#ioError('mark trees in', 'trees', error);
    }
    return this.#trees;
  }

  /** `blobs/<first two hex>/<digest>`: where a blob lives inside the store (shown in errors instead of the absolute path). */
  #storePath(digest: string): string {
    return `blobs/${digest.slice(0, 2)}/${digest}`;
  }

  #blobPath(digest: string): string {
    return join(this.location, this.#storePath(digest));
  }

  async #tempPath(): Promise<string> {
    const dir = join(this.location, 'tmp');
    await mkdir(dir, { recursive: true });
    return join(dir, `${randomBytes(12).toString('hex')}.part`);
  }

  /** Whether the blob is stored; a failure other than "no such file" is an error, not "absent". */
  async #present(digest: string): Promise<boolean> {
    try {
      await stat(this.#blobPath(digest));
      return true;
    } catch (error) {
      if (isMissingFile(error)) return false;
      throw this.#ioError('read', this.#storePath(digest), error);
    }
  }

  /** MLP_ARTIFACT_IO naming `path` inside the store. */
  #ioError(operation: string, path: string, cause: unknown): MlpError {
    const errno = errnoOf(cause);
    return ArtifactIoError({ path, operation, errno, reason: errnoReason(errno, cause) }, cause);
  }

  /** The error for a failed read of a blob: MLP_ARTIFACT_NOT_FOUND when it is not there, else MLP_ARTIFACT_IO. */
  #readError(digest: string, cause: unknown): MlpError {
    return isMissingFile(cause) ? ArtifactNotFoundError({ digest }, cause) : this.#ioError('read', this.#storePath(digest), cause);
  }

  async #commit(temp: string, digest: string): Promise<boolean> {
    const target = this.#blobPath(digest);
    if (await this.#present(digest)) {
      await unlink(temp);
      return false;
    }
    await mkdir(dirname(target), { recursive: true });
    await rename(temp, target);
    return true;
  }

  async put(data: Uint8Array | string): Promise<PutResult> {
    await this.#markers(); // an older store is marked before this process adds blobs, so none of those is taken for a tree
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    const digest = sha256Hex(bytes);
    if (await this.#present(digest)) return { digest, size: bytes.byteLength, created: false };
    const temp = await this.#tempPath();
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return { digest, size: bytes.byteLength, created: await this.#commit(temp, digest) };
  }

  /**
   * Stores a file's content, streaming it.
   * @throws MLP_DATA_FILE_NOT_FOUND when `path` does not exist; MLP_DATA_FILE_UNREADABLE (with the errno) when it
   *   cannot be opened, is a directory (EISDIR) or not a regular file (EFTYPE: a device, FIFO or socket).
   */
  async putFile(path: string): Promise<PutResult> {
    await this.#markers();
    const temp = await this.#tempPath();
    const { handle: source, size } = await openUserFile(path);
    const hash = createHash('sha256');
    try {
      const input = source.createReadStream({ autoClose: false });
      input.on('data', (chunk) => hash.update(chunk));
      await pipeline(input, createWriteStream(temp, { flags: 'wx' }));
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    } finally {
      await source.close();
    }
    const handle = await open(temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    const digest = hash.digest('hex');
    return { digest, size, created: await this.#commit(temp, digest) };
  }

  async get(digest: string): Promise<Buffer> {
    assertDigest(digest, 'digest');
    let data: Buffer;
    try {
      data = await readFile(this.#blobPath(digest));
    } catch (error) {
      throw this.#readError(digest, error);
    }
    const actual = sha256Hex(data);
    if (actual !== digest) throw ArtifactCorruptError({ digest, actual });
    return data;
  }

  async copyTo(digest: string, dest: string): Promise<void> {
    const data = await this.get(digest);
    const temp = `${dest}.${randomBytes(6).toString('hex')}.part`;
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, dest);
  }

  async has(digest: string): Promise<boolean> {
    assertDigest(digest, 'digest');
    return this.#present(digest);
  }

  async size(digest: string): Promise<number> {
    assertDigest(digest, 'digest');
    try {
      return (await stat(this.#blobPath(digest))).size;
    } catch (error) {
      throw this.#readError(digest, error);
    }
  }

  async matchPrefix(prefix: string, limit: number): Promise<string[]> {
    if (!/^[0-9a-f]{2,64}$/.test(prefix)) throw InvalidDigestError({ field: 'digest prefix', value: prefix.slice(0, 100), prefix: true });
    // Blobs live under the first two hex characters of their digest: a prefix reads one directory only.
    const bucket = prefix.slice(0, 2);
    let names: string[];
    try {
      names = await readdir(join(this.location, 'blobs', bucket));
    } catch (error) {
      if (isMissingFile(error)) return [];
      throw this.#ioError('list', `blobs/${bucket}`, error);
    }
    return names
      .filter((name) => name.startsWith(prefix) && /^[0-9a-f]{64}$/.test(name))
      .sort()
      .slice(0, limit);
  }

  async putTree(entries: readonly TreeEntry[]): Promise<PutResult> {
    const seen = new Set<string>();
    const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    for (const [i, entry] of sorted.entries()) {
      assertRelativePath(entry.path, `entries[${i}].path`);
      assertDigest(entry.digest, `entries[${i}].digest`);
      if (seen.has(entry.path)) throw ValidationError({ field: `entries[${i}].path`, problem: `duplicate path ${entry.path}` });
      seen.add(entry.path);
    }
    const markers = await this.#markers();
    const put = await this.put(encodeTree(sorted));
    // the blob first, then its marker: a crash in between leaves a plain blob, and the next putTree marks it
    await this.#wrap('write', 'trees', () => markers.mark(put.digest));
    return put;
  }

  async readTree(digest: string): Promise<TreeEntry[] | undefined> {
    assertDigest(digest, 'digest');
    const markers = await this.#markers();
    if (!(await this.#wrap('read', 'trees', () => markers.isTree(digest)))) {
      if (!(await this.#present(digest))) throw ArtifactNotFoundError({ digest });
      return undefined;
    }
    const parsed = JSON.parse((await this.get(digest)).toString('utf8')) as { entries: TreeEntry[] };
    return parsed.entries;
  }

  /**
   * A blob's bytes when they begin like a tree manifest, else undefined (only the head of other blobs is read). A
   * blob that cannot be read (gone meanwhile, a directory, no permission) is no candidate: the one marking pass
   * goes on without it rather than leave the whole store unusable.
   */
  async #legacyTreeCandidate(digest: string): Promise<Uint8Array | undefined> {
    try {
      const handle = await open(this.#blobPath(digest), 'r');
      try {
        const head = Buffer.alloc(TREE_MAGIC.length);
        const { bytesRead } = await handle.read(head, 0, head.length, 0);
        if (bytesRead !== head.length || head.toString('utf8') !== TREE_MAGIC) return undefined;
      } finally {
        await handle.close();
      }
      return await this.get(digest);
    } catch {
      return undefined;
    }
  }

  /** Runs a file-system step on the tree markers, reporting a failure as MLP_ARTIFACT_IO. */
  async #wrap<T>(operation: string, path: string, step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      throw this.#ioError(operation, path, error);
    }
  }

  async *list(): AsyncIterable<{ digest: string; size: number; modifiedAt: number }> {
    const base = join(this.location, 'blobs');
    let prefixes: string[];
    try {
      prefixes = (await readdir(base)).sort();
    } catch (error) {
      if (isMissingFile(error)) return; // nothing stored yet
      throw this.#ioError('list', 'blobs', error);
    }
    for (const prefix of prefixes) {
      for (const name of (await readdir(join(base, prefix))).sort()) {
        if (!/^[0-9a-f]{64}$/.test(name)) continue;
        const info = await stat(join(base, prefix, name));
        yield { digest: name, size: info.size, modifiedAt: info.mtimeMs };
      }
    }
  }

  async delete(digest: string): Promise<boolean> {
    assertDigest(digest, 'digest');
    const markers = await this.#markers();
    // the marker first: were the blob gone and the marker left, the same bytes put later would count as a tree
    await this.#wrap('delete', 'trees', () => markers.unmark(digest));
    try {
      await rm(this.#blobPath(digest));
      return true;
    } catch (error) {
      if (isMissingFile(error)) return false;
      throw this.#ioError('delete', this.#storePath(digest), error);
    }
  }

  async collectGarbage(options: { roots: ReadonlySet<string>; dryRun: boolean; graceMs: number; now: number }): Promise<GcReport> {
    const reachable = new Set<string>();
    const pending = [...options.roots];
    while (pending.length > 0) {
      const digest = pending.pop() as string;
      if (reachable.has(digest) || !(await this.has(digest))) continue;
      reachable.add(digest);
      const tree = await this.readTree(digest);
      for (const entry of tree ?? []) pending.push(entry.digest);
    }
    const report: GcReport = { dryRun: options.dryRun, scanned: 0, reachable: reachable.size, deleted: [], bytesFreed: 0, keptYoung: 0 };
    for await (const blob of this.list()) {
      report.scanned++;
      if (reachable.has(blob.digest)) continue;
      if (options.now - blob.modifiedAt < options.graceMs) {
        report.keptYoung++;
        continue;
      }
      if (!options.dryRun) await this.delete(blob.digest);
      report.deleted.push({ digest: blob.digest, size: blob.size });
      report.bytesFreed += blob.size;
    }
    if (!options.dryRun) {
      // markers whose blob is gone (deleted by hand, or a crash between the two deletes) would make those bytes a tree if put again
      const markers = await this.#markers();
      await this.#wrap('list', 'trees', async () => {
        for await (const digest of markers.list()) if (!(await this.#present(digest))) await markers.unmark(digest);
      });
    }
    return report;
  }
}
