/**
 * Seeded fold assignment for out-of-fold statistics: a Fisher–Yates shuffle driven by splitmix32 (documented so
 * another implementation can reproduce it), then position p of the shuffled order goes to fold p mod k.
 * @returns `fold[i]` in `0..k-1` for each of `n` rows; fold sizes differ by at most one.
 */
export function assignFolds(n: number, k: number, seed: number): Int32Array {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
  };
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const t = order[i] as number;
    order[i] = order[j] as number;
    order[j] = t;
  }
  const fold = new Int32Array(n);
  for (let p = 0; p < n; p++) fold[order[p] as number] = p % k;
  return fold;
}
