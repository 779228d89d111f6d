import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';

import { parseSince } from '../../../src/cli/actions/events.js';
import { collect, intOption, parseJsonOption, parseSubject, splitRef, versionRef } from '../../../src/cli/parse.js';

const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);

describe('option parsers', () => {
  it('intOption accepts integers in range and rejects others as usage errors', () => {
    const limit = intOption(1, 1000);
    expect(limit('25')).toBe(25);
    for (const bad of ['0', '1001', '2.5', 'ten', '']) expect(() => limit(bad)).toThrow(InvalidArgumentError);
  });

  it('collect accumulates repeated and comma-separated values', () => {
    expect(collect('b,c', collect('a', undefined))).toEqual(['a', 'b', 'c']);
  });

  it('parseSince takes durations back from now and ISO dates', () => {
    expect(parseSince('1h', NOW)).toBe(NOW - 3_600_000);
    expect(parseSince('90s', NOW)).toBe(NOW - 90_000);
    expect(parseSince('7d', NOW)).toBe(NOW - 7 * 86_400_000);
    expect(parseSince('2026-01-31T12:00:00Z', NOW)).toBe(Date.UTC(2026, 0, 31, 12));
    expect(() => parseSince('yesterday', NOW)).toThrow(expect.objectContaining({ code: 'MLP_CLI_USAGE', exitCode: 2 }));
  });

  it('parseJsonOption returns the value or a validation error naming the option', () => {
    expect(parseJsonOption('{"n":3}', '--payload')).toEqual({ n: 3 });
    expect(() => parseJsonOption('{n:3}', '--payload')).toThrow(expect.objectContaining({ code: 'MLP_CORE_VALIDATION', exitCode: 3 }));
  });

  it('splitRef splits NAME@VERSION at the last @ and refuses empty parts', () => {
    expect(splitRef('iris@2', 'dataset')).toEqual({ name: 'iris', version: '2' });
    expect(splitRef('iris', 'dataset')).toEqual({ name: 'iris', version: undefined });
    expect(() => splitRef('iris@', 'dataset')).toThrow(expect.objectContaining({ code: 'MLP_CLI_USAGE' }));
    expect(versionRef('3')).toBe(3);
    expect(versionRef('champion')).toBe('champion');
    expect(versionRef(undefined)).toBe('latest');
  });

  it('parseSubject splits KIND[:ID] and checks the kind', () => {
    expect(parseSubject('run:abc', ['run', 'model'])).toEqual({ kind: 'run', id: 'abc' });
    expect(parseSubject('model', ['run', 'model'])).toEqual({ kind: 'model', id: undefined });
    expect(() => parseSubject('car:1', ['run'])).toThrow(expect.objectContaining({ code: 'MLP_CLI_USAGE' }));
  });
});
