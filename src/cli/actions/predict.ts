import type { PredictionFormat } from '../../workspace/index.js';
import type { CliContext } from '../context.js';
import type { ActionArgs } from '../define-command.js';

/** `mlpilot predict`: scores a data file with a registered model version into a CSV, TSV or JSON-lines file. */
export async function predict(
  ctx: CliContext,
  _args: ActionArgs,
  options: { model: string; data: string; out: string; threads?: number; delimiter?: string; format?: PredictionFormat },
): Promise<void> {
  const ws = await ctx.workspace();
  const result = await ws.predictions.predictFile({ ...options, data: ctx.resolvePath(options.data), out: ctx.resolvePath(options.out) });
  ctx.out.result(
    {
      rows: result.rows,
      columns: result.columns,
      out: options.out,
      format: result.format,
      model: { name: result.model.modelName, version: result.model.version },
    },
    () =>
      ctx.out.line(
        `✓ scored ${result.rows} rows with ${result.model.modelName}@${result.model.version} → ${options.out} (${result.format}: ${result.columns.join(', ')})`,
      ),
  );
}
