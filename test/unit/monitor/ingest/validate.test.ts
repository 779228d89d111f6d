import { describe, expect, it } from 'vitest';

import { isMlpError } from '../../../../src/core/index.js';
import { parseIsoTimestamp, validateLabels, validatePredictions } from '../../../../src/monitor/index.js';

const ok = { id: 'p-1', timestamp: '2026-01-05T10:00:00Z', inputs: { x: 1, city: 'Oslo', flag: true, gap: null }, outputs: 0.7 };

function errorOf(fn: () => unknown): { code: string; details: Record<string, unknown>; message: string } {
  try {
    fn();
  } catch (error) {
    expect(isMlpError(error), String(error)).toBe(true);
    return error as { code: string; details: Record<string, unknown>; message: string };
  }
  throw new Error('expected an error');
}

describe('parseIsoTimestamp', () => {
  it.each([
    ['2026-01-05T10:00:00Z', Date.UTC(2026, 0, 5, 10)],
    ['2026-01-05T10:00Z', Date.UTC(2026, 0, 5, 10)],
    ['2026-01-05T11:00:00+01:00', Date.UTC(2026, 0, 5, 10)],
    ['2026-01-05T05:30:00-0430', Date.UTC(2026, 0, 5, 10)],
    ['2026-01-05T10:00:00.25Z', Date.UTC(2026, 0, 5, 10, 0, 0, 250)],
    ['2026-01-05T10:00:00.123456789Z', Date.UTC(2026, 0, 5, 10, 0, 0, 123)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
  ])('reads %s', (text, expected) => {
    expect(parseIsoTimestamp(text)).toBe(expected);
  });

  it.each([
    '2026-01-05',
    '2026-01-05T10:00:00',
    '2026-02-30T00:00:00Z',
    '2025-02-29T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-01-05T24:00:00Z',
    'yesterday',
    '1e12',
  ])('refuses %s (no zone, impossible date, not ISO)', (text) => {
    expect(parseIsoTimestamp(text)).toBeUndefined();
  });
});

describe('validatePredictions', () => {
  it('turns rows into records: ISO and epoch timestamps, inputs and outputs as JSON, optional version', () => {
    const records = validatePredictions('churn', [
      ok,
      { id: 'p-2', timestamp: 1_767_607_200_000, inputs: {}, outputs: { label: 'a', p: 0.2 }, version: 3 },
    ]);
    expect(records).toEqual([
      {
        model: 'churn',
        modelVersion: null,
        predictionId: 'p-1',
        timestamp: Date.UTC(2026, 0, 5, 10),
        inputs: JSON.stringify(ok.inputs),
        outputs: '0.7',
      },
      {
        model: 'churn',
        modelVersion: 3,
        predictionId: 'p-2',
        timestamp: 1_767_607_200_000,
        inputs: '{}',
        outputs: '{"label":"a","p":0.2}',
      },
    ]);
  });

  it.each([
    [{ ...ok, id: 7 }, 'id', /must be a string/],
    [{ ...ok, id: '' }, 'id', /1 to 128/],
    [{ ...ok, id: 'x'.repeat(129) }, 'id', /1 to 128 characters \(got 129\)/],
    [{ ...ok, id: 'a\u0000b' }, 'id', /control/],
    [{ ...ok, timestamp: '2026-01-05 noon' }, 'timestamp', /ISO 8601/],
    [{ ...ok, timestamp: 1.5 }, 'timestamp', /whole milliseconds/],
    [{ ...ok, timestamp: -1 }, 'timestamp', /whole milliseconds/],
    [{ ...ok, timestamp: undefined }, 'timestamp', /ISO 8601 string or epoch/],
    [{ ...ok, inputs: [1, 2] }, 'inputs', /object/],
    [{ ...ok, inputs: { a: { nested: 1 } } }, 'inputs.a', /number, string, boolean or null/],
    [{ ...ok, outputs: null }, 'outputs', /object, a number/],
    [{ ...ok, outputs: [] }, 'outputs', /1 to 1000 items/],
    [{ ...ok, outputs: [0.1, 'x'] }, 'outputs[1]', /finite number/],
    [{ ...ok, outputs: {} }, 'outputs', /at least one field/],
    [{ ...ok, version: 0 }, 'version', /model version/],
    [{ ...ok, extra: 1 }, 'extra', /unknown field/],
    [{ ...ok, inputs: { big: 'x'.repeat(70_000) } }, 'inputs', /at most 65536/],
  ])('refuses row 1 %#, naming the field %s', (bad, field, problem) => {
    const error = errorOf(() => validatePredictions('churn', [ok, bad]));
    expect(error.code).toBe('MLP_MONITOR_INVALID_RECORD');
    expect(error.details).toMatchObject({ list: 'predictions', row: 1, field });
    expect(error.details['problem']).toMatch(problem);
    expect(error.message).toContain(`predictions[1].${field}`);
  });

  it('refuses a non-finite number the way JSON cannot carry one', () => {
    expect(errorOf(() => validatePredictions('m', [{ ...ok, outputs: Number.NaN }])).details['field']).toBe('outputs');
  });

  it('refuses an empty or missing batch and a bad model name', () => {
    expect(errorOf(() => validatePredictions('m', [])).code).toBe('MLP_CORE_VALIDATION');
    expect(errorOf(() => validatePredictions('m', { rows: [] })).code).toBe('MLP_CORE_VALIDATION');
    expect(errorOf(() => validatePredictions('../etc', [ok])).code).toBe('MLP_CORE_INVALID_NAME');
  });
});

describe('validateLabels', () => {
  it('takes scalar labels, and the given time or now', () => {
    expect(
      validateLabels(
        'm',
        [
          { id: 'a', label: 1 },
          { id: 'b', label: 'yes', timestamp: '2026-01-06T00:00:00Z' },
        ],
        42,
      ),
    ).toEqual([
      { model: 'm', predictionId: 'a', label: '1', timestamp: 42 },
      { model: 'm', predictionId: 'b', label: '"yes"', timestamp: Date.UTC(2026, 0, 6) },
    ]);
  });

  it('refuses a missing or structured label naming the row', () => {
    expect(errorOf(() => validateLabels('m', [{ id: 'a', label: 1 }, { id: 'b' }], 0)).details).toMatchObject({
      list: 'labels',
      row: 1,
      field: 'label',
    });
    expect(errorOf(() => validateLabels('m', [{ id: 'a', label: { x: 1 } }], 0)).details).toMatchObject({ row: 0, field: 'label' });
  });
});
