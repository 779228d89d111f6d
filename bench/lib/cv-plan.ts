/**
 * The datasets and cross-validation folds of `npm run bench -- defaults`: every META dataset of
 * ../shared/datasets-meta and the TRAIN part of every DEV split of ../shared/bench-splits (test parts are never
 * read), each capped to `maxRows` rows by a seeded random sample, with `folds` folds assigned by one deterministic
 * rule (stratified by class for classification). The plan is written to JSON so the Python peer script uses the
 * very same rows, labels and folds.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { isMissingAt, readTable } from '../../src/data/index.js';
import type { Frame } from '../../src/data/index.js';
import { trainingTarget } from '../../src/ml/index.js';
import type { Task, TrainingTarget } from '../../src/ml/index.js';

/** One dataset as the bench uses it: the sampled rows (mlpilot frame), their labels and folds. */
export interface CvDataset {
  readonly name: string;
  /** `meta` (shared/datasets-meta) or `dev` (a DEV split's train part). */
  readonly group: 'meta' | 'dev';
  readonly file: string;
  readonly target: string;
  readonly task: Task;
  /** Rows of the file (0-based data rows) in the sample, ascending. */
  readonly rows: Int32Array;
  /** The sampled rows, target included. */
  readonly frame: Frame;
  /** The target of the sampled rows (class indices in mlpilot's class order, or values). */
  readonly y: TrainingTarget;
  /** Fold of each sampled row, 0..folds-1. */
  readonly folds: Int32Array;
  /** Rows in the file with a target before sampling. */
  readonly sourceRows: number;
  /** Classes left out because they had fewer rows than folds (their rows are dropped). */
  readonly droppedClasses: readonly string[];
}

interface Source {
  name: string;
  group: 'meta' | 'dev';
  file: string;
  target: string;
  task: Task;
}

/** Mulberry32: a small seeded PRNG, uniform in [0, 1). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle in place. */
function shuffle(values: number[], random: () => number): number[] {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [values[i], values[j]] = [values[j] as number, values[i] as number];
  }
  return values;
}

/** The META datasets (manifest order) and the DEV splits' train parts. */
export function listSources(shared: string): Source[] {
  const meta = JSON.parse(readFileSync(join(shared, 'datasets-meta', 'manifest.json'), 'utf8')) as {
    datasets: Array<{ name: string; file: string; target: string; task: Task }>;
  };
  const dev = JSON.parse(readFileSync(join(shared, 'bench-splits', 'splits.json'), 'utf8')) as {
    splits: Array<{ name: string; train_file: string; target: string; task: Task }>;
  };
  return [
    ...meta.datasets.map((d) => ({
      name: d.name,
      group: 'meta' as const,
      file: join(shared, 'datasets-meta', d.file),
      target: d.target,
      task: d.task,
    })),
    ...dev.splits.map((s) => ({
      name: `dev-${s.name}`,
      group: 'dev' as const,
      file: join(shared, 'bench-splits', s.train_file),
      target: s.target,
      task: s.task,
    })),
  ];
}

/**
 * Reads one source and plans its folds. Rows without a target are dropped; then at most `maxRows` rows are kept
 * (a uniform random sample, seed `seed`, kept in file order); then classes with fewer than `folds` rows are
 * dropped (stratified folds need one row of each class per fold). Folds: the rows of each class (all rows for
 * regression) are shuffled with the seed and dealt out in turn, so fold sizes differ by at most one per class.
 */
export async function planDataset(source: Source, maxRows: number, folds: number, seed: number): Promise<CvDataset> {
  const full = (await readTable(source.file)).frame;
  const column = full.column(source.target);
  const present: number[] = [];
  for (let i = 0; i < full.rowCount; i++) if (!isMissingAt(column, i)) present.push(i);
  let rows = present;
  if (rows.length > maxRows)
    rows = shuffle([...rows], rng(seed))
      .slice(0, maxRows)
      .sort((a, b) => a - b);
  let frame = full.take(Int32Array.from(rows));
  let y = trainingTarget(frame.column(source.target), source.task);
  const droppedClasses: string[] = [];
  if (y.task !== 'regression') {
    const counts = new Array<number>(y.classes.length).fill(0);
    for (const c of y.y) counts[c] = (counts[c] as number) + 1;
    const rare = new Set(counts.flatMap((n, c) => (n < folds ? [c] : [])));
    if (rare.size > 0) {
      const keep = rows.flatMap((r, i) => (rare.has(y.y[i] as number) ? [] : [r]));
      for (const c of rare) droppedClasses.push(y.classes[c] as string);
      rows = keep;
      frame = full.take(Int32Array.from(rows));
      y = trainingTarget(frame.column(source.target), source.task);
    }
  }
  const foldOf = new Int32Array(rows.length);
  const random = rng(seed + 1);
  const strata = y.task === 'regression' ? [rows.map((_, i) => i)] : strataOf(y.y, y.classes.length);
  let next = 0;
  for (const members of strata) for (const i of shuffle(members, random)) foldOf[i] = next++ % folds;
  return { ...source, rows: Int32Array.from(rows), frame, y, folds: foldOf, sourceRows: present.length, droppedClasses };
}

function strataOf(labels: ArrayLike<number>, k: number): number[][] {
  const out = Array.from({ length: k }, () => [] as number[]);
  for (let i = 0; i < labels.length; i++) out[labels[i] as number]?.push(i);
  return out;
}

/** The plan as the peer script reads it. */
export function planJson(datasets: readonly CvDataset[]): string {
  return JSON.stringify({
    datasets: datasets.map((d) => ({
      name: d.name,
      file: d.file,
      target: d.target,
      task: d.task,
      rows: Array.from(d.rows),
      folds: Array.from(d.folds),
      y: Array.from(d.y.y),
      n_classes: d.y.task === 'regression' ? null : d.y.classes.length,
    })),
  });
}
