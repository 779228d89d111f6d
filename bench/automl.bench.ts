/**
 * `npm run bench -- automl [--budget 60] [--only NAME…] [--threads 2] [--workers 1] [--peers FILE] [--out FILE]`:
 * AutoML, run as `mlpilot automl` runs it (the workspace's AutoML service in a temporary project: trials as jobs on
 * pool threads, every trial tracked), against the five peers of ../shared/peers on every DEV split of
 * ../shared/bench-splits, primary test metric side by side.
 *
 * For each split, `automl` runs on NAME.train.csv with the budget (seconds, default 60, the peers' budget), seed 0,
 * the split's time column when it has one, and NAME.test.csv as its `test` rows (scored after the fit, never used to
 * choose). The peers' test scores are read from a JSON written by ../shared/peers/run_peers.py (default
 * ../shared/peers/results-dev.json: hgb, rf, linear, xgb_optuna, cash_optuna, the tuned two with a 60 s budget on 2
 * threads); `--threads` defaults to 2 to match them. Metrics as in run_peers.py: binary ROC AUC, multiclass log loss,
 * regression RMSE.
 *
 * Verdict per dataset against the best peer (issue 15's target): `win` when better, `tie` when equal; otherwise
 * `within` when the gap is at most 0.005 ROC AUC (absolute), 5 % log loss or 1 % RMSE (relative to the best peer),
 * else `loss`. Elapsed time is the wall time of the whole run (reading and registering the files included), flagged when
 * over the budget + 10 %.
 *
 * The full results (per dataset: every test metric, validation scores, trials by learner, failures, the ensemble
 * members with their parameters, the best single model, the heaviest member's test metrics, elapsed) go to `--out` (default
 * bench/results/automl-YYYY-MM-DD.json), rewritten after every dataset so a cut-short run keeps what it finished.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { type AutomlResult, metricLabel, type TrialRecord } from '../src/automl/index.js';
import { readTable } from '../src/data/index.js';
import { evaluatePipeline, shutdownComputePools, trainingTarget } from '../src/ml/index.js';
import { openWorkspace } from '../src/workspace/index.js';
import { printTable } from './lib/report.js';
import { optionValues } from './lib/args.js';

const root = join(import.meta.dirname, '..');
const splitsDir = join(root, '../shared/bench-splits');
const PEERS = ['hgb', 'rf', 'linear', 'xgb_optuna', 'cash_optuna'] as const;
/** How far behind the best peer still counts as `within` (issue 15), by metric. */
const WITHIN: Readonly<Record<string, { readonly gap: number; readonly relative: boolean }>> = {
  roc_auc: { gap: 0.005, relative: false },
  log_loss: { gap: 0.05, relative: true },
  rmse: { gap: 0.01, relative: true },
};
/** Elapsed time above budget × this is flagged. */
const BUDGET_SLACK = 1.1;

interface Split {
  name: string;
  task: 'binary' | 'multiclass' | 'regression';
  target: string;
  time_column: string | null;
  train_rows: number;
  test_rows: number;
}
interface PeerDataset {
  name: string;
  metric: string;
  metric_secondary?: string;
  higher_is_better: boolean;
  peers: Record<string, { primary: number; secondary?: number; fit_s?: number }>;
}
type Verdict = 'win' | 'tie' | 'within' | 'loss' | 'error';

function numberArg(name: string, fallback: number): number {
  const raw = optionValues(name)[0];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!(value > 0) || !Number.isFinite(value)) throw new Error(`${name} takes a positive number, got ${JSON.stringify(raw)}`);
  return value;
}

/** A score with four significant digits (whole numbers from 1,000 up). */
function fmt(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  return Math.abs(value) >= 1000 ? Math.round(value).toLocaleString('en-US') : value.toPrecision(4);
}

