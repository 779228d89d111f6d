import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';

import { type Task, UsageError } from '../../core/index.js';
import { type AutomlRequest, type AutomlRun, automlSummary, type DataSource, trainData } from '../../workspace/index.js';
import type { CliContext } from '../context.js';
import type { ActionArgs } from '../define-command.js';

interface AutomlOptions {
  train: string;
  target: string;
  test?: string;
  delimiter?: string;
  task?: Task;
  metric?: string;
  timeColumn?: string;
  budget?: number;
  workers?: number;
  threads?: number;
  seed?: number;
  maxTrials?: number;
  experiment?: string;
  register?: string;
  report?: string;
}

/** `mlpilot automl`: runs a search with a progress bar on stderr, records it, and prints the result. */
export async function automl(ctx: CliContext, _args: ActionArgs, options: AutomlOptions): Promise<number | void> {
  const ws = await ctx.workspace();
  const source = (value: string): DataSource => {
    const data = trainData(value, ctx.resolvePath(value), existsSync);
    if ('data' in data) return data;
    return options.delimiter === undefined ? data : { ...data, delimiter: options.delimiter };
  };
  if (options.delimiter !== undefined && 'data' in trainData(options.train, ctx.resolvePath(options.train), existsSync)) {
    throw UsageError({ problem: `--delimiter applies to a data file; ${options.train} is a dataset version, read as it was registered` });
  }
  const report = options.report === undefined ? undefined : ctx.resolvePath(options.report);
  const request: AutomlRequest = {
    train: source(options.train),
    ...(options.test === undefined ? {} : { test: source(options.test) }),
    target: options.target,
    ...(options.task === undefined ? {} : { task: options.task }),
    ...(options.metric === undefined ? {} : { metric: options.metric }),
    ...(options.timeColumn === undefined ? {} : { timeColumn: options.timeColumn }),
    ...(options.budget === undefined ? {} : { budgetSeconds: options.budget }),
    ...(options.workers === undefined ? {} : { workers: options.workers }),
    // Each trial may use its share of the cores (the learners' results do not depend on it).
    threads: options.threads ?? Math.max(1, Math.floor(availableParallelism() / (options.workers ?? 1))),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.maxTrials === undefined ? {} : { maxTrials: options.maxTrials }),
    ...(options.experiment === undefined ? {} : { experiment: options.experiment }),
    ...(options.register === undefined ? {} : { register: options.register }),
  };
  const budget = options.budget ?? 60;
  ctx.out.note(`automl on ${options.train}, target ${options.target}, budget ${budget} s…`);
  const { createProgress } = await import('../output/progress.js');
  const progress = createProgress({ stderr: ctx.io.stderr, json: ctx.out.jsonMode, label: 'automl' });
  let run: AutomlRun;
  try {
    run = await ws.automl.run(request, ctx.writeContext, {
      progress: (p) =>
        progress.update(
          Math.min(1, p.elapsedSeconds / p.budgetSeconds),
          `${p.elapsedSeconds.toFixed(0)}/${p.budgetSeconds} s · ${p.phase} · ${p.trials} trials${p.failed > 0 ? ` (${p.failed} failed)` : ''}` +
            (p.bestScore === undefined ? '' : ` · best ${p.bestScore.toPrecision(5)}`),
        ),
    });
  } finally {
    progress.stop();
  }
  if (report !== undefined) await writeFile(report, run.report);
  const summary = automlSummary(run);
  ctx.out.result(summary, () => printRun(ctx, run, report));
}

function fmt(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(5);
}

function printRun(ctx: CliContext, run: AutomlRun, report: string | undefined): void {
  const r = run.result;
  const metric = r.metric.replace(/-/g, '_');
  const failed = r.trials.filter((t) => t.status === 'failed').length;
  const v = r.spec.validation;
  ctx.out.line(
    `✓ automl ${r.task} on ${run.dataset.datasetName}@${run.dataset.version}: ${r.trials.length} trials (${failed} failed) in ${r.elapsedSeconds.toFixed(1)} s of ${r.budgetSeconds} s, run ${run.runId}`,
  );
  ctx.out.line(
    `  validation: ${v.strategy} ${v.kind === 'cv' ? `${v.folds}-fold` : `holdout ${v.fraction}`}${v.timeColumn === undefined ? '' : ` by ${v.timeColumn}`}; metric ${metric}`,
  );
  for (const note of r.notes.filter((n) => n.kind === 'id-like' || n.kind === 'constant'))
    ctx.out.line(`  dropped ${note.column ?? ''}: ${note.message}`);
  ctx.out.line(`  best single model: ${r.best.learner} (trial ${r.best.trial}), validation ${metric} ${fmt(r.best.score)}`);
  ctx.out.line(`\nEnsemble (validation ${metric} ${fmt(r.ensemble.score)})`);
  ctx.out.table(
    [{ header: 'TRIAL', align: 'right' }, { header: 'LEARNER' }, { header: 'WEIGHT', align: 'right' }],
    r.ensemble.members.map((m) => [String(m.trial), m.learner, m.weight.toFixed(3)]),
  );
  if (r.testMetrics !== undefined) {
    ctx.out.line('\nTest metrics');
    ctx.out.table(
      [{ header: 'METRIC' }, { header: 'VALUE', align: 'right' }],
      Object.entries(r.testMetrics).map(([k, value]) => [k, fmt(value)]),
    );
  }
  if (report !== undefined) ctx.out.line(`\nreport: ${report}`);
  if (run.modelVersion !== undefined) {
    const mv = run.modelVersion;
    ctx.out.line(`✓ registered model ${mv.modelName}@${mv.version}`);
    ctx.out.line(`\nNext: mlpilot predict --model ${mv.modelName}@${mv.version} --data FILE --out predictions.csv`);
  } else {
    ctx.out.line(`\nThe model is the bundle of run ${run.runId} (artifact model/); --register NAME registers it.`);
  }
}
