import type { ArtifactStore } from '../artifacts/index.js';
import { assertName, ConflictError } from '../core/index.js';
import {
  type DataFormat,
  type DatasetDiff,
  diffDatasets,
  profileDocument,
  profileFrame,
  readTable,
  readTableBytes,
  schemaDocument,
  schemaOf,
  type TableRead,
} from '../data/index.js';
import type { Dataset, DatasetVersion, Store, WriteContext } from '../store/index.js';
import { parseRef } from './refs.js';

/** Registers files as immutable dataset versions: parsed and profiled first, then stored by content hash. */
export class DatasetService {
  readonly #store: Store;
  readonly #artifacts: ArtifactStore;

  constructor(store: Store, artifacts: ArtifactStore) {
    this.#store = store;
    this.#artifacts = artifacts;
  }

  /**
   * Reads `file` (CSV, TSV, JSON lines, Parquet), infers its schema and profile and stores a new version, or
   * returns the existing one when the same content was added before. Nothing is stored when parsing fails.
   * @throws MLP_DATA_PARSE (file:line), MLP_DATA_UNSUPPORTED_FORMAT, MLP_DATA_FILE_NOT_FOUND,
   *   MLP_DATA_FILE_UNREADABLE (a directory, no permission, …), MLP_CORE_INVALID_NAME
   */
  async add(
    input: { file: string; name: string; format?: DataFormat; delimiter?: string; description?: string },
    ctx: WriteContext,
  ): Promise<{ version: DatasetVersion; created: boolean }> {
    assertName(input.name, 'name');
    const table = await readTable(input.file, {
      ...(input.format === undefined ? {} : { format: input.format }),
      ...(input.delimiter === undefined ? {} : { delimiter: input.delimiter }),
    });
    return this.addParsed({ ...input, table }, ctx);
  }

  /** Like {@link add} for a file the caller has already read (and checked) with `readTable`. */
  async addParsed(
    input: { file: string; name: string; table: TableRead; description?: string },
    ctx: WriteContext,
  ): Promise<{ version: DatasetVersion; created: boolean }> {
    assertName(input.name, 'name');
    const stored = await this.#artifacts.putFile(input.file);
    if (stored.digest !== input.table.contentHash) {
      throw ConflictError({ entity: 'data file', key: input.file, reason: 'its content changed while it was being read; add it again' });
    }
    return this.#register(input.name, input.file, input.table, stored.digest, input.description, ctx);
  }

  /** Like {@link add} for content received in memory (an upload); `source` is recorded as given. */
  async addBytes(
    input: { bytes: Uint8Array; name: string; format: DataFormat; source: string; description?: string },
    ctx: WriteContext,
  ): Promise<{ version: DatasetVersion; created: boolean }> {
    assertName(input.name, 'name');
    const table = await readTableBytes(input.bytes, { format: input.format, file: input.source });
    const stored = await this.#artifacts.put(input.bytes);
    return this.#register(input.name, input.source, table, stored.digest, input.description, ctx);
  }

  async #register(
    name: string,
    source: string,
    table: TableRead,
    digest: string,
    description: string | undefined,
    ctx: WriteContext,
  ): Promise<{ version: DatasetVersion; created: boolean }> {
    return this.#store.datasets.addVersion(
      {
        name,
        ...(description === undefined ? {} : { description }),
        contentHash: table.contentHash,
        format: table.format,
        source,
        rowCount: table.frame.rowCount,
        byteSize: table.byteSize,
        schema: schemaDocument(schemaOf(table.frame), table.delimiter === undefined ? {} : { delimiter: table.delimiter }),
        profile: profileDocument(profileFrame(table.frame)),
        artifactDigest: digest,
      },
      ctx,
    );
  }

  /** `NAME` (latest) or `NAME@VERSION`. @throws MLP_STORE_NOT_FOUND */
  get(ref: string): Promise<DatasetVersion> {
    const parsed = parseRef(ref, 'dataset');
    return this.#store.datasets.getVersion(parsed.name, parsed.version ?? 'latest');
  }

  list(): Promise<Dataset[]> {
    return this.#store.datasets.list();
  }

  versions(name: string): Promise<DatasetVersion[]> {
    return this.#store.datasets.listVersions(assertName(name, 'name'));
  }

  /** Schema and profile changes from `a` to `b` (refs `NAME[@VERSION]`). */
  async diff(a: string, b: string): Promise<DatasetDiff> {
    const [left, right] = await Promise.all([this.get(a), this.get(b)]);
    return diffDatasets(
      { schema: left.schema, profile: left.profile, rowCount: left.rowCount },
      { schema: right.schema, profile: right.profile, rowCount: right.rowCount },
    );
  }
}
