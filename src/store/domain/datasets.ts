/** Datasets and their content-addressed versions. Timestamps are milliseconds since the Unix epoch. */
import type { JsonValue } from '../../core/index.js';
import type { VersionRef, WriteContext } from './write-context.js';

export interface Dataset {
  id: string;
  name: string;
  description: string | null;
  createdAt: number;
  latestVersion: number;
  versionCount: number;
}

export interface DatasetVersion {
  id: string;
  datasetId: string;
  datasetName: string;
  /** 1, 2, 3… per dataset, in order of registration. */
  version: number;
  /** sha256 hex of the file content: the version's identity. */
  contentHash: string;
  /** csv | tsv | jsonl | parquet */
  format: string;
  /** Where it came from (file path or URI as given by the user). */
  source: string;
  rowCount: number;
  byteSize: number;
  /** Column schema document as written by src/data (`schemaDocument`; read it back with `readSchemaDocument`). */
  schema: JsonValue;
  /** Per-column profile document as written by src/data (`profileDocument`; read it back with `readProfileDocument`). */
  profile: JsonValue;
  /** Digest of the stored copy in the artifact store (equals contentHash when the raw file is stored). */
  artifactDigest: string | null;
  createdAt: number;
}

/** A new dataset version (the dataset is created on first use): the version's facts and the dataset's name. */
export type AddDatasetVersionInput = Pick<
  DatasetVersion,
  'contentHash' | 'format' | 'source' | 'rowCount' | 'byteSize' | 'schema' | 'profile' | 'artifactDigest'
> & {
  name: string;
  description?: string;
};

export interface DatasetRepo {
  /** Idempotent by content: the same content for the same name returns the existing version with `created: false`. */
  addVersion(input: AddDatasetVersionInput, ctx: WriteContext): Promise<{ version: DatasetVersion; created: boolean }>;
  /** `ref` is a version number, `"latest"` (default) or a content-hash prefix of ≥ 8 hex chars. @throws MLP_STORE_NOT_FOUND */
  getVersion(name: string, ref?: VersionRef): Promise<DatasetVersion>;
  getVersionById(id: string): Promise<DatasetVersion>;
  list(): Promise<Dataset[]>;
  listVersions(name: string): Promise<DatasetVersion[]>;
  /** How many datasets and dataset versions there are, counted in SQL. */
  counts(): Promise<{ datasets: number; versions: number }>;
}
