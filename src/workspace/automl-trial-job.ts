/**
 * The `automl-trial` job's work (see `automl-trials.ts`): rebuild the search's problem from the dataset version and the
 * problem spec — once per thread or process — and run one trial. Only the handler module imports it, so the AutoML
 * service does not depend on the workspace through it.
 */
import type { z } from 'zod';

import type { ArtifactStore } from '../artifacts/index.js';
import { type JsonObject, type Registry, toJsonObject } from '../core/index.js';
import type { LearnerPlan, Problem, ProblemSpec, TrialOutcome, TrialRequest } from '../automl/index.js';
import type { Learner } from '../ml/index.js';
import type { automlTrialPayloadSchema } from './automl-trials.js';
import { parseRef } from './refs.js';
import type { Workspace } from './workspace.js';

/** Validation predictions up to this many bytes travel in the job result; larger ones through the artifact store. */
const INLINE_PREDICTION_BYTES = 600 * 1024;

interface Prepared {
  readonly problem: Problem;
  readonly plans: ReadonlyMap<string, LearnerPlan>;
  readonly learners: Registry<Learner>;
}

/** Problems this thread or process prepared, by data and spec (a search sends many trials of one problem). */
const prepared = new Map<string, Promise<Prepared>>();
const PREPARED_KEPT = 2;

async function prepare(ws: Workspace, data: string, spec: ProblemSpec): Promise<Prepared> {
  const key = `${data}\n${JSON.stringify(spec)}`;
  let entry = prepared.get(key);
  if (entry === undefined) {
    entry = (async () => {
      const [{ buildProblem, cashSpace }, learners] = await Promise.all([import('../automl/index.js'), ws.learners()]);
      const ref = parseRef(data, 'data');
      const version = await ws.store.datasets.getVersion(ref.name, ref.version ?? 'latest');
      const problem = buildProblem(await ws.training.loadFrame(version), spec);
      const hasCategorical = problem.frame.columns.some((c) => c.name !== spec.target && c.type === 'categorical');
      const plans = new Map(cashSpace(learners.list(), spec.task, hasCategorical).map((p) => [p.learner.id, p]));
      return { problem, plans, learners };
    })();
    entry.catch(() => prepared.delete(key));
    prepared.set(key, entry);
    for (const old of prepared.keys()) if (prepared.size > PREPARED_KEPT && old !== key) prepared.delete(old);
  }
  return entry;
}

/** Runs the trial of an `automl-trial` job; the result carries its validation score and predictions. */
export async function runTrialJob(
  ws: Workspace,
  payload: z.output<typeof automlTrialPayloadSchema>,
  signal: AbortSignal,
): Promise<JsonObject> {
  const { problem, plans, learners } = await prepare(ws, payload.data, payload.spec as ProblemSpec);
  const { evaluateTrial } = await import('../automl/index.js');
  const outcome = await evaluateTrial(problem, payload.request as TrialRequest, { learners, plans, signal });
  return encodeOutcome(outcome, ws.artifacts);
}

async function encodeOutcome(outcome: TrialOutcome, artifacts: ArtifactStore): Promise<JsonObject> {
  if (outcome.status === 'failed') return toJsonObject(outcome);
  const { predictions, ...rest } = outcome;
  const bytes = new Uint8Array(predictions.buffer, predictions.byteOffset, predictions.byteLength);
  if (bytes.length <= INLINE_PREDICTION_BYTES) return toJsonObject({ ...rest, predictions: Buffer.from(bytes).toString('base64') });
  const { digest } = await artifacts.put(bytes);
  return toJsonObject({ ...rest, predictionsDigest: digest });
}
