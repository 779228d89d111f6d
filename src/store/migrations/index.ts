/**
 * The static list of migrations, oldest first (no file-system scanning). Append new ones; never edit or
 * reorder released ones. The highest number is the schema version reported in MLP_STORE_SCHEMA_TOO_NEW.
 */
import type { DialectKind } from '../dialect.js';
import { migration0001 } from './0001-initial.js';
import { migration0002 } from './0002-job-tree.js';
import { migration0003 } from './0003-store-extensions.js';
import { migration0004 } from './0004-model-version-counter.js';
import type { StoreMigration } from './types.js';

export type { StoreMigration } from './types.js';

/** Every migration this build knows, in order. */
export function storeMigrations(dialect: DialectKind): StoreMigration[] {
  return [migration0001(dialect), migration0002(), migration0003(), migration0004()];
}
