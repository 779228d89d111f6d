import { UsageError } from '../../core/index.js';
import type { LoggedBatch, PredictionFormat } from '../../workspace/index.js';
import type { CliContext } from '../context.js';
import type { ActionArgs } from '../define-command.js';

/** `mlpilot predict`: scores a data file with a registered model version into a CSV, TSV or JSON-lines file. */
export async function predict(
  ctx: CliContext,
  _args: ActionArgs,
  options: {
    model: string;
    data: string;
    out: string;
    threads?: number;
    delimiter?: string;
    format?: PredictionFormat;
    /** true for --log, false for --no-log, undefined for neither (`--log` is defined first, so commander sets no default). */
    log?: boolean;
    idColumn?: string;
  },
): Promise<void> {
  const ws = await ctx.workspace();
  const { log: flag, idColumn, ...rest } = options;
  const log = flag ?? ws.config.monitor.logPredictions;
  if (idColumn !== undefined && !log)
    throw UsageError({ problem: '--id-column names the prediction ids of a logged batch', hint: 'add --log' });
  let logged: LoggedBatch | undefined;
  const result = await ws.predictions.predictFile({
    ...rest,
    data: ctx.resolvePath(options.data),
    out: ctx.resolvePath(options.out),
    ...(log
      ? {
          onScored: async (batch) => {
            logged = await ws.ingestion.logScored({ ...batch, ...(idColumn === undefined ? {} : { idColumn }) });
          },
        }
      : {}),
  });
  ctx.out.result(
    {
      rows: result.rows,
      columns: result.columns,
      out: options.out,
      format: result.format,
      model: { name: result.model.modelName, version: result.model.version },
      ...(logged === undefined ? {} : { logged }),
    },
    () => {
      ctx.out.line(
        `✓ scored ${result.rows} rows with ${result.model.modelName}@${result.model.version} → ${options.out} (${result.format}: ${result.columns.join(', ')})`,
      );
      if (logged !== undefined)
        ctx.out.line(
          `✓ logged for monitoring: ${logged.accepted} new, ${logged.duplicates} already logged, ${logged.sampledOut} left out by sampling (ids ${logged.ids === 'column' ? `from ${idColumn}` : `like ${logged.firstId ?? '-'}`})`,
        );
    },
  );
}
