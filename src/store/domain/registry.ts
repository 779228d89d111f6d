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
  /** Sets or clears (null) the model's description; a change is recorded as `model.updated` with from/to. */
  update(name: string, changes: { description?: string | null }, ctx: WriteContext): Promise<Model>;
  /**
   * Deletes a model with its versions and tags, recorded as `model.deleted` (payload: name, versions); the name
   * may then be registered again, from version 1. Bundles stay in the artifact store until GC finds them
   * unreferenced.
   * @throws MLP_STORE_NOT_FOUND; MLP_STORE_CONFLICT while an alias points at one of its versions (the aliases are
   *   named) or a store extension's row refers to it.
   */
  delete(name: string, ctx: WriteContext): Promise<void>;
  setTag(name: string, key: string, value: string, ctx: WriteContext): Promise<void>;
  /** Creates the next version (the model is created on first use). */
  createVersion(input: CreateModelVersionInput, ctx: WriteContext): Promise<ModelVersion>;
  getVersion(name: string, ref: VersionRef): Promise<ModelVersion>;
  listVersions(name: string): Promise<ModelVersion[]>;
  setVersionTag(name: string, version: number, key: string, value: string, ctx: WriteContext): Promise<void>;
  /** Sets or clears (null) a version's description; a change is recorded as `model.version_updated` with from/to. */
  updateVersion(name: string, version: number, changes: { description?: string | null }, ctx: WriteContext): Promise<ModelVersion>;
  /**
   * Deletes one version and its tags, recorded as `model.version_deleted` (payload: version, runId, bundleDigest).
   * Its number is never given to another version; `latest` resolves to the highest remaining one. The bundle
   * stays in the artifact store until GC finds it unreferenced.
   * @throws MLP_STORE_NOT_FOUND; MLP_STORE_CONFLICT while an alias points at it (the alias is named) or a store
   *   extension's row refers to it.
   */
  deleteVersion(name: string, version: number, ctx: WriteContext): Promise<void>;
  /** Points `alias` at `version`; the event records the previous version. */
  setAlias(name: string, alias: string, version: number, ctx: WriteContext): Promise<void>;
  deleteAlias(name: string, alias: string, ctx: WriteContext): Promise<void>;
  /** How many registered models and model versions there are, counted in SQL. */
  counts(): Promise<{ models: number; versions: number }>;
}
