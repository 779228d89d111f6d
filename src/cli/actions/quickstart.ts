import { runQuickstart } from '../../workspace/index.js';
import type { CliContext } from '../context.js';
import type { ActionArgs } from '../define-command.js';
import { examplesDir } from '../paths.js';

/**
 * `mlpilot quickstart`: registers the bundled iris data, tracks a run, trains and registers a champion, then runs a
 * short AutoML search and registers its model.
 */
export async function quickstart(ctx: CliContext, _args: ActionArgs, options: { automlBudget?: number }): Promise<void> {
  const ws = await ctx.workspace();
  const summary = await runQuickstart(ws, {
    examplesDir: examplesDir(),
    ...(options.automlBudget === undefined ? {} : { automlBudgetSeconds: options.automlBudget }),
  });
  const config = ctx.config();
  const d = summary.dataset;
  const next = [
    'mlpilot data list',
    `mlpilot data show ${d.datasetName}@${d.version}`,
    `mlpilot runs list --experiment ${summary.experiment}`,
    `mlpilot runs show ${summary.runId}`,
    `mlpilot lineage model ${summary.model.modelName}@champion`,
    `mlpilot predict --model ${summary.model.modelName}@champion --data examples/iris.csv --out predictions.csv`,
    `mlpilot lineage data ${d.datasetName}@${d.version}`,
    `mlpilot monitor drift --current window:${summary.model.modelName}:rows:${summary.monitoring.rows} --report drift.html`,
    `mlpilot monitor performance --model ${summary.model.modelName} --window rows --size ${summary.monitoring.rows}`,
    'mlpilot events list --since 1h',
    'mlpilot server',
  ];
  const url = `http://${config.server.host}:${config.server.port}`;
  ctx.out.result({ ...summary, next, serverUrl: url }, () => {
    const out = ctx.out;
    out.heading('mlpilot quickstart');
    out.line(
      summary.datasetCreated
        ? `✓ registered dataset ${d.datasetName}@${d.version}: ${d.rowCount} rows, sha256 ${d.contentHash.slice(0, 12)}`
        : `✓ dataset ${d.datasetName}@${d.version} already registered with the same content (sha256 ${d.contentHash.slice(0, 12)}); reused it`,
    );
    out.line(`✓ tracked run ${summary.runId} in experiment "${summary.experiment}" (params, metrics, the profile as an artifact)`);
    const m = summary.model;
    const primary = summary.training.metrics[summary.training.primaryMetric];
    out.line(
      `✓ trained gbdt (${summary.training.task}) in run ${summary.training.runId}: holdout ${summary.training.primaryMetric} ${primary === undefined ? 'n/a' : primary.toPrecision(4)}, accuracy ${summary.training.metrics.accuracy?.toPrecision(4) ?? 'n/a'}`,
    );
    out.line(`✓ registered model ${m.modelName}@${m.version} and pointed alias "champion" at it`);
    const a = summary.automl;
    out.line(
      `✓ automl in ${a.budgetSeconds} s (run ${a.runId}): ${a.trials} trials${a.failedTrials > 0 ? ` (${a.failedTrials} failed)` : ''}, best ${a.bestLearner}, ensemble of ${a.ensembleSize}, validation ${a.metric} ${a.validationScore.toPrecision(4)}; registered model ${a.model.modelName}@${a.model.version}`,
    );
    out.line(
      `  a longer search with its HTML report: mlpilot automl --train ${d.datasetName}@${d.version} --target species --budget 60 --report automl.html`,
    );
    const w = summary.monitoring;
    const drifted = w.drift.columns.map((c) => `${c.column} (${c.method} ${c.score.toPrecision(3)}, threshold ${c.threshold})`);
    out.line(
      `✓ replayed a later window of ${w.rows} rows with a planted shift (${w.shift}), scored by ${m.modelName}@champion and logged for monitoring (${w.logged} new)`,
    );
    out.line(
      `  drift: ${w.drift.drifted} of ${w.drift.compared} columns${w.drift.datasetDrift ? ' (dataset drift)' : ''}${drifted.length > 0 ? `: ${drifted.join(', ')}` : ''}`,
    );
    const a2 = w.accuracy;
    out.line(
      `  accuracy: estimated ${a2.estimated === null ? 'n/a' : a2.estimated.toFixed(3)}${a2.standardError === null ? '' : ` ± ${a2.standardError.toFixed(3)}`} without labels (CBPE), realised ${a2.realised === null ? 'n/a' : a2.realised.toFixed(3)} once the labels arrived${a2.band === null ? '' : ` (reference band ${a2.band.lower.toFixed(3)}–${a2.band.upper.toFixed(3)})`}`,
    );
    if (a2.realised !== null && a2.band !== null && a2.realised < a2.band.lower)
      out.line(
        "  the realised accuracy is below the reference band while the estimate is not: the shift moved rows across the model's class boundaries, which no label-free estimate can see (docs/monitoring.md)",
      );
    out.line(`  drift report: ${w.reportFile}`);
    const { entry, outcome } = summary.gitignore;
    if (outcome === 'created' || outcome === 'appended')
      out.line(`✓ added ${entry} to .gitignore (metadata and artifacts stay out of git)`);
    out.line();
    out.keyValues([
      ['metadata', summary.databaseUrl],
      ['artifacts', summary.artifactRoot],
    ]);
    out.line();
    out.heading('Try next:');
    for (const line of next) out.line(`  ${line}`);
    out.line();
    out.line(`The REST API: mlpilot server, then ${url}/api/v1 (OpenAPI document at ${url}/api/v1/openapi.json)`);
  });
}
