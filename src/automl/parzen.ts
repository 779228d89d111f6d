/**
 * The two densities a Tree-structured Parzen Estimator compares for one parameter: a mixture of truncated
 * Gaussians over a (log-)numeric interval and a smoothed categorical distribution. Both put one kernel on each
 * observation plus a prior component (the whole interval, or the uniform distribution over the choices), with
 * the weights Optuna uses (equal for up to 25 observations, older ones ramped down beyond that).
 */

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
/** The number of most recent observations that keep full weight (Optuna's `default_weights`). */
const FULL_WEIGHT_RECENT = 25;
/** The prior component's weight before normalisation, relative to one observation's. */
const PRIOR_WEIGHT = 1;

/**
 * Mixture weights for `n` observations in observation order, then the prior, summing to 1: 1 each up to 25
 * observations; beyond that the 25 most recent keep 1 and the older ones ramp linearly from 1/n up to 1.
 */
export function mixtureWeights(n: number): Float64Array {
  const w = new Float64Array(n + 1);
  const ramped = Math.max(0, n - FULL_WEIGHT_RECENT);
  for (let i = 0; i < n; i++) {
    if (i >= ramped) w[i] = 1;
    else w[i] = ramped === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (ramped - 1);
  }
  w[n] = PRIOR_WEIGHT;
  let total = 0;
  for (let i = 0; i <= n; i++) total += w[i] as number;
  for (let i = 0; i <= n; i++) w[i] = (w[i] as number) / total;
  return w;
}

/** The standard normal cumulative distribution (erfc by Chebyshev fit, relative error below 1.2e-7). */
export function normalCdf(z: number): number {
  const x = -z / Math.SQRT2;
  const t = 1 / (1 + 0.5 * Math.abs(x));
  const poly =
    -x * x -
    1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const erfc = t * Math.exp(poly);
  return 0.5 * (x >= 0 ? erfc : 2 - erfc);
}

/** One standard normal draw (Box–Muller; the second value of the pair is not kept, so draws stay simple to replay). */
function standardNormal(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * A mixture of Gaussians truncated to `[low, high]`, one per observation (already in the search's coordinates:
 * log for log ranges) plus a prior centred on the interval with its width as deviation. Each observation's
 * bandwidth is the larger gap to its sorted neighbours (the prior's centre included, the interval ends only as
 * the neighbour of an outermost point when there is a single point), clipped to
 * [width / min(100, n + 2), width] (Optuna's "magic clip").
 */
export class TruncatedGaussianMixture {
  private readonly mus: Float64Array;
  private readonly sigmas: Float64Array;
  private readonly inverseSigmas: Float64Array;
  private readonly cumulative: Float64Array;
  /** log(weight) − log(sigma) − log(√2π) − log(mass inside the interval), per component. */
  private readonly logScale: Float64Array;
  private readonly maxLogScale: number;
  /** The observations' components sorted by centre, for {@link logPdf} to visit only those near `x`. */
  private readonly sortedMus: Float64Array;
  private readonly sortedInverseSigmas: Float64Array;
  private readonly sortedLogScale: Float64Array;
  /** How far from `x` a component's centre can be and still count: 10 of the widest observation deviation. */
  private readonly reach: number;

  constructor(
    observations: ArrayLike<number>,
    private readonly low: number,
    private readonly high: number,
  ) {
    const n = observations.length;
    const width = high - low;
    const prior = 0.5 * (low + high);
    this.mus = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) this.mus[i] = Math.min(high, Math.max(low, observations[i] as number));
    this.mus[n] = prior;
    const { sigmas, ranks } = neighbourBandwidths(this.mus, low, high);
    this.sigmas = sigmas;
    const minSigma = width / Math.min(100, n + 2);
    for (let i = 0; i < n; i++) this.sigmas[i] = Math.min(width, Math.max(minSigma, this.sigmas[i] as number));
    this.sigmas[n] = width;
    this.inverseSigmas = new Float64Array(n + 1);
    for (let k = 0; k <= n; k++) this.inverseSigmas[k] = 1 / (this.sigmas[k] as number);

    const weights = mixtureWeights(n);
    this.cumulative = new Float64Array(n + 1);
    this.logScale = new Float64Array(n + 1);
    let sum = 0;
    for (let k = 0; k <= n; k++) {
      const mu = this.mus[k] as number;
      const sigma = this.sigmas[k] as number;
      sum += weights[k] as number;
      this.cumulative[k] = sum;
      // Within 8 deviations of both ends the mass inside is 1 to double precision (the tails are below 1e-15).
      const above = (high - mu) / sigma;
      const below = (mu - low) / sigma;
      const mass = above > 8 && below > 8 ? 1 : normalCdf(above) - normalCdf(-below);
      this.logScale[k] = Math.log((weights[k] as number) / (sigma * Math.max(mass, 1e-300))) - LOG_SQRT_2PI;
    }
    let max = -Infinity;
    for (let k = 0; k <= n; k++) max = Math.max(max, this.logScale[k] as number);
    this.maxLogScale = max;

    this.sortedMus = new Float64Array(n);
    this.sortedInverseSigmas = new Float64Array(n);
    this.sortedLogScale = new Float64Array(n);
    let widest = 0;
    const priorRank = ranks[n] as number;
    for (let k = 0; k < n; k++) {
      const rank = ranks[k] as number;
      const r = rank > priorRank ? rank - 1 : rank;
      this.sortedMus[r] = this.mus[k] as number;
      this.sortedInverseSigmas[r] = this.inverseSigmas[k] as number;
      this.sortedLogScale[r] = this.logScale[k] as number;
      widest = Math.max(widest, this.sigmas[k] as number);
    }
    this.reach = 10 * widest;
  }

  /** One draw: a component by weight, then its truncated Gaussian by rejection (each try succeeds with p > 0.34). */
  sample(random: () => number): number {
    const u = random() * (this.cumulative[this.cumulative.length - 1] as number);
    let k = 0;
    while (k < this.cumulative.length - 1 && (this.cumulative[k] as number) <= u) k++;
    const mu = this.mus[k] as number;
    const sigma = this.sigmas[k] as number;
    for (let attempt = 0; attempt < 64; attempt++) {
      const x = mu + sigma * standardNormal(random);
      if (x >= this.low && x <= this.high) return x;
    }
    return mu;
  }

  /**
   * log density at `x` (inside the interval). The sum is taken relative to the largest component scale, which
   * cannot underflow: the prior's term is within e^-12 of it (weights differ at most n-fold, bandwidths 100-fold)
   * and the prior is less than one deviation away from any point of the interval. Terms more than 10 deviations
   * away (below e^-37 of the prior's) are skipped, so only the observations' centres within {@link reach} of
   * `x` are visited.
   */
  logPdf(x: number): number {
    const shift = this.maxLogScale;
    const n = this.mus.length - 1;
    const zPrior = (x - (this.mus[n] as number)) * (this.inverseSigmas[n] as number);
    let sum = Math.exp((this.logScale[n] as number) - shift - 0.5 * zPrior * zPrior);
    const mus = this.sortedMus;
    const inverseSigmas = this.sortedInverseSigmas;
    const logScale = this.sortedLogScale;
    const from = x - this.reach;
    const to = x + this.reach;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((mus[mid] as number) < from) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < n && (mus[k] as number) <= to; k++) {
      const z = (x - (mus[k] as number)) * (inverseSigmas[k] as number);
      const half = 0.5 * z * z;
      if (half < 50) sum += Math.exp((logScale[k] as number) - shift - half);
    }
    return shift + Math.log(sum);
  }
}

