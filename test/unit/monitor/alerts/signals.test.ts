/**
 * Each signal kind against NumPy / SciPy / scikit-learn on the same data (test/fixtures/monitor/alerts-signals.json,
 * made by scripts/monitor-fixtures/alerts_signals.py), and the defined results for empty windows, all-missing
 * columns, type changes and new categories.
 */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { monitorSpecSchema } from '../../../../src/core/index.js';
import type { MonitorSpec, MonitorSpecInput } from '../../../../src/core/index.js';
import { Frame } from '../../../../src/data/index.js';
import type { Column } from '../../../../src/data/index.js';
import { builtinSignals, signalRegistry, timeWindowAt } from '../../../../src/monitor/index.js';
import type { EstimateRequest, MonitorDataSource, SignalReading } from '../../../../src/monitor/index.js';

const fixture = JSON.parse(readFileSync(new URL('../../../fixtures/monitor/alerts-signals.json', import.meta.url), 'utf8')) as Record<
  string,
  number[] & Record<string, number>
>;
const signals = signalRegistry(builtinSignals);
const window = timeWindowAt({ every: 'day' }, Date.UTC(2026, 0, 5));

const num = (name: string, values: ArrayLike<number>): Column => ({ name, type: 'numeric', values: Float64Array.from(values) });
const cat = (name: string, values: Array<string | null>): Column => {
  const levels = [...new Set(values.filter((v): v is string => v !== null))];
  return { name, type: 'categorical', levels, codes: Int32Array.from(values.map((v) => (v === null ? -1 : levels.indexOf(v)))) };
};

function source(current: Frame, reference?: Frame): MonitorDataSource {
  return {
    extent: async () => ({ firstTimestamp: window.start, lastTimestamp: window.start, rows: current.rowCount }),
    readWindow: async () => current,
    reference: async () => reference,
  };
}

function monitor(input: Partial<MonitorSpecInput> & Pick<MonitorSpecInput, 'signal'>): MonitorSpec {
  return monitorSpecSchema.parse({ name: 'm', model: 'churn', window: { every: 'day' }, threshold: { above: 1 }, ...input });
}

async function read(spec: MonitorSpec, current: Frame, reference?: Frame): Promise<SignalReading> {
  return signals.get(spec.signal.kind).read(spec as never, window, { data: source(current, reference) });
}

const close = (actual: number | null, expected: number) => expect(actual).toBeCloseTo(expected, 10);

describe('signals against NumPy, SciPy and scikit-learn', () => {
  it('latency: mean, p50, p95, p99 and max as numpy computes them', async () => {
    const frame = new Frame([num('latency_ms', fixture['latency'] as number[])]);
    for (const statistic of ['mean', 'p50', 'p95', 'p99', 'max'] as const) {
      const reading = await read(monitor({ signal: { kind: 'latency', statistic } }), frame);
      close(reading.value, fixture['latencyStats']?.[statistic] as number);
      expect(reading).toMatchObject({ status: 'ok', rows: 257, note: statistic });
    }
  });

  it('error-rate: the share of true error flags', async () => {
    const frame = new Frame([num('error', fixture['errors'] as number[])]);
    close((await read(monitor({ signal: { kind: 'error-rate' } }), frame)).value, fixture['errorRate'] as unknown as number);
  });

  it('metric: accuracy (multiclass), f1 (binary), mae and rmse as scikit-learn computes them', async () => {
    const multi = new Frame([num('label', fixture['labels'] as number[]), num('prediction', fixture['predictions'] as number[])]);
    close((await read(monitor({ signal: { kind: 'metric', metric: 'accuracy' } }), multi)).value, fixture['accuracy'] as unknown as number);
    const binary = new Frame([
      num('label', fixture['binaryLabels'] as number[]),
      num('prediction', fixture['binaryPredictions'] as number[]),
    ]);
    close((await read(monitor({ signal: { kind: 'metric', metric: 'f1' } }), binary)).value, fixture['f1'] as unknown as number);
    const regression = new Frame([num('y', fixture['yTrue'] as number[]), num('yhat', fixture['yPred'] as number[])]);
    for (const metric of ['mae', 'rmse']) {
      const spec = monitor({ signal: { kind: 'metric', metric, labelColumn: 'y', predictionColumn: 'yhat' } });
      close((await read(spec, regression)).value, fixture[metric] as unknown as number);
    }
  });

  it('metric: string labels share one class list with the predictions; rows without a label yet are left out', async () => {
    const frame = new Frame([cat('label', ['a', 'b', null, 'c', 'a']), cat('prediction', ['a', 'c', 'b', 'c', 'b'])]);
    const reading = await read(monitor({ signal: { kind: 'metric', metric: 'accuracy' } }), frame);
    expect(reading).toMatchObject({ value: 0.5, rows: 4, status: 'ok' });
  });

  it('drift: psi, the KS p-value, wasserstein and hellinger of a shifted column', async () => {
    const reference = new Frame([num('x', fixture['reference'] as number[])]);
    const current = new Frame([num('x', fixture['current'] as number[])]);
    const expected: Record<string, number> = {
      psi: fixture['psi'] as unknown as number,
      ks: fixture['ksPValue'] as unknown as number,
      wasserstein: fixture['wasserstein'] as unknown as number,
      hellinger: fixture['hellinger'] as unknown as number,
    };
    for (const [method, value] of Object.entries(expected)) {
      const reading = await read(monitor({ signal: { kind: 'drift', column: 'x', method } }), current, reference);
      expect(reading.value, method).toBeGreaterThan(0);
      expect(Math.abs((reading.value as number) - value) / value, method).toBeLessThan(1e-9);
      expect(reading.note).toBe(method);
    }
  });
});

