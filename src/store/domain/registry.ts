/** The model registry: models, numbered versions, aliases and tags. Timestamps are milliseconds since the Unix epoch. */
import type { JsonValue } from '../../core/index.js';
import type { VersionRef, WriteContext } from './write-context.js';

export interface Model {
  id: string;
  name: string;
  description: string | null;
  tags: Record<string, string>;
  /** alias → version number, e.g. { champion: 3 }. */
  aliases: Record<string, number>;
  latestVersion: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface ModelVersion {
  id: string;
  modelId: string;
  modelName: string;
  version: number;
  runId: string | null;
  /** sha256 hex of the bundle's manifest in the artifact store. */
  bundleDigest: string;
  /** Input schema and output of the model (JSON, see src/ml). */
  signature: JsonValue;
  metrics: Record<string, number>;
  description: string | null;
  tags: Record<string, string>;
  aliases: string[];
  createdAt: number;
}

export interface CreateModelVersionInput {
  modelName: string;
  runId?: string | null;
  bundleDigest: string;
  signature: JsonValue;
  metrics?: Record<string, number>;
  description?: string;
  tags?: Record<string, string>;
}

export interface ModelRepo {
  create(input: { name: string; description?: string; tags?: Record<string, string> }, ctx: WriteContext): Promise<Model>;
  get(name: string): Promise<Model>;
  list(): Promise<Model[]>;
  update(name: string, changes: { description?: string | null }, ctx: WriteContext): Promise<Model>;
  setTag(name: string, key: string, value: string, ctx: WriteContext): Promise<void>;
  /** Creates the next version (the model is created on first use). */
  createVersion(input: CreateModelVersionInput, ctx: WriteContext): Promise<ModelVersion>;
  getVersion(name: string, ref: VersionRef): Promise<ModelVersion>;
  listVersions(name: string): Promise<ModelVersion[]>;
  setVersionTag(name: string, version: number, key: string, value: string, ctx: WriteContext): Promise<void>;
  /** Points `alias` at `version`; the event records the previous version. */
  setAlias(name: string, alias: string, version: number, ctx: WriteContext): Promise<void>;
  deleteAlias(name: string, alias: string, ctx: WriteContext): Promise<void>;
  /** How many registered models and model versions there are, counted in SQL. */
  counts(): Promise<{ models: number; versions: number }>;
}