/**
 * For each centre, the larger distance to its sorted neighbours (the interval ends count only for a lone
 * centre), and its place in sorted order; equal centres take their places in index order.
 */
function neighbourBandwidths(mus: Float64Array, low: number, high: number): { sigmas: Float64Array; ranks: Int32Array } {
  const m = mus.length;
  const sigmas = new Float64Array(m);
  const ranks = new Int32Array(m);
  if (m === 1) {
    sigmas[0] = Math.max((mus[0] as number) - low, high - (mus[0] as number));
    return { sigmas, ranks };
  }
  const sorted = mus.slice().sort();
  const taken = new Uint8Array(m);
  for (let k = 0; k < m; k++) {
    const mu = mus[k] as number;
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((sorted[mid] as number) < mu) lo = mid + 1;
      else hi = mid;
    }
    while (taken[lo] === 1) lo++;
    taken[lo] = 1;
    ranks[k] = lo;
    // The outermost centres use their inner gap only (Optuna's consider_endpoints=False).
    const left = lo > 0 ? mu - (sorted[lo - 1] as number) : 0;
    const right = lo < m - 1 ? (sorted[lo + 1] as number) - mu : 0;
    sigmas[k] = Math.max(left, right);
  }
  return { sigmas, ranks };
}

/**
 * A categorical distribution over `size` choices: each observation contributes a row that puts 1 on its choice
 * and spreads the prior weight / (n + 1) over every choice, the prior contributes the uniform row; rows are
 * normalised and mixed with {@link mixtureWeights}.
 */
export class SmoothedCategorical {
  readonly probabilities: Float64Array;
  private readonly cumulative: Float64Array;

  /** @param observations choice indices in observation order. */
  constructor(observations: ArrayLike<number>, size: number) {
    const n = observations.length;
    const weights = mixtureWeights(n);
    const spread = PRIOR_WEIGHT / (n + 1);
    const rowTotal = 1 + spread * size;
    const p = new Float64Array(size);
    for (let i = 0; i < n; i++) {
      const w = weights[i] as number;
      for (let c = 0; c < size; c++) p[c] = (p[c] as number) + (w * spread) / rowTotal;
      const chosen = observations[i] as number;
      p[chosen] = (p[chosen] as number) + w / rowTotal;
    }
    for (let c = 0; c < size; c++) p[c] = (p[c] as number) + (weights[n] as number) / size;
    this.probabilities = p;
    this.cumulative = new Float64Array(size);
    let sum = 0;
    for (let c = 0; c < size; c++) {
      sum += p[c] as number;
      this.cumulative[c] = sum;
    }
  }

  /** One choice index drawn by probability. */
  sample(random: () => number): number {
    const u = random() * (this.cumulative[this.cumulative.length - 1] as number);
    let c = 0;
    while (c < this.cumulative.length - 1 && (this.cumulative[c] as number) <= u) c++;
    return c;
  }

  logPdf(index: number): number {
    return Math.log(this.probabilities[index] as number);
  }
}
