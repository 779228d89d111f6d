/** Experiments: named groups of runs. Timestamps are milliseconds since the Unix epoch. */
import type { WriteContext } from './write-context.js';

export interface Experiment {
  id: string;
  name: string;
  description: string | null;
  tags: Record<string, string>;
  createdAt: number;
  deleted: boolean;
}

export interface ExperimentRepo {
  /** @throws MLP_STORE_CONFLICT when the name is taken. */
  create(input: { name: string; description?: string; tags?: Record<string, string> }, ctx: WriteContext): Promise<Experiment>;
  /** Get by id or name. @throws MLP_STORE_NOT_FOUND */
  get(idOrName: string): Promise<Experiment>;
  /** Get by name, creating it when missing. */
  ensure(name: string, ctx: WriteContext): Promise<Experiment>;
  list(options?: { includeDeleted?: boolean }): Promise<Experiment[]>;
  /** How many experiments there are (not deleted unless `includeDeleted`), counted in SQL. */
  count(options?: { includeDeleted?: boolean }): Promise<number>;
  setTag(id: string, key: string, value: string, ctx: WriteContext): Promise<void>;
  /** Soft delete: runs stay searchable with includeDeleted. */
  delete(id: string, ctx: WriteContext): Promise<void>;
}
