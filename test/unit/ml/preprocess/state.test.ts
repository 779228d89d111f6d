import { describe, expect, it } from 'vitest';

import { builtinSteps, loadStep, parseStepOptions } from '../../../../src/ml/preprocess/index.js';
import type { TransformerState } from '../../../../src/ml/preprocess/index.js';
import type { Frame } from '../../../../src/data/index.js';
import { bool, cat, dt, frame, num, text } from '../../../fixtures/ml/preprocess/frames.js';
import { reloadState, stateFingerprint } from '../../../fixtures/ml/preprocess/state-bytes.js';

const train = frame(
  num('x', [0.1, 1 / 3, null, -2.5e-300, 7, 1e300, 0.1 + 0.2, 2]),
  cat('c', ['r', 'g', null, 'r', 'b', 'g', 'r', 'x']),
  bool('f', [true, null, false, true, true, false, null, true]),
  dt('d', [
    '2020-01-01T00:00:00Z',
    null,
    '1999-12-31T23:59:59Z',
    '2024-02-29T12:00:00Z',
    '2001-07-04T08:30:00Z',
    '1970-01-01T00:00:00Z',
    '2050-06-15T17:00:00Z',
    '1900-03-01T01:00:00Z',
  ]),
  text('t', ['good movie', null, 'bad', 'Good good', 'meh', '', 'really bad movie', 'ok']),
);
const test = frame(
  num('x', [null, 5, -1e-9]),
  cat('c', ['zzz', null, 'g']),
  bool('f', [null, false, true]),
  dt('d', [null, '2030-01-01T00:00:00Z', '1950-05-05T05:05:05Z']),
  text('t', ['unknown words', null, 'good']),
);
const target = { task: 'regression' as const, y: Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8]) };

const cases: Array<[string, Record<string, unknown>]> = [
  ['impute', { numeric: 'median', addIndicator: true }],
  ['impute', { numeric: 'constant', categorical: 'constant', fillValue: -0 }],
  ['scale', { method: 'standard' }],
  ['scale', { method: 'robust', quantileRange: [10, 90] }],
  ['scale', { method: 'min-max', range: [-1, 1] }],
  ['one-hot', { minFrequency: 2, unseen: 'other' }],
  ['one-hot', { maxLevels: 2, missing: 'zeros' }],
  ['ordinal', { order: 'frequency' }],
  ['target-encode', { smoothing: 3, folds: 2 }],
  ['datetime', { parts: ['year', 'hour', 'dayofyear'] }],
  ['text-hash', { buckets: 8, alternateSign: true }],
  ['drop', { types: ['text'] }],
];

/** Columns of a frame as raw bytes per column (bit-exact comparison, NaN payloads included). */
function frameBytes(f: Frame): string[] {
  return f.columns.map((c) => {
    if (c.type === 'text') return `${c.name}:${JSON.stringify(c.values)}`;
    if (c.type === 'categorical')
      return `${c.name}:${JSON.stringify(c.levels)}:${Buffer.from(c.codes.buffer, c.codes.byteOffset, c.codes.byteLength).toString('hex')}`;
    return `${c.name}:${Buffer.from(c.values.buffer, c.values.byteOffset, c.values.byteLength).toString('hex')}`;
  });
}

describe('every step saves to JSON + typed arrays and loads back bit-exactly', () => {
  const registry = builtinSteps();
  it.each(cases)('%s %j', (id, options) => {
    const definition = registry.get(id);
    const { fitted } = definition.fit(train, parseStepOptions(definition, options), { seed: 3, target });
    const state = fitted.toState();
    const loaded = loadStep(reloadState(state), registry);
    expect(stateFingerprint(loaded.toState())).toBe(stateFingerprint(state));
    expect(loaded.inputs).toEqual(fitted.inputs);
    expect(frameBytes(loaded.transform(test))).toEqual(frameBytes(fitted.transform(test)));
    expect(frameBytes(loaded.transform(train))).toEqual(frameBytes(fitted.transform(train)));
  });
});

describe('loading refuses malformed states', () => {
  const registry = builtinSteps();
  const impute = registry.get('impute');
  const state = impute.fit(train, parseStepOptions(impute, {}), { seed: 1 }).fitted.toState();
  const bad: Array<[string, TransformerState, RegExp]> = [
    ['an unknown step', { ...state, id: 'pickle' }, /unknown step "pickle"/],
    ['a newer format version', { ...state, formatVersion: 99 }, /format version 99/],
    ['a missing array', { ...state, arrays: {} }, /array "fill" is missing/],
    ['an array of another type', { ...state, arrays: { fill: new Float32Array(3) } }, /must be a Float64Array/],
    ['an array of another length', { ...state, arrays: { fill: new Float64Array(1) } }, /has 1 values, expected 3/],
    ['a malformed meta', { ...state, meta: { ...state.meta, kinds: ['numeric'] } }, /one entry per column/],
    ['an unknown meta key', { ...state, meta: { ...state.meta, code: 'x' } }, /meta/],
  ];
  it.each(bad)('%s', (_, s, message) => {
    expect(() => loadStep(s, registry)).toThrow(
      expect.objectContaining({ code: 'MLP_ML_BUNDLE_INVALID', message: expect.stringMatching(message) as unknown }),
    );
  });
});
