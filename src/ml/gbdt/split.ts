import type { BinMapper } from './binning.js';

/** Regularisation and constraints used by the split search (XGBoost's formulas). */
export interface SplitSettings {
  readonly lambda: number;
  readonly alpha: number;
  readonly minChildWeight: number;
  /** 0 = no clamp. */
  readonly maxDeltaStep: number;
  readonly catSmooth: number;
  /** Per feature: -1, 0, +1. */
  readonly monotone: Int8Array;
}

/** The best split found for one node (reused object; `found` false when no valid split exists). */
export class SplitResult {
  found = false;
  gain = 0;
  feature = -1;
  /** Numeric: rows with value bin ≤ `bin` go left. */
  bin = 0;
  defaultLeft = false;
  categorical = false;
  /** Categorical: flag per local bin (categories, then missing) — 1 = goes left. */
  catLeft: Uint8Array | null = null;
  gl = 0;
  hl = 0;
  gr = 0;
  hr = 0;

  reset(): void {
    this.found = false;
    this.gain = 0;
    this.feature = -1;
    this.catLeft = null;
  }
}

/** Soft-threshold of a gradient sum by the L1 penalty. */
export function thresholdL1(g: number, alpha: number): number {
  return g > alpha ? g - alpha : g < -alpha ? g + alpha : 0;
}

/** Optimal leaf weight `-T(G)/(H+λ)`, clamped by maxDeltaStep and the node's monotone bounds [lo, hi]. */
export function leafWeight(g: number, h: number, s: SplitSettings, lo: number, hi: number): number {
  if (h <= 0 && s.lambda === 0) return 0;
  let w = -thresholdL1(g, s.alpha) / (h + s.lambda);
  if (s.maxDeltaStep > 0) w = w > s.maxDeltaStep ? s.maxDeltaStep : w < -s.maxDeltaStep ? -s.maxDeltaStep : w;
  return w < lo ? lo : w > hi ? hi : w;
}

/** Loss reduction of a leaf holding (g, h) with weight w: `-(2 T(G) w + (H+λ) w²)` (XGBoost CalcGainGivenWeight). */
export function gainGivenWeight(g: number, h: number, w: number, s: SplitSettings): number {
  return -(2 * thresholdL1(g, s.alpha) * w + (h + s.lambda) * w * w);
}

/** Loss reduction of a leaf at its (unconstrained) optimal weight. */
function freeGain(g: number, h: number, lambda: number, alpha: number): number {
  const t = g > alpha ? g - alpha : g < -alpha ? g + alpha : 0;
  return (t * t) / (h + lambda);
}

/** Minimum gain for a split to count (XGBoost kRtEps). */
const MIN_GAIN = 1e-6;

/**
 * Searches every allowed feature of one node's histogram for the split with the largest loss reduction
 * `gain(L) + gain(R) − gain(parent)`. Numeric features try each bin boundary with missing values sent right and
 * then left (the default direction is learned). Categorical features order categories (and the missing bin) by
 * `G / (H + catSmooth)` and try every prefix of that order as the left set (LightGBM's partition search).
 */
