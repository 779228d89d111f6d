import { gzipSync } from 'node:zlib';

import { UnsupportedFormatError, UsageError } from '../core/index.js';
import { tableFileFormat } from '../data/index.js';

/** What a predictions table is made of (a `Predictions` of the prediction service). */
export interface ScoredRows {
  readonly rows: number;
  /** Regression values, or class indices into `classes`. */
  readonly values: Float64Array;
  /** Row-major class probabilities, when the model gives them. */
  readonly proba?: Float64Array;
  readonly classes?: readonly string[];
}

/** The formats `predict --out` writes (each one `mlpilot data add` reads back). Parquet is read-only: see below. */
export const PREDICTION_FORMATS = Object.freeze(['csv', 'tsv', 'jsonl'] as const);

/** A format {@link PREDICTION_FORMATS} lists. */
export type PredictionFormat = (typeof PREDICTION_FORMATS)[number];

/**
 * How predictions are written to `out`: `format` when given, else from the extension (`.csv`, `.tsv`/`.tab`,
 * `.jsonl`/`.ndjson`, each optionally `.gz`, which gzips the text).
 * @throws MLP_CLI_USAGE for Parquet (`.parquet`, `.pq`): mlpilot's Parquet library (hyparquet) only reads, and
 *   writing CSV text under a `.parquet` name would make a file no Parquet reader opens.
 * @throws MLP_DATA_UNSUPPORTED_FORMAT for any other extension when no format is given.
 */
export function predictionOutputFormat(out: string, format?: PredictionFormat): { format: PredictionFormat; gzip: boolean } {
  const found = tableFileFormat(out);
  const gzip = found?.gzip ?? false;
  if (format !== undefined) return { format, gzip };
  if (found?.format === 'parquet') {
    throw UsageError({
      problem: `cannot write ${out}: mlpilot reads Parquet but does not write it`,
      hint: 'Write .csv, .tsv or .jsonl (optionally .gz) instead; mlpilot data add reads each of them',
    });
  }
  if (found === undefined) {
    throw UnsupportedFormatError({ file: out, known: ['.csv', '.tsv', '.jsonl', '.csv.gz', '.tsv.gz', '.jsonl.gz'] });
  }
  return { format: found.format as PredictionFormat, gzip };
}

/**
 * Predictions as a table: `prediction` (value or class label) and `proba_<class>` columns when there are
 * probabilities, as CSV (RFC 4180 quoting), TSV (the same quoting with tabs) or JSON lines (one object per row,
 * numbers as JSON numbers).
 */
export function predictionsTable(scored: ScoredRows, format: PredictionFormat): { columns: string[]; text: string } {
  const { classes, proba } = scored;
  const withProba = proba !== undefined && classes !== undefined;
  const columns = ['prediction', ...(withProba ? classes.map((c) => `proba_${c}`) : [])];
  const lines: string[] = [];
  if (format === 'jsonl') {
    for (let i = 0; i < scored.rows; i++) {
      const value = scored.values[i] as number;
      const row: Record<string, string | number> = { prediction: classes === undefined ? value : (classes[value] ?? String(value)) };
      if (withProba) for (let c = 0; c < classes.length; c++) row[columns[c + 1] as string] = proba[i * classes.length + c] as number;
      lines.push(JSON.stringify(row));
    }
    return { columns, text: lines.length === 0 ? '' : `${lines.join('\n')}\n` };
  }
  const sep = format === 'tsv' ? '\t' : ',';
  const field = (value: string): string => (/["\r\n]/.test(value) || value.includes(sep) ? `"${value.replace(/"/g, '""')}"` : value);
  lines.push(columns.map(field).join(sep));
  for (let i = 0; i < scored.rows; i++) {
    const value = scored.values[i] as number;
    const cells = [classes === undefined ? String(value) : field(classes[value] ?? String(value))];
    if (withProba) for (let c = 0; c < classes.length; c++) cells.push(String(proba[i * classes.length + c]));
    lines.push(cells.join(sep));
  }
  return { columns, text: `${lines.join('\n')}\n` };
}

/** The bytes of a predictions file: the text, gzipped for `.gz`. */
export function predictionBytes(text: string, gzip: boolean): Uint8Array {
  const bytes = Buffer.from(text, 'utf8');
  return gzip ? gzipSync(bytes) : bytes;
}
