/**
 * TPE sampler benchmark: the time of one `suggest()` over each built-in learner's search space after 50 and 200
 * observed trials (random configurations with a smooth loss), as the AutoML loop calls it.
 *
 *   npm run bench -- tpe [--repeats 200]
 *
 * Reports the median and 90th percentile over the repeats of the wall time and of the process's CPU time per
 * suggestion (single-threaded; on a shared, loaded machine the wall time also counts time given to others).
 * Target (issue 15): well under 1 ms for 200 observations.
 */
import { performance } from 'node:perf_hooks';
import { TpeSampler } from '../src/automl/index.js';
import type { ParamValue } from '../src/automl/index.js';
import type { Task } from '../src/core/index.js';
import { BUILTIN_LEARNERS } from '../src/ml/index.js';
import { median, percentile, printTable } from './lib/report.js';

const repeatsFlag = process.argv.indexOf('--repeats');
const repeats = repeatsFlag >= 0 ? Number(process.argv[repeatsFlag + 1]) : 200;

/** A loss that depends on every numeric parameter (on its log for large ranges) and on each choice. */
function loss(config: Readonly<Record<string, ParamValue>>): number {
  let sum = 0;
  for (const value of Object.values(config)) {
    if (typeof value === 'number') sum += Math.abs(Math.log10(Math.abs(value) + 1e-9) - 0.5);
    else sum += String(value).length % 3;
  }
  return sum;
}

const rows: Array<Array<string | number>> = [];
for (const learner of BUILTIN_LEARNERS) {
  const task: Task = learner.capabilities.tasks.includes('binary') ? 'binary' : 'regression';
  for (const observed of [50, 200]) {
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const sampler = new TpeSampler(learner.searchSpace, task, { seed: r });
      for (let i = 0; i < observed; i++) {
        const config = sampler.randomConfiguration();
        sampler.observe(config, loss(config));
      }
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      sampler.suggest();
      wall.push(performance.now() - start);
      const used = process.cpuUsage(cpuStart);
      cpu.push((used.user + used.system) / 1000);
    }
    const params = Object.keys(learner.searchSpace).length;
    rows.push([
      learner.id,
      params,
      observed,
      median(wall).toFixed(3),
      percentile(wall, 90).toFixed(3),
      median(cpu).toFixed(3),
      percentile(cpu, 90).toFixed(3),
    ]);
  }
}
printTable(
  `TPE suggest() (${repeats} repeats)`,
  ['learner', 'params', 'observed', 'wall ms p50', 'wall ms p90', 'cpu ms p50', 'cpu ms p90'],
  rows,
);
