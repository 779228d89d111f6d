/**
 * The artifact store contract: immutable blobs addressed by the sha256 of their content. The local directory is
 * the embedded default; an S3-compatible store can implement the same interface.
 */

export interface PutResult {
  digest: string;
  size: number;
  /** False when the content was already stored (writes are idempotent). */
  created: boolean;
}

/** A tree groups blobs under logical paths (a model bundle, a run's output folder); it is itself a blob. */
export interface TreeEntry {
  path: string;
  digest: string;
  size: number;
}

export interface GcReport {
  dryRun: boolean;
  /** Blobs found in the store. */
  scanned: number;
  /** Blobs reachable from the roots (directly or through trees). */
  reachable: number;
  /** Blobs deleted — or, in a dry run, that would be deleted. */
  deleted: Array<{ digest: string; size: number }>;
  bytesFreed: number;
  /** Unreachable blobs kept because they are younger than the grace period (uploads in flight). */
  keptYoung: number;
}

export interface ArtifactStore {
  /** Where blobs live (a directory or a URL), for display. */
  readonly location: string;
  put(data: Uint8Array | string): Promise<PutResult>;
  /**
   * Streams a file in, hashing as it copies.
   * @throws MLP_DATA_FILE_NOT_FOUND when `path` does not exist; MLP_DATA_FILE_UNREADABLE (with the errno) when it
   *   cannot be read (a directory, no permission, …).
   */
  putFile(path: string): Promise<PutResult>;
  /**
   * The content, verified against its digest.
   * @throws MLP_ARTIFACT_NOT_FOUND, MLP_ARTIFACT_CORRUPT; MLP_ARTIFACT_IO when the blob exists but cannot be read.
   */
  get(digest: string): Promise<Buffer>;
  /** Copies a blob to `dest` (atomically), verifying the hash on the way. */
  copyTo(digest: string, dest: string): Promise<void>;
  /** Whether the blob is stored. @throws MLP_ARTIFACT_IO when that cannot be told (e.g. EACCES), never `false` for it. */
  has(digest: string): Promise<boolean>;
  /** Size in bytes. @throws MLP_ARTIFACT_NOT_FOUND; MLP_ARTIFACT_IO when the blob cannot be read. */
  size(digest: string): Promise<number>;
  /**
   * Digests of the stored blobs that start with `prefix` (2 to 64 lowercase hex characters), sorted, at most
   * `limit` of them. @throws MLP_ARTIFACT_IO when the store cannot be listed.
   */
  matchPrefix(prefix: string, limit: number): Promise<string[]>;
  /** Stores a tree manifest listing `entries`; returns the tree's own digest. */
  putTree(entries: readonly TreeEntry[]): Promise<PutResult>;
  /** Reads a tree manifest, or undefined when the blob is not a tree. */
  readTree(digest: string): Promise<TreeEntry[] | undefined>;
  /** Every stored blob with its size and modification time (ms). @throws MLP_ARTIFACT_IO when the store cannot be listed. */
  list(): AsyncIterable<{ digest: string; size: number; modifiedAt: number }>;
  /** Deletes a blob; false when it was not there. @throws MLP_ARTIFACT_IO when it cannot be deleted. */
  delete(digest: string): Promise<boolean>;
  /**
   * Deletes every blob not reachable from `roots` (following trees), older than `graceMs`.
   * Dry run unless `dryRun` is false.
   */
  collectGarbage(options: { roots: ReadonlySet<string>; dryRun: boolean; graceMs: number; now: number }): Promise<GcReport>;
}
