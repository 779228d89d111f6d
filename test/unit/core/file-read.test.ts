import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { describeErrno, fileReadError, isMissingFile } from '../../../src/core/index.js';
import { unreadablePaths } from '../../fixtures/fs/unreadable.js';

/** The error Node's own readFileSync gives for `path`. */
function readFailure(path: string): unknown {
  try {
    readFileSync(path);
  } catch (error) {
    return error;
  }
  throw new Error(`${path} was readable`);
}

// a chmod 000 file (EACCES) is among the cases only when not running as root; EISDIR and ENOTDIR always are
describe('fileReadError', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlp-read-'));

  it('reports a missing file (ENOENT) as MLP_DATA_FILE_NOT_FOUND, keeping the cause', () => {
    const cause = readFailure(join(dir, 'missing.csv'));
    expect(isMissingFile(cause)).toBe(true);
    const error = fileReadError('missing.csv', cause);
    expect({ code: error.code, details: error.details, cause: error.cause }).toEqual({
      code: 'MLP_DATA_FILE_NOT_FOUND',
      details: { file: 'missing.csv' },
      cause,
    });
  });

  it.each(unreadablePaths(dir).map((p) => [p.what, p] as const))(
    'reports %s by its errno as MLP_DATA_FILE_UNREADABLE, not as not-found',
    (_what, p) => {
      const cause = readFailure(p.path);
      expect(isMissingFile(cause)).toBe(false);
      const error = fileReadError(p.path, cause);
      expect(error.code).toBe('MLP_DATA_FILE_UNREADABLE');
      expect(error.details).toMatchObject({ file: p.path, errno: p.errno });
      expect(error.message).toContain(p.errno);
      expect(error.exitCode).toBe(3);
    },
  );

  it.each([
    ['EMFILE', 'too many open files in this process'],
    ['EACCES', 'permission denied'],
    ['EIO', 'input/output error'],
  ])('names %s in words', (errno, reason) => {
    const cause = Object.assign(new Error(`${errno}: x, open 'f'`), { code: errno });
    expect(fileReadError('f', cause).details).toEqual({ file: 'f', errno, reason });
    expect(describeErrno(cause)).toBe(`${errno} (${reason})`);
  });

  it('falls back to the error message for an errno it has no words for, and to EUNKNOWN without one', () => {
    expect(describeErrno(Object.assign(new Error('EXDEV: cross-device link'), { code: 'EXDEV' }))).toBe('EXDEV (EXDEV: cross-device link)');
    expect(fileReadError('f', new Error('boom')).details).toEqual({ file: 'f', errno: 'EUNKNOWN', reason: 'boom' });
  });
});
