import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { listErrorCodes } from '../../../src/core/index.js';

const docs = readFileSync(join(import.meta.dirname, '../../../docs/errors.md'), 'utf8');

/** Rows of the catalog table: `| MLP_X_Y | 404 | 4 | meaning |`. */
function documentedRows(): Map<string, { http: number; exit: number }> {
  const rows = new Map<string, { http: number; exit: number }>();
  for (const match of docs.matchAll(/^\|\s*`(MLP_[A-Z0-9_]+)`\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|/gm)) {
    rows.set(match[1] as string, { http: Number(match[2]), exit: Number(match[3]) });
  }
  return rows;
}

describe('the error catalog and docs/errors.md', () => {
  const codes = listErrorCodes();
  const rows = documentedRows();

  it('documents every code with its HTTP status and exit code', () => {
    const missing = codes.filter((c) => !rows.has(c.code)).map((c) => c.code);
    expect(missing).toEqual([]);
    for (const c of codes) expect({ code: c.code, ...rows.get(c.code) }).toEqual({ code: c.code, http: c.httpStatus, exit: c.exitCode });
  });

  it('documents no code that no longer exists', () => {
    const known = new Set(codes.map((c) => c.code));
    expect([...rows.keys()].filter((code) => !known.has(code))).toEqual([]);
  });
});
