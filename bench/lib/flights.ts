/** The flights split of ../shared/bench-splits as engine_anchors.py reads it (shared by the engine and forest benchmarks). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { featureMatrix } from '../../src/ml/matrix.js';
import type { FeatureMatrix } from '../../src/ml/matrix.js';

/** The flights split: 150k training rows and the test rows, 5 features, delay in minutes as the label. */
export interface Flights {
  train: FeatureMatrix;
  ytrain: Float64Array;
  test: FeatureMatrix;
  ytest: Float64Array;
}

function readCsv(path: string): string[][] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const out: string[][] = [];
  for (let i = 1; i < lines.length; i++) if ((lines[i] as string).length > 0) out.push((lines[i] as string).split(','));
  return out;
}

/** Features as engine_anchors.py documents them: distance, origin/destination ordinal codes, hour, day_of_week. */
export function loadFlights(splits: string): Flights {
  const tr = readCsv(join(splits, 'flights.train.csv'));
  const te = readCsv(join(splits, 'flights.test.csv'));
  const levels = [3, 4].map((c) => {
    const distinct = [...new Set(tr.map((r) => r[c] as string))].sort();
    return new Map(distinct.map((v, i) => [v, i]));
  });
  const build = (rows: string[][]): [FeatureMatrix, Float64Array] => {
    const n = rows.length;
    const cols = Array.from({ length: 5 }, () => new Float64Array(n));
    const y = new Float64Array(n);
    rows.forEach((r, i) => {
      const date = r[0] as string;
      y[i] = Number(r[1]);
      (cols[0] as Float64Array)[i] = Number(r[2]);
      (cols[1] as Float64Array)[i] = levels[0]?.get(r[3] as string) ?? NaN;
      (cols[2] as Float64Array)[i] = levels[1]?.get(r[4] as string) ?? NaN;
      (cols[3] as Float64Array)[i] = Number(date.slice(11, 13));
      const day = new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)))).getUTCDay();
      (cols[4] as Float64Array)[i] = (day + 6) % 7;
    });
    return [featureMatrix(cols, { names: ['distance', 'origin', 'destination', 'hour', 'day_of_week'] }), y];
  };
  const [train, ytrain] = build(tr);
  const [test, ytest] = build(te);
  return { train, ytrain, test, ytest };
}
