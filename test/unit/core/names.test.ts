import { describe, expect, it } from 'vitest';

import { assertKey, assertName, assertRelativePath } from '../../../src/core/index.js';

describe('assertName', () => {
  it.each(['iris', 'flights-2001', 'my_model.v2', 'A1'])('accepts %j', (name) => {
    expect(assertName(name, 'name')).toBe(name);
  });

  it.each([
    ['../../etc/passwd', 'path separator'],
    ['/etc/passwd', 'path separator'],
    ['a\0b', 'NUL'],
    ['..', '".."'],
    ['x..y', '".."'],
    ['C:\\win', 'path separator'],
    ['', 'allowed set'],
    ['-lead', 'allowed set'],
    ['a'.repeat(129), 'allowed set'],
    ['spa ce', 'allowed set'],
  ])('rejects %j (%s) naming the field', (value, reason) => {
    expect(() => assertName(value, 'dataset.name')).toThrowError(new RegExp(`dataset\\.name.*${reason.replace(/[."]/g, '.')}`));
  });
});

describe('assertKey', () => {
  it('allows slashes and spaces used by metric names but not dot segments', () => {
    expect(assertKey('loss/train', 'metric')).toBe('loss/train');
    expect(assertKey('val loss', 'metric')).toBe('val loss');
    expect(() => assertKey('a/../b', 'metric')).toThrowError(/segment/);
    expect(() => assertKey('a\0', 'metric')).toThrowError(/NUL/);
  });
});

describe('assertRelativePath', () => {
  it('accepts nested relative paths', () => {
    expect(assertRelativePath('model/weights.bin', 'path')).toBe('model/weights.bin');
  });

  it.each(['../x', 'a/../../b', '/abs', 'a//b', './a', 'a\\b', 'C:/x', '%2e%2e/x', 'a%2fb', 'x\0y', ''])('rejects %j', (value) => {
    expect(() => assertRelativePath(value, 'artifact.path')).toThrowError(/artifact\.path/);
  });
});
