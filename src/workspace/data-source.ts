import { basename } from 'node:path';

import type { ArtifactStore } from '../artifacts/index.js';
import { type Frame, readStoredTable, readTable } from '../data/index.js';
import type { DatasetVersion, Store, WriteContext } from '../store/index.js';
import type { DatasetService } from './dataset-service.js';
import { parseRef } from './refs.js';

/**
 * Where a command's rows come from: a registered dataset version (`NAME[@VERSION]`), or (this process only, never
 * from a request) a local file registered as a dataset version once the request is known to be valid.
 */
export type DataSource =
  | { data: string; file?: undefined; delimiter?: undefined }
  | { file: string; data?: undefined; /** CSV/TSV field separator of the file (default: sniffed for CSV). */ delimiter?: string };

/** The rows of a source, read without writing anything; `register` records a file as a dataset version later. */
export interface ReadSource {
  readonly frame: Frame;
  /** The file or `NAME@VERSION`, for messages. */
  readonly label: string;
  readonly register: (ctx: WriteContext) => Promise<DatasetVersion>;
}

/** What {@link readDataSource} reads with. */
export interface DataSourceDeps {
  readonly store: Store;
  readonly artifacts: ArtifactStore;
  readonly datasets: DatasetService;
}

/**
 * Reads a source's rows. A file is parsed now and registered (named after the file) only when `register` is
 * called; a dataset version is read back from the artifact store (hash-verified).
 * @throws MLP_DATA_* for an unreadable file; MLP_STORE_NOT_FOUND for an unknown dataset version.
 */
export async function readDataSource(deps: DataSourceDeps, source: DataSource): Promise<ReadSource> {
  const file = source.file;
  if (file !== undefined) {
    const name =
      basename(file)
        .replace(/(\.[A-Za-z0-9]+)?(\.gz)?$/, '')
        .replace(/[^A-Za-z0-9._-]+/g, '-')
        .replace(/^[^A-Za-z0-9]+/, '') || 'data';
    const table = await readTable(file, source.delimiter === undefined ? {} : { delimiter: source.delimiter });
    return {
      frame: table.frame,
      label: file,
      register: async (ctx) => (await deps.datasets.addParsed({ file, name, table }, ctx)).version,
    };
  }
  const ref = parseRef(source.data, 'data');
  const version = await deps.store.datasets.getVersion(ref.name, ref.version ?? 'latest');
  return {
    frame: await loadDatasetFrame(deps, version),
    label: `${version.datasetName}@${version.version}`,
    register: async () => version,
  };
}

/** The rows of a stored dataset version, read back from the artifact store (hash-verified). */
export function loadDatasetFrame(deps: Pick<DataSourceDeps, 'artifacts'>, version: DatasetVersion): Promise<Frame> {
  return readStoredTable(version, (digest) => deps.artifacts.get(digest));
}
