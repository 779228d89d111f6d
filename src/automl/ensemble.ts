/**
 * Ensemble selection (Caruana et al., 2004, as auto-sklearn and AutoGluon use it): greedily add, with
 * replacement, the model whose validation predictions most improve the averaged ensemble's metric.
 */

/** One candidate: its validation predictions (the same layout for every candidate). */
export interface EnsembleCandidate {
  readonly predictions: Float64Array;
}

/** The selection: a weight per candidate (0 for those never picked, summing to 1) and the ensemble's loss. */
export interface EnsembleSelection {
  readonly weights: number[];
  readonly loss: number;
}

/**
 * Greedy selection with replacement over `rounds` steps; ties go to the earlier candidate, so ordering the
 * candidates best first makes the result deterministic and favours strong models. The weights are those of the
 * step with the lowest loss (later steps that only overfit the validation rows are dropped).
 * @param loss the loss (lower is better) of averaged predictions.
 */
export function selectEnsemble(
  candidates: readonly EnsembleCandidate[],
  loss: (predictions: Float64Array) => number,
  rounds = 50,
): EnsembleSelection {
  if (candidates.length === 0) throw new RangeError('ensemble selection needs at least one candidate');
  const length = (candidates[0] as EnsembleCandidate).predictions.length;
  const sum = new Float64Array(length);
  const trial = new Float64Array(length);
  const counts = new Array<number>(candidates.length).fill(0);
  let best: EnsembleSelection = { weights: counts.map(() => 0), loss: Number.POSITIVE_INFINITY };
  for (let step = 1; step <= rounds; step++) {
    let pick = -1;
    let pickLoss = Number.POSITIVE_INFINITY;
    for (const [c, candidate] of candidates.entries()) {
      const p = candidate.predictions;
      for (let i = 0; i < length; i++) trial[i] = ((sum[i] as number) + (p[i] as number)) / step;
      const value = loss(trial);
      if (value < pickLoss) {
        pickLoss = value;
        pick = c;
      }
    }
    if (pick < 0) break;
    const p = (candidates[pick] as EnsembleCandidate).predictions;
    for (let i = 0; i < length; i++) sum[i] = (sum[i] as number) + (p[i] as number);
    counts[pick] = (counts[pick] as number) + 1;
    if (pickLoss < best.loss) best = { weights: counts.map((n) => n / step), loss: pickLoss };
  }
  return best;
}

/** The weighted average of the candidates' predictions. */
export function blend(candidates: readonly EnsembleCandidate[], weights: readonly number[]): Float64Array {
  const out = new Float64Array((candidates[0] as EnsembleCandidate).predictions.length);
  for (const [c, candidate] of candidates.entries()) {
    const w = weights[c] as number;
    if (w === 0) continue;
    const p = candidate.predictions;
    for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) + w * (p[i] as number);
  }
  return out;
}