/** How much better ours is than `best` (positive = ours better), absolute and relative to `best`. */
function marginOf(ours: number, best: number, higherIsBetter: boolean): { absolute: number; relative: number } {
  const absolute = higherIsBetter ? ours - best : best - ours;
  return { absolute, relative: absolute / Math.abs(best) };
}

function verdictOf(metric: string, ours: number, best: number, higherIsBetter: boolean): Verdict {
  if (ours === best) return 'tie';
  const { absolute, relative } = marginOf(ours, best, higherIsBetter);
  if (absolute > 0) return 'win';
  const within = WITHIN[metric];
  if (within === undefined) return 'loss';
  return -(within.relative ? relative : absolute) <= within.gap ? 'within' : 'loss';
}

function formatMargin(metric: string, margin: { absolute: number; relative: number }): string {
  const sign = (v: number): string => (v >= 0 ? '+' : '−');
  const abs = `${sign(margin.absolute)}${fmt(Math.abs(margin.absolute))}`;
  return WITHIN[metric]?.relative === true ? `${abs} (${sign(margin.relative)}${(Math.abs(margin.relative) * 100).toFixed(1)} %)` : abs;
}

function gitCommit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

/** Trials by learner (ok / failed) and the distinct failure messages. */
function trialSummary(result: AutomlResult): object {
  const byLearner: Record<string, { ok: number; failed: number }> = {};
  for (const t of result.trials) {
    const entry = (byLearner[t.config.learner] ??= { ok: 0, failed: 0 });
    entry[t.status] += 1;
  }
  const errors = [...new Set(result.trials.filter((t) => t.error !== undefined).map((t) => `${t.config.learner}: ${t.error}`))];
  return {
    total: result.trials.length,
    ok: result.trials.filter((t) => t.status === 'ok').length,
    failed: result.trials.filter((t) => t.status === 'failed').length,
    byLearner,
    errors: errors.slice(0, 10),
  };
}

