/**
 * `npm run bench -- dev [--peer-json FILE] [--only NAME…]`: default-parameter mlpilot learners against their
 * scikit-learn peers on every DEV split of ../shared/bench-splits, primary test metric side by side.
 *
 * Peers are run in the same benchmark (shared/peers/run_peers.py --peers hgb rf linear) unless --peer-json
 * reuses a JSON that script wrote. Pairs: gbdt ↔ hgb (HistGradientBoosting defaults), rf ↔ rf (sklearn
 * RandomForest, 300 trees), linear ↔ linear (LogisticRegression / Ridge). Metrics as in run_peers.py: binary ROC
 * AUC, multiclass log loss, regression RMSE.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { readTable } from '../src/data/index.js';
import { createLearnerRegistry, evaluatePipeline, fitPipeline, trainingTarget } from '../src/ml/index.js';
import { printTable } from './lib/report.js';
import { optionValues } from './lib/args.js';

const root = join(import.meta.dirname, '..');
const splitsDir = join(root, '../shared/bench-splits');
const peersScript = join(root, '../shared/peers/run_peers.py');

interface Split {
  name: string;
  task: 'binary' | 'multiclass' | 'regression';
  target: string;
}
interface PeerResult {
  name: string;
  peers: Record<string, { primary: number; fit_s: number }>;
}

const PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['gbdt', 'hgb'],
  ['rf', 'rf'],
  ['linear', 'linear'],
];

async function main(): Promise<void> {
  if (!existsSync(splitsDir)) throw new Error(`no splits at ${splitsDir}; this benchmark needs ../shared`);
  const only = optionValues('--only');
  const splits = (JSON.parse(readFileSync(join(splitsDir, 'splits.json'), 'utf8')) as { splits: Split[] }).splits.filter(
    (s) => only.length === 0 || only.includes(s.name),
  );
  const learners = createLearnerRegistry();
  const pairs = PAIRS.filter(([ours]) => learners.has(ours));

  let peerJson = optionValues('--peer-json')[0];
  if (peerJson === undefined) {
    peerJson = join(tmpdir(), `mlpilot-dev-peers-${process.pid}.json`);
    console.error(`running scikit-learn peers (${pairs.map((p) => p[1]).join(', ')}) on ${splits.length} splits…`);
    execFileSync(
      '/usr/bin/python3',
      [peersScript, splitsDir, peerJson, '--peers', ...pairs.map((p) => p[1]), '--only', ...splits.map((s) => s.name)],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
  }
  const peers = new Map((JSON.parse(readFileSync(peerJson, 'utf8')) as { datasets: PeerResult[] }).datasets.map((d) => [d.name, d]));

  const rows: Array<Array<string | number>> = [];
  for (const split of splits) {
    const train = (await readTable(join(splitsDir, `${split.name}.train.csv`))).frame;
    const test = (await readTable(join(splitsDir, `${split.name}.test.csv`))).frame;
    const target = trainingTarget(train.column(split.target), split.task);
    const metric = split.task === 'regression' ? 'rmse' : split.task === 'binary' ? 'roc-auc' : 'log-loss';
    for (const [ours, theirs] of pairs) {
      const start = performance.now();
      const pipeline = await fitPipeline({
        frame: train,
        target: split.target,
        learner: learners.get(ours),
        context: { seed: 0, threads: 1 },
        task: split.task,
      });
      const fitSeconds = (performance.now() - start) / 1000;
      const score = evaluatePipeline(pipeline, test, target).metrics[metric] ?? Number.NaN;
      const peer = peers.get(split.name)?.peers[theirs];
      const ratio = peer === undefined ? Number.NaN : score / peer.primary;
      rows.push([
        split.name,
        metric,
        `${ours} / ${theirs}`,
        score,
        peer?.primary ?? Number.NaN,
        ratio,
        fitSeconds,
        peer?.fit_s ?? Number.NaN,
      ]);
    }
  }
  printTable(
    'DEV splits: default mlpilot learners vs scikit-learn peers (test set, primary metric)',
    ['dataset', 'metric', 'mlpilot / peer', 'mlpilot', 'peer', 'ratio', 'fit s (mlpilot)', 'fit s (peer)'],
    rows,
  );
  console.log('\nratio = mlpilot / peer: for rmse and log-loss below 1 is better; for roc-auc above 1 is better.');
}

await main();
