import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { seededRandom } from '../core/index.js';
import type { DatasetVersion } from '../store/index.js';
import { loadDatasetFrame } from './data-source.js';
import { generatedPredictionId } from './ingestion-service.js';
import type { Workspace } from './workspace.js';

/** What the quick start's monitoring step found in the replayed window. */
export interface QuickstartMonitoring {
  /** The later window the step replayed (JSON lines, the label column left out) and the predictions made on it. */
  readonly windowFile: string;
  readonly predictionsFile: string;
  /** Rows of the window, and how many predictions were newly logged (0 when an earlier quick start logged them). */
  readonly rows: number;
  readonly logged: number;
  /** The planted shift, in words. */
  readonly shift: string;
  readonly drift: {
    readonly compared: number;
    readonly drifted: number;
    readonly datasetDrift: boolean;
    /** The drifted columns, most drifted first, with the method and its score against its threshold. */
    readonly columns: readonly { column: string; method: string; score: number; threshold: number }[];
  };
  /** The self-contained HTML drift report. */
  readonly reportFile: string;
  /** Accuracy of the window: CBPE's estimate before any label, then the realised value once the labels arrived. */
  readonly accuracy: {
    readonly estimated: number | null;
    readonly standardError: number | null;
    readonly realised: number | null;
    readonly band: { lower: number; upper: number } | null;
  };
}

/** Columns of the bundled iris data that the planted shift moves, and by how much (cm). */
const SHIFT: ReadonlyArray<readonly [string, number]> = [
  ['petal length (cm)', 1.2],
  ['petal width (cm)', 0.4],
];

/**
 * The quick start's monitoring step: replays a later window of the iris data with a planted shift (a resample of
 * the rows whose petals measure 1.2 cm and 0.4 cm more, as after a change of measuring device), scores it with
 * `model@champion` and logs the predictions for monitoring, compares the window with the dataset version for
 * drift (writing the HTML report), estimates the window's accuracy without labels (CBPE), then sends the labels
 * and reads the realised accuracy. Files go to `<home>/quickstart/` and `<home>/reports/`.
 */
export async function replayShiftedWindow(
  ws: Workspace,
  input: { dataset: DatasetVersion; target: string; model: string; home: string },
): Promise<QuickstartMonitoring> {
  const frame = await loadDatasetFrame(ws, input.dataset);
  const rows = frame.toRows();
  const random = seededRandom(7);
  const window = Array.from({ length: rows.length }, () => rows[Math.floor(random() * rows.length)] as Record<string, unknown>);
  const labels = window.map((row) => row[input.target]);
  const traffic = window.map((row) => {
    const shifted: Record<string, unknown> = { ...row };
    delete shifted[input.target];
    for (const [column, delta] of SHIFT) if (typeof shifted[column] === 'number') shifted[column] = (shifted[column] as number) + delta;
    return shifted;
  });

  const dir = join(input.home, 'quickstart');
  const reports = join(input.home, 'reports');
  await mkdir(dir, { recursive: true });
  await mkdir(reports, { recursive: true });
  const windowFile = join(dir, `${input.dataset.datasetName}-later-window.jsonl`);
  const predictionsFile = join(dir, `${input.dataset.datasetName}-later-predictions.csv`);
  await writeFile(windowFile, traffic.map((row) => JSON.stringify(row)).join('\n') + '\n');

  let logged = 0;
  let ids: string[] = [];
  const scored = await ws.predictions.predictFile({
    model: `${input.model}@champion`,
    data: windowFile,
    out: predictionsFile,
    onScored: async (batch) => {
      logged = (await ws.ingestion.logScored(batch)).accepted;
      ids = traffic.map((_, i) => generatedPredictionId(batch.scored.model.version, batch.contentHash, i));
    },
  });

  const drift = await ws.drift.run({
    reference: { data: `${input.dataset.datasetName}@${input.dataset.version}` },
    current: { file: windowFile },
  });
  const reportFile = join(reports, `${input.dataset.datasetName}-drift.html`);
  await writeFile(
    reportFile,
    drift.html(`Drift: a later ${input.dataset.datasetName} window against ${input.dataset.datasetName}@${input.dataset.version}`),
  );

  const query = { version: scored.model.version, window: { kind: 'rows', size: traffic.length }, metrics: ['accuracy'] } as const;
  const before = accuracyOfLastWindow(await ws.performance.report(input.model, query));
  await ws.ingestion.ingestLabels(
    input.model,
    ids.map((id, i) => ({ id, label: labels[i] })),
  );
  const after = accuracyOfLastWindow(await ws.performance.report(input.model, query));

  const report = drift.report;
  return {
    windowFile,
    predictionsFile,
    rows: traffic.length,
    logged,
    shift: SHIFT.map(([column, delta]) => `${column} +${delta}`).join(', '),
    drift: {
      compared: report.dataset.compared,
      drifted: report.dataset.drifted,
      datasetDrift: report.dataset.drift,
      columns: report.columns
        .filter((c) => c.drift && c.method !== null && c.score !== null && c.threshold !== null)
        .map((c) => ({ column: c.column, method: c.method as string, score: c.score as number, threshold: c.threshold as number })),
    },
    reportFile,
    accuracy: {
      estimated: before?.estimated?.value ?? null,
      standardError: before?.estimated?.standardError ?? null,
      realised: after?.realised.status === 'ok' ? (after.realised.value as number) : null,
      band: after?.band ?? null,
    },
  };
}

/** The accuracy entry of the report's last window (the one the replayed rows fall in), if any. */
function accuracyOfLastWindow(report: Awaited<ReturnType<Workspace['performance']['report']>>) {
  const last = report.windows.at(-1);
  return last?.metrics.find((m) => m.metric === 'accuracy');
}
