import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { assertApiArtifactPath, dottedField, parseInput, zKey, zName, zRelPath } from '../../../src/server/validation.js';

describe('assertApiArtifactPath', () => {
  it('accepts relative forward-slash paths', () => {
    for (const path of ['model', 'model/weights.bin', 'a b/c-d_e.f', 'plots/roc@2.png', 'x/y/z/w.json']) {
      expect(assertApiArtifactPath(path, 'path')).toBe(path);
    }
  });

  it('refuses traversal, absolute, encoded, delimiter and scheme tricks naming the field', () => {
    const bad = [
      '../x',
      'a/../b',
      './a',
      '/etc/passwd',
      '//proc/self/root',
      'C:/Windows',
      'a\\..\\b',
      'a\u0000b',
      'a%2fb',
      'a%252fb',
      '%2e%2e/x',
      'a;/b',
      '..;/x',
      'a#b',
      'a?b',
      'file:x',
      'file:///etc/passwd',
      's3:bucket/k',
      'a\nb',
      '',
      'a//b',
      'a/',
    ];
    for (const path of bad) {
      expect(() => assertApiArtifactPath(path, 'body.artifactPath'), JSON.stringify(path)).toThrow(
        expect.objectContaining({ code: 'MLP_CORE_INVALID_PATH', details: expect.objectContaining({ field: 'body.artifactPath' }) }),
      );
    }
  });
});

describe('parseInput', () => {
  const schema = z.strictObject({
    name: zName(),
    items: z.array(z.strictObject({ path: zRelPath(), n: z.number() })).optional(),
  });

  it('returns the parsed value', () => {
    expect(parseInput(schema, { name: 'ok', items: [{ path: 'a/b', n: 1 }] }, 'body')).toEqual({
      name: 'ok',
      items: [{ path: 'a/b', n: 1 }],
    });
  });

  it('keeps the catalog code of name and path checks and names the dotted field', () => {
    expect(() => parseInput(schema, { name: '../x' }, 'body')).toThrow(
      expect.objectContaining({ code: 'MLP_CORE_INVALID_NAME', details: expect.objectContaining({ field: 'body.name', value: '../x' }) }),
    );
    expect(() =>
      parseInput(
        schema,
        {
          name: 'ok',
          items: [
            { path: 'a', n: 1 },
            { path: '/etc', n: 2 },
          ],
        },
        'body',
      ),
    ).toThrow(
      expect.objectContaining({ code: 'MLP_CORE_INVALID_PATH', details: expect.objectContaining({ field: 'body.items[1].path' }) }),
    );
  });

  it('reports wrong types and unknown keys as MLP_CORE_VALIDATION on the field', () => {
    expect(() => parseInput(schema, { name: 'ok', items: [{ path: 'a', n: 'one' }] }, 'body')).toThrow(
      expect.objectContaining({ code: 'MLP_CORE_VALIDATION', details: expect.objectContaining({ field: 'body.items[0].n' }) }),
    );
    expect(() => parseInput(schema, { name: 'ok', extra: 1 }, 'query')).toThrow(
      expect.objectContaining({ code: 'MLP_CORE_VALIDATION', details: expect.objectContaining({ field: 'query.extra' }) }),
    );
    expect(() => parseInput(schema, undefined, 'body')).toThrow(
      expect.objectContaining({ code: 'MLP_CORE_VALIDATION', details: expect.objectContaining({ field: 'body' }) }),
    );
  });

  it('renders paths with dots and brackets', () => {
    expect(dottedField('body', [])).toBe('body');
    expect(dottedField('body', ['a', 0, 'b'])).toBe('body.a[0].b');
    expect(dottedField('params', ['id'])).toBe('params.id');
  });
});

describe('record keys', () => {
  it('reports a bad tag key as MLP_CORE_INVALID_NAME on "<map> key" with the key as value', () => {
    const schema = z.strictObject({ tags: z.record(zKey(), z.string()) });
    expect(() => parseInput(schema, { tags: { '../x': 'a' } }, 'body')).toThrow(
      expect.objectContaining({
        code: 'MLP_CORE_INVALID_NAME',
        details: expect.objectContaining({ field: 'body.tags key', value: '../x' }),
      }),
    );
  });
});