describe('defined results instead of NaN', () => {
  it('an empty window, or fewer rows than minRows, is no-data', async () => {
    const empty = new Frame([num('latency_ms', [])]);
    expect(await read(monitor({ signal: { kind: 'latency' } }), empty)).toMatchObject({ value: null, status: 'no-data', rows: 0 });
    const few = new Frame([num('latency_ms', [1, 2])]);
    expect(await read(monitor({ signal: { kind: 'latency' }, minRows: 3 }), few)).toMatchObject({ status: 'no-data', rows: 2 });
    const reference = new Frame([num('x', [1, 2, 3])]);
    expect(await read(monitor({ signal: { kind: 'drift', column: 'x' } }), new Frame([num('x', [])]), reference)).toMatchObject({
      status: 'no-data',
    });
  });

  it('an all-missing column is no-data; a constant column is a value', async () => {
    const missing = new Frame([num('latency_ms', [Number.NaN, Number.NaN])]);
    expect(await read(monitor({ signal: { kind: 'latency' } }), missing)).toMatchObject({ value: null, status: 'no-data' });
    const constant = new Frame([num('x', [5, 5, 5, 5])]);
    const reading = await read(monitor({ signal: { kind: 'drift', column: 'x' } }), constant, constant);
    expect(reading).toMatchObject({ value: 0, status: 'ok' });
    const noLabels = new Frame([num('label', [Number.NaN, Number.NaN]), num('prediction', [1, 0])]);
    expect(await read(monitor({ signal: { kind: 'metric', metric: 'accuracy' } }), noLabels)).toMatchObject({ status: 'no-data', rows: 0 });
  });

  it('a new category counts as drift; a column whose type changed is an error naming the field', async () => {
    const reference = new Frame([cat('plan', ['basic', 'pro', 'basic', 'pro'])]);
    const same = new Frame([cat('plan', ['pro', 'basic', 'basic', 'pro'])]);
    expect((await read(monitor({ signal: { kind: 'drift', column: 'plan' } }), same, reference)).value).toBe(0);
    const newLevel = new Frame([cat('plan', ['enterprise', 'enterprise', 'basic', 'pro'])]);
    expect((await read(monitor({ signal: { kind: 'drift', column: 'plan' } }), newLevel, reference)).value).toBeGreaterThan(1);
    const changed = new Frame([num('plan', [1, 2, 3])]);
    await expect(read(monitor({ signal: { kind: 'drift', column: 'plan' } }), changed, reference)).rejects.toMatchObject({
      code: 'MLP_MONITOR_SIGNAL',
      details: { field: 'signal.column' },
    });
    await expect(read(monitor({ signal: { kind: 'drift', column: 'plan', method: 'ks' } }), same, reference)).rejects.toMatchObject({
      code: 'MLP_MONITOR_SIGNAL',
      details: { field: 'signal.method' },
    });
  });

  it('a column the window lacks, an unknown metric or method, or a metric needing probabilities is an error naming the field', async () => {
    const frame = new Frame([num('latency', [1])]);
    await expect(read(monitor({ signal: { kind: 'latency' } }), frame)).rejects.toMatchObject({
      code: 'MLP_MONITOR_SIGNAL',
      details: { field: 'signal.column' },
    });
    const labelled = new Frame([num('label', [1]), num('prediction', [1])]);
    await expect(read(monitor({ signal: { kind: 'metric', metric: 'nope' } }), labelled)).rejects.toMatchObject({
      details: { field: 'signal.metric' },
    });
    await expect(read(monitor({ signal: { kind: 'metric', metric: 'roc-auc' } }), labelled)).rejects.toMatchObject({
      details: { field: 'signal.metric' },
    });
    await expect(
      read(monitor({ signal: { kind: 'drift', column: 'label', method: 'chi-by-eye' } }), labelled, labelled),
    ).rejects.toMatchObject({
      details: { field: 'signal.method' },
    });
  });

  it('estimated-metric asks the estimator for the judged window (not below minRows) and returns its reading', async () => {
    const requests: EstimateRequest[] = [];
    const estimator = {
      estimate: async (request: EstimateRequest): Promise<SignalReading> => {
        requests.push(request);
        return { value: 0.61, status: 'ok', rows: request.rows, note: 'CBPE' };
      },
    };
    const spec = monitor({ name: 'acc', signal: { kind: 'estimated-metric', metric: 'accuracy' }, minRows: 3 });
    const frame = new Frame([num('x', [1, 2, 3])]);
    const reading = await signals.get('estimated-metric').read(spec as never, window, { data: source(frame), estimator });
    expect(reading).toEqual({ value: 0.61, status: 'ok', rows: 3, note: 'CBPE' });
    expect(requests).toEqual([{ monitor: 'acc', model: 'churn', metric: 'accuracy', window, rows: 3 }]);
    const small = monitor({ signal: { kind: 'estimated-metric', metric: 'accuracy' }, minRows: 4 });
    const none = await signals.get('estimated-metric').read(small as never, window, { data: source(frame), estimator });
    expect(none).toMatchObject({ status: 'no-data', value: null, rows: 3 });
    expect(requests).toHaveLength(1);
  });

  it('estimated-metric without an estimator says none is composed in', async () => {
    await expect(read(monitor({ signal: { kind: 'estimated-metric', metric: 'accuracy' } }), new Frame([]))).rejects.toMatchObject({
      code: 'MLP_MONITOR_DATA_UNAVAILABLE',
    });
  });
});