export function findBestSplit(
  hist: Float64Array,
  mapper: BinMapper,
  g: number,
  h: number,
  lo: number,
  hi: number,
  featureAllowed: Uint8Array,
  s: SplitSettings,
  out: SplitResult,
  scratchOrder: Int32Array,
  scratchKey: Float64Array,
): void {
  out.reset();
  const bounded = lo !== -Infinity || hi !== Infinity || s.maxDeltaStep > 0;
  const parentW = leafWeight(g, h, s, lo, hi);
  const parentGain = bounded ? gainGivenWeight(g, h, parentW, s) : freeGain(g, h, s.lambda, s.alpha);
  let best = parentGain + MIN_GAIN;
  const mcw = s.minChildWeight;
  const lambda = s.lambda;
  const alpha = s.alpha;
  for (let f = 0; f < mapper.numFeatures; f++) {
    if (featureAllowed[f] === 0) continue;
    const nv = mapper.nValue[f] as number;
    const o = (mapper.offset[f] as number) << 1;
    const gm = hist[o + 2 * nv] as number;
    const hm = hist[o + 2 * nv + 1] as number;
    if (mapper.categorical[f] === true) {
      const r = categoricalSplit(hist, o, nv, g, h, lo, hi, s, scratchOrder, scratchKey, best);
      if (r.gain > best) {
        best = r.gain;
        out.found = true;
        out.feature = f;
        out.categorical = true;
        out.catLeft = r.left;
        out.defaultLeft = r.left[nv] === 1;
        out.gl = r.gl;
        out.hl = r.hl;
      }
      continue;
    }
    const mono = s.monotone[f] as number;
    const general = bounded || mono !== 0;
    let gl = 0;
    let hl = 0;
    // b = nv - 1 (all values left) is the "missing vs present" split, tried with missing right only
    for (let b = 0; b < nv; b++) {
      const hb = hist[o + 2 * b + 1] as number;
      const gb = hist[o + 2 * b] as number;
      if (hb === 0 && gb === 0) continue;
      gl += gb;
      hl += hb;
      // missing right
      for (let dir = 0; dir < 2; dir++) {
        let cgl = gl;
        let chl = hl;
        if (dir === 1) {
          if (hm === 0 && gm === 0) break;
          cgl += gm;
          chl += hm;
        }
        const cgr = g - cgl;
        const chr = h - chl;
        if (chl < mcw || chr < mcw || chl <= 0 || chr <= 0) continue;
        let gain: number;
        if (!general) {
          gain = freeGain(cgl, chl, lambda, alpha) + freeGain(cgr, chr, lambda, alpha);
        } else {
          const wl = leafWeight(cgl, chl, s, lo, hi);
          const wr = leafWeight(cgr, chr, s, lo, hi);
          if ((mono > 0 && wl > wr) || (mono < 0 && wl < wr)) continue;
          gain = gainGivenWeight(cgl, chl, wl, s) + gainGivenWeight(cgr, chr, wr, s);
        }
        if (gain > best) {
          best = gain;
          out.found = true;
          out.feature = f;
          out.bin = b;
          out.categorical = false;
          out.catLeft = null;
          out.defaultLeft = dir === 1;
          out.gl = cgl;
          out.hl = chl;
        }
      }
    }
  }
  if (!out.found) return;
  out.gain = best - parentGain;
  out.gr = g - out.gl;
  out.hr = h - out.hl;
  if (!out.categorical) {
    const nv = mapper.nValue[out.feature] as number;
    const o = (mapper.offset[out.feature] as number) << 1;
    // no missing values reached this node: send future missing values to the heavier child
    if (hist[o + 2 * nv + 1] === 0 && hist[o + 2 * nv] === 0) out.defaultLeft = out.hl >= out.hr;
  }
}

function categoricalSplit(
  hist: Float64Array,
  o: number,
  nv: number,
  g: number,
  h: number,
  lo: number,
  hi: number,
  s: SplitSettings,
  order: Int32Array,
  key: Float64Array,
  floor: number,
): { gain: number; left: Uint8Array; gl: number; hl: number } {
  let k = 0;
  for (let b = 0; b <= nv; b++) {
    const hb = hist[o + 2 * b + 1] as number;
    const gb = hist[o + 2 * b] as number;
    if (hb === 0 && gb === 0) continue;
    order[k] = b;
    key[b] = gb / (hb + s.catSmooth);
    k++;
  }
  const ord = order.subarray(0, k);
  ord.sort((a, b) => (key[a] as number) - (key[b] as number) || a - b);
  let best = floor;
  let bestCut = -1;
  let bgl = 0;
  let bhl = 0;
  let gl = 0;
  let hl = 0;
  for (let i = 0; i + 1 < k; i++) {
    const b = ord[i] as number;
    gl += hist[o + 2 * b] as number;
    hl += hist[o + 2 * b + 1] as number;
    const gr = g - gl;
    const hr = h - hl;
    if (hl < s.minChildWeight || hr < s.minChildWeight || hl <= 0 || hr <= 0) continue;
    const gain = gainGivenWeight(gl, hl, leafWeight(gl, hl, s, lo, hi), s) + gainGivenWeight(gr, hr, leafWeight(gr, hr, s, lo, hi), s);
    if (gain > best) {
      best = gain;
      bestCut = i;
      bgl = gl;
      bhl = hl;
    }
  }
  const left = new Uint8Array(nv + 1);
  if (bestCut < 0) return { gain: -Infinity, left, gl: 0, hl: 0 };
  for (let i = 0; i <= bestCut; i++) left[ord[i] as number] = 1;
  return { gain: best, left, gl: bgl, hl: bhl };
}
