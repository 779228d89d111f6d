// TEMPORARY local placeholder for the smoke test; replaced by the helper's file at merge (never committed).
import type { Task } from '../core/index.js';
import type { Frame } from '../data/index.js';
export interface MetaFeatures { readonly rows: number; readonly features: number; readonly values: Readonly<Record<string, number>> }
export function metaFeatures(frame: Frame, _target: string, _task: Task): MetaFeatures {
  return { rows: frame.rowCount, features: frame.columnNames.length - 1, values: {} };
}
