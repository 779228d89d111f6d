// Builds the AutoML warm-start portfolio (auto-sklearn 2's greedy portfolio) offline and saves it as data:
// src/automl/portfolio-data.ts (the entries per task) and scripts/data/automl-portfolio-matrix.json (every
// dataset × candidate loss, so the choice can be audited and recomputed).
//
//   npx tsx scripts/automl-portfolio.ts [--per-learner N] [--max-rows R] [--folds K] [--time-ms T] [--date YYYY-MM-DD]
//                                       [--out FILE] [--matrix FILE] [--datasets a,b,…]
//
// Datasets: every META dataset of ../shared/datasets-meta and the TRAIN part of every DEV split of
// ../shared/bench-splits (the test files are never read), each capped to --max-rows rows by a seeded sample
// (bench/lib/cv-plan.ts's loading). Candidates per task: each learner's defaults plus --per-learner seeded random
// configurations of its full CASH space, the same list for every dataset of the task (a preprocessing choice the
// dataset's space lacks, e.g. `@encoding` without categorical columns, is dropped for that dataset). Each
// candidate is cross-validated on each dataset (--folds folds, 1 thread, --time-ms per fit; a failure or overrun is
// the worst loss); then per task the greedy construction of src/automl/portfolio.ts picks up to 12 entries.
// --datasets restricts the run to some datasets (smoke runs only: the committed data uses all of them).

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { format, resolveConfig } from 'prettier';

import { listSources, planDataset } from '../bench/lib/cv-plan.js';
import {
  buildProblem,
  cashSpace,
  type Configuration,
  configurationKey,
  ENCODING_PARAM,
  evaluateTrial,
  greedyPortfolio,
  type LearnerPlan,
  lossOf,
  prepareProblem,
  TpeSampler,
} from '../src/automl/index.js';
import type { Task } from '../src/core/index.js';
import { BUILTIN_LEARNERS, createLearnerRegistry } from '../src/ml/index.js';
import type { ParamValue } from '../src/ml/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SHARED = join(ROOT, '..', 'shared');
const TASKS: readonly Task[] = ['binary', 'multiclass', 'regression'];
/** Seeds: candidate generation, dataset sampling and the validation splits. */
const CANDIDATE_SEED = 2015;
const DATA_SEED = 7;
const MAX_ENTRIES = 12;