async function runOne(
  split: Split,
  budgetSeconds: number,
  threads: number,
  workers: number,
  peer: PeerDataset | undefined,
): Promise<Record<string, unknown>> {
  const train = (await readTable(join(splitsDir, `${split.name}.train.csv`))).frame;
  const test = (await readTable(join(splitsDir, `${split.name}.test.csv`))).frame;
  const base = {
    name: split.name,
    task: split.task,
    target: split.target,
    timeColumn: split.time_column,
    trainRows: train.rowCount,
    testRows: test.rowCount,
  };
  const peers = Object.fromEntries(
    PEERS.map((p) => [p, peer?.peers[p] === undefined ? null : { primary: peer.peers[p].primary, secondary: peer.peers[p].secondary }]),
  );
  // Kept as they finish, so a run that fails still shows what its trials did.
  const trials: TrialRecord[] = [];
  const start = performance.now();
  let result: AutomlResult;
  // Through the workspace, as `mlpilot automl` runs it: trials as jobs on pool threads, tracked, the model kept.
  const dir = mkdtempSync(join(tmpdir(), 'mlpilot-automl-bench-'));
  const ws = await openWorkspace({ cwd: dir });
  try {
    const run = await ws.automl.run(
      {
        train: { file: join(splitsDir, `${split.name}.train.csv`) },
        test: { file: join(splitsDir, `${split.name}.test.csv`) },
        target: split.target,
        budgetSeconds,
        seed: 0,
        threads,
        workers,
        ...(split.time_column === null ? {} : { timeColumn: split.time_column }),
      },
      ws.ctx,
    );
    result = run.result;
    trials.push(...result.trials);
  } catch (error) {
    const wallSeconds = (performance.now() - start) / 1000;
    return {
      ...base,
      verdict: 'error',
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      wallSeconds,
      peers,
      trialRecords: trials.map((t) => ({ ...t, endedAt: Number(t.endedAt.toFixed(3)) })),
    };
  } finally {
    await ws.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const wallSeconds = (performance.now() - start) / 1000;
  const metric = metricLabel(result.metric);
  const ours = result.testMetrics?.[metric];
  // The heaviest member alone on the same test rows: how much the ensemble adds.
  const bestSingle = evaluatePipeline(result.lead.pipeline, test, trainingTarget(train.column(split.target), result.task), [
    ...new Set([result.metric, ...Object.keys(result.testMetrics ?? {}).map((k) => k.replace(/_/g, '-'))]),
  ]).metrics;
  const scored = PEERS.filter((p) => peer?.peers[p] !== undefined).map((p) => ({ peer: p, score: peer!.peers[p]!.primary }));
  const higher = peer?.higher_is_better ?? result.higherIsBetter;
  const bestPeer = scored.sort((a, b) => (higher ? b.score - a.score : a.score - b.score))[0];
  const comparable = ours !== undefined && bestPeer !== undefined && peer?.metric === metric;
  return {
    ...base,
    metric,
    higherIsBetter: result.higherIsBetter,
    ours,
    testMetrics: result.testMetrics ?? {},
    validationScore: result.ensemble.score,
    peers,
    peerMetric: peer?.metric,
    bestPeer: bestPeer?.peer,
    bestPeerScore: bestPeer?.score,
    margin: comparable ? marginOf(ours, bestPeer.score, higher) : undefined,
    verdict: comparable ? verdictOf(metric, ours, bestPeer.score, higher) : 'error',
    ...(comparable
      ? {}
      : { error: peer?.metric === metric ? 'no score to compare' : `peer metric ${peer?.metric ?? '(no peers)'} ≠ ours ${metric}` }),
    budgetSeconds,
    wallSeconds,
    elapsedSeconds: result.elapsedSeconds,
    overBudget: wallSeconds > budgetSeconds * BUDGET_SLACK,
    stoppedBy: result.stoppedBy,
    trials: trialSummary(result),
    ensemble: result.ensemble.members,
    best: {
      ...result.best,
      validationScore: result.best.score,
      inEnsemble: result.ensemble.members.some((m) => m.trial === result.best.trial),
    },
    lead: {
      trial: result.lead.trial,
      learner: result.lead.learner,
      test: Object.fromEntries(Object.entries(bestSingle).map(([k, v]) => [metricLabel(k), v])),
    },
    validation: result.spec.validation,
    notes: result.notes,
  };
}

async function main(): Promise<void> {
  if (!existsSync(splitsDir)) throw new Error(`no splits at ${splitsDir}; this benchmark needs ../shared`);
  const budgetSeconds = numberArg('--budget', 60);
  const threads = numberArg('--threads', 2);
  const workers = numberArg('--workers', 1);
  const peersFile = optionValues('--peers')[0] ?? join(root, '../shared/peers/results-dev.json');
  const outFile = optionValues('--out')[0] ?? join(root, 'bench/results', `automl-${new Date().toISOString().slice(0, 10)}.json`);
  const only = optionValues('--only');
  const all = (JSON.parse(readFileSync(join(splitsDir, 'splits.json'), 'utf8')) as { splits: Split[] }).splits;
  const unknown = only.filter((name) => !all.some((s) => s.name === name));
  if (unknown.length > 0) throw new Error(`unknown split ${unknown.join(', ')}; known: ${all.map((s) => s.name).join(', ')}`);
  const splits = all.filter((s) => only.length === 0 || only.includes(s.name));
  const peerJson = JSON.parse(readFileSync(peersFile, 'utf8')) as {
    budget_s?: number;
    nthreads?: number;
    started?: string;
    datasets: PeerDataset[];
  };
  const peers = new Map(peerJson.datasets.map((d) => [d.name, d]));

  const report = {
    benchmark: 'automl',
    started: new Date().toISOString(),
    finished: undefined as string | undefined,
    commit: gitCommit(),
    budgetSeconds,
    threads,
    seed: 0,
    peers: { file: peersFile, started: peerJson.started, budgetSeconds: peerJson.budget_s, threads: peerJson.nthreads },
    host: { cpus: cpus().length, node: process.version, loadavgStart: loadavg(), loadavgEnd: undefined as number[] | undefined },
    datasets: [] as Array<Record<string, unknown>>,
    summary: undefined as Record<string, unknown> | undefined,
  };
  const save = (): void => {
    mkdirSync(dirname(outFile), { recursive: true });
    writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`);
  };
  console.error(`automl on ${splits.length} split(s), budget ${budgetSeconds} s, ${threads} thread(s), seed 0; results → ${outFile}`);
  for (const split of splits) {
    const entry = await runOne(split, budgetSeconds, threads, workers, peers.get(split.name));
    report.datasets.push(entry);
    save();
    const t = entry.trials as { ok: number; failed: number } | undefined;
    console.error(
      `  ${split.name}: ${String(entry.metric ?? '')} ${fmt(entry.ours as number | undefined)} vs best peer ${fmt(entry.bestPeerScore as number | undefined)} → ${String(entry.verdict)}` +
        ` (${(entry.wallSeconds as number).toFixed(1)} s, trials ${t?.ok ?? 0}/${t?.failed ?? 0})${entry.error === undefined ? '' : ` ${String(entry.error)}`}`,
    );
  }

  const rows = report.datasets.map((d) => {
    const peer = d.peers as Record<string, { primary: number } | null>;
    const t = d.trials as { ok: number; failed: number } | undefined;
    const members = (d.ensemble as Array<{ learner: string; weight: number }> | undefined) ?? [];
    const wall = d.wallSeconds as number;
    return [
      String(d.name),
      String(d.metric ?? '—'),
      fmt(d.ours as number | undefined),
      ...PEERS.map((p) => fmt(peer[p]?.primary)),
      d.bestPeer === undefined ? '—' : String(d.bestPeer),
      d.margin === undefined ? '—' : formatMargin(String(d.metric), d.margin as { absolute: number; relative: number }),
      String(d.verdict),
      `${wall.toFixed(1)} / ${budgetSeconds}${d.overBudget === true ? ' ⚠ over' : ''}`,
      t === undefined ? '—' : `${t.ok}/${t.failed}`,
      members.length === 0 ? String(d.error ?? '—') : members.map((m) => `${m.learner}×${m.weight.toFixed(2)}`).join(' + '),
    ];
  });
  printTable(
    `automl (budget ${budgetSeconds} s, ${workers} worker(s) × ${threads} thread(s), seed 0) vs peers on the DEV splits (test set, primary metric)`,
    ['dataset', 'metric', 'mlpilot', ...PEERS, 'best peer', 'margin', 'verdict', 'elapsed / budget s', 'trials ok/failed', 'ensemble'],
    rows,
  );
  const count = (...v: Verdict[]): number => report.datasets.filter((d) => v.includes(d.verdict as Verdict)).length;
  const n = report.datasets.length;
  const allWithinBudget = report.datasets.every((d) => d.overBudget === false);
  report.summary = {
    datasets: n,
    winsTies: count('win', 'tie'),
    within: count('within'),
    losses: count('loss'),
    errors: count('error'),
    allWithinBudget,
  };
  report.finished = new Date().toISOString();
  report.host.loadavgEnd = loadavg();
  save();
  console.log(
    `\nwins+ties ${count('win', 'tie')}/${n}, within ${count('within')}, losses ${count('loss')}` +
      `${count('error') > 0 ? `, errors ${count('error')}` : ''}; all within budget (+10 %): ${allWithinBudget ? 'yes' : 'no'}`,
  );
  console.log(
    `margin: how much better than the best peer (+ = ours better; relative to the best peer for log loss and RMSE). ` +
      `within = at most 0.005 ROC AUC, 5 % log loss or 1 % RMSE behind. Peers from ${peersFile} (${peerJson.started ?? 'undated'}).`,
  );
  console.log(`full results: ${outFile}`);
}

try {
  await main();
} finally {
  shutdownComputePools();
}
