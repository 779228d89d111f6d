/**
 * Per row of row-major `rows × k` class scores (probabilities, log-likelihoods), the index of the largest score as a
 * float; ties go to the lower class index.
 */
export function argmaxRows(scores: Float64Array, rows: number, k: number): Float64Array {
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if ((scores[i * k + c] as number) > (scores[i * k + best] as number)) best = c;
    out[i] = best;
  }
  return out;
}
