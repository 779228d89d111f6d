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