interface Options {
  perLearner: number;
  maxRows: number;
  folds: number;
  timeMs: number;
  date: string;
  out: string;
  matrix: string;
  datasets?: ReadonlySet<string>;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = {
    perLearner: 12,
    maxRows: 1500,
    folds: 3,
    timeMs: 5000,
    date: new Date().toISOString().slice(0, 10),
    out: join(ROOT, 'src', 'automl', 'portfolio-data.ts'),
    matrix: join(ROOT, 'scripts', 'data', 'automl-portfolio-matrix.json'),
  };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    const whole = (): number => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} must be a whole number, got ${value}`);
      return n;
    };
    if (flag === '--per-learner') options.perLearner = whole();
    else if (flag === '--max-rows') options.maxRows = whole();
    else if (flag === '--folds') options.folds = whole();
    else if (flag === '--time-ms') options.timeMs = whole();
    else if (flag === '--date') options.date = value;
    else if (flag === '--out') options.out = value;
    else if (flag === '--matrix') options.matrix = value;
    else if (flag === '--datasets') options.datasets = new Set(value.split(','));
    else throw new Error(`unknown option ${flag}`);
  }
  if (options.folds < 2) throw new Error('--folds must be at least 2');
  return options;
}

/** A value rounded to 4 significant digits, so the saved configurations read well (and are exactly what ran). */
function tidy(value: ParamValue): ParamValue {
  return typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(4)) : value;
}

/**
 * The candidates of a task: per learner its defaults, then `perLearner` random configurations of its full space
 * (with every preprocessing choice), seeded per learner so adding a learner leaves the others' candidates alone.
 */
function candidatesFor(task: Task, perLearner: number): Configuration[] {
  const out: Configuration[] = [];
  const seen = new Set<string>();
  const add = (c: Configuration): void => {
    const key = configurationKey(c);
    if (seen.has(key)) return;
    seen.add(key);
    out.push(c);
  };
  for (const [index, plan] of cashSpace(BUILTIN_LEARNERS, task, true).entries()) {
    add({ learner: plan.learner.id, params: ENCODING_PARAM in plan.space ? { [ENCODING_PARAM]: 'one-hot' } : {} });
    const sampler = new TpeSampler(plan.space, task, { seed: CANDIDATE_SEED + 101 * index });
    for (let i = 0; i < perLearner; i++) {
      const params = Object.fromEntries(Object.entries(sampler.randomConfiguration()).map(([k, v]) => [k, tidy(v)]));
      add({ learner: plan.learner.id, params });
    }
  }
  return out;
}

/** A candidate as the dataset's space has it: preprocessing choices the space lacks are dropped. */
function inSpace(config: Configuration, plan: LearnerPlan): Configuration {
  return {
    learner: config.learner,
    params: Object.fromEntries(Object.entries(config.params).filter(([name]) => !name.startsWith('@') || name in plan.space)),
  };
}

interface DatasetResult {
  readonly name: string;
  readonly rows: number;
  readonly folds: number;
  readonly metric: string;
  /** Loss per candidate (lower is better); null for a failed or overrun candidate. */
  readonly losses: (number | null)[];
  /** Why candidates failed, by candidate index (first line of the error). */
  readonly failures: Record<number, string>;
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const learners = createLearnerRegistry();
  const timeColumns = timeColumnsOf();
  const candidates = Object.fromEntries(TASKS.map((t) => [t, candidatesFor(t, options.perLearner)])) as Record<Task, Configuration[]>;
  for (const t of TASKS) log(`${t}: ${candidates[t].length} candidates`);
  const results: Record<Task, DatasetResult[]> = { binary: [], multiclass: [], regression: [] };
  const sources = listSources(SHARED).filter((s) => options.datasets === undefined || options.datasets.has(s.name));
  const started = performance.now();
  for (const [i, source] of sources.entries()) {
    const dataset = await planDataset(source, options.maxRows, options.folds, DATA_SEED);
    const timeColumn = timeColumns.get(source.name) ?? undefined;
    const prepared = prepareProblem(dataset.frame, {
      target: source.target,
      task: source.task,
      seed: DATA_SEED,
      source: source.name,
      ...(timeColumn === undefined ? {} : { timeColumn }),
    }).problem;
    // The same fold count everywhere (prepareProblem would pick 5 folds for these sizes): cheaper, and comparable.
    const problem = buildProblem(prepared.frame, {
      ...prepared.spec,
      validation: { ...prepared.spec.validation, kind: 'cv', folds: options.folds },
    });
    const hasCategorical = problem.frame.columns.some((c) => c.name !== source.target && c.type === 'categorical');
    const plans = new Map(cashSpace(BUILTIN_LEARNERS, source.task, hasCategorical).map((p) => [p.learner.id, p]));
    const losses: (number | null)[] = [];
    const failures: Record<number, string> = {};
    const t0 = performance.now();
    for (const [c, candidate] of candidates[source.task].entries()) {
      const plan = plans.get(candidate.learner);
      if (plan === undefined) throw new Error(`learner ${candidate.learner} missing from the ${source.name} space`);
      const request = { config: inSpace(candidate, plan), threads: 1, timeMs: options.timeMs };
      const outcome = await evaluateTrial(problem, request, { learners, plans });
      // Rounded as saved, so the greedy choice can be recomputed exactly from the matrix.
      if (outcome.status === 'ok') losses.push(Number(lossOf(problem, outcome.score).toPrecision(6)));
      else {
        losses.push(null);
        failures[c] = outcome.error.split('\n')[0] ?? '';
      }
    }
    const failed = Object.keys(failures).length;
    results[source.task].push({
      name: source.name,
      rows: problem.frame.rowCount,
      folds: problem.splits.length,
      metric: problem.spec.metric,
      losses,
      failures,
    });
    const secs = (performance.now() - t0) / 1000;
    const total = (performance.now() - started) / 1000;
    const size = `${source.task}, ${problem.frame.rowCount} rows`;
    log(
      `[${i + 1}/${sources.length}] ${source.name} (${size}): ${losses.length} candidates, ${failed} failed, ${secs.toFixed(1)} s (total ${total.toFixed(0)} s)`,
    );
  }

  const provenance =
    `scripts/automl-portfolio.ts on ${options.date}: ` +
    TASKS.map((t) => `${t} ${results[t].length} datasets × ${candidates[t].length} candidates`).join(', ') +
    ` (each learner's defaults + ${options.perLearner} seeded random configurations); META datasets + DEV train splits, ` +
    `≤ ${options.maxRows} rows each, ${options.folds}-fold CV, 1 thread, ${options.timeMs / 1000} s per fit; ` +
    `greedy over [0,1]-normalised losses, ≤ ${MAX_ENTRIES} entries`;
  const entries = Object.fromEntries(
    TASKS.map((t) => {
      const chosen =
        results[t].length === 0
          ? []
          : greedyPortfolio(
              results[t].map((r) => r.losses),
              MAX_ENTRIES,
            );
      log(`${t} portfolio: ${chosen.map((c) => configurationKey(candidates[t][c] as Configuration)).join(' | ')}`);
      return [t, chosen.map((c) => candidates[t][c] as Configuration)];
    }),
  ) as Record<Task, Configuration[]>;

  const matrix = {
    provenance,
    tasks: Object.fromEntries(
      TASKS.map((t) => [
        t,
        {
          candidates: candidates[t],
          chosen: entries[t].map((e) => candidates[t].indexOf(e)),
          datasets: results[t],
        },
      ]),
    ),
  };
  mkdirSync(dirname(options.matrix), { recursive: true });
  writeFileSync(options.matrix, `${JSON.stringify(matrix)}\n`);
  log(`wrote ${relative(ROOT, options.matrix)}`);

  const source = [
    '// GENERATED by scripts/automl-portfolio.ts: do not edit by hand. Regenerate (about 15–25 min on 2 busy cores) with',
    `//   npx tsx scripts/automl-portfolio.ts --per-learner ${options.perLearner} --max-rows ${options.maxRows} --folds ${options.folds} --time-ms ${options.timeMs}`,
    `// The losses behind the choice are in ${relative(ROOT, options.matrix)}.`,
    "import type { PortfolioData } from './portfolio-types.js';",
    '',
    '/** The warm-start portfolio per task, in the order the greedy construction chose its entries. */',
    `export const PORTFOLIO: PortfolioData = ${JSON.stringify({ provenance, entries })};`,
    '',
  ].join('\n');
  const config = (await resolveConfig(options.out)) ?? {};
  writeFileSync(options.out, await format(source, { ...config, filepath: options.out }));
  log(`wrote ${relative(ROOT, options.out)}`);
}

/** The time column of each dataset (by the names listSources gives), from the manifests. */
function timeColumnsOf(): Map<string, string | null> {
  const meta = JSON.parse(readFileSync(join(SHARED, 'datasets-meta', 'manifest.json'), 'utf8')) as {
    datasets: Array<{ name: string; time_column: string | null }>;
  };
  const dev = JSON.parse(readFileSync(join(SHARED, 'bench-splits', 'splits.json'), 'utf8')) as {
    splits: Array<{ name: string; time_column: string | null }>;
  };
  return new Map([
    ...meta.datasets.map((d) => [d.name, d.time_column] as const),
    ...dev.splits.map((s) => [`dev-${s.name}`, s.time_column] as const),
  ]);
}

await main();
