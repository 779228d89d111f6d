import { seededRandom, ValidationError } from '../core/index.js';
import type { Task } from '../core/index.js';
import { spaceAlternatives } from '../ml/index.js';
import type { NumericSpace, ParamSpace, ParamValue, SearchSpace } from '../ml/index.js';
import { SmoothedCategorical, TruncatedGaussianMixture } from './parzen.js';

export type { ParamValue } from '../ml/index.js';

/** How a {@link TpeSampler} explores. */
export interface TpeOptions {
  /** Seeds the sampler's one random stream. */
  readonly seed: number;
  /** Observations taken before TPE starts; until then suggestions are random (default 8). */
  readonly startupTrials?: number;
  /** Draws from the good density scored per parameter (default 24, Optuna's `n_ei_candidates`). */
  readonly candidates?: number;
  /** How many of `n` observations form the good group (default Optuna's: min(⌈0.1 n⌉, 25)). */
  readonly gamma?: (n: number) => number;
}

/** Optuna's default split: the best 10 %, at most 25. */
export function defaultGamma(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

interface Observation {
  readonly params: Readonly<Record<string, ParamValue>>;
  /** +∞ for a failed trial. */
  readonly loss: number;
}

/** A finite, ordered view of one parameter's active space: its transformed interval or its choices. */
type Domain =
  | { readonly kind: 'categorical'; readonly choices: readonly ParamValue[] }
  | { readonly kind: 'float' | 'int'; readonly log: boolean; readonly low: number; readonly high: number; readonly space: NumericSpace };

/**
 * A Tree-structured Parzen Estimator (Bergstra et al. 2011, as Optuna's default independent `TPESampler`) over
 * one learner's search space. Each parameter is sampled on its own: the observations where it was active (the
 * same alternative, for a parameter with alternatives) are split by loss into the best γ(n) and the rest; a
 * Parzen density l(x) of the good ones and g(x) of the others are built (truncated Gaussians in log space for
 * log ranges, smoothed weights for choices, each with a prior component); `candidates` draws from l are scored
 * by log l(x) − log g(x) and the best is kept. Condition parameters are decided first, then only the parameters
 * whose `when` holds; parameters whose `tasks` exclude the sampler's task are never suggested. All randomness
 * comes from one seeded stream, so the same calls give the same suggestions.
 */
export class TpeSampler {
  private readonly random: () => number;
  private readonly startupTrials: number;
  private readonly candidates: number;
  private readonly gamma: (n: number) => number;
  /** Parameter names, unconditional ones first, so a condition's parameter is set before it is read. */
  private readonly order: readonly string[];
  private readonly queue: Array<Readonly<Record<string, ParamValue>>> = [];
  private readonly observations: Observation[] = [];

  /** @throws MLP_CORE_VALIDATION when `startupTrials` or `candidates` is not a whole number (candidates ≥ 1). */
  constructor(
    private readonly space: SearchSpace,
    private readonly task: Task,
    options: TpeOptions,
  ) {
    const startupTrials = options.startupTrials ?? 8;
    const candidates = options.candidates ?? 24;
    if (!Number.isInteger(startupTrials) || startupTrials < 0)
      throw ValidationError({ field: 'startupTrials', problem: `must be a whole number ≥ 0, got ${startupTrials}` });
    if (!Number.isInteger(candidates) || candidates < 1)
      throw ValidationError({ field: 'candidates', problem: `must be a whole number ≥ 1, got ${candidates}` });
    this.random = seededRandom(options.seed);
    this.startupTrials = startupTrials;
    this.candidates = candidates;
    this.gamma = options.gamma ?? defaultGamma;
    const names = Object.keys(space).filter((name) => space[name] !== undefined);
    const conditional = (name: string): boolean => spaceAlternatives(space[name] as ParamSpace).some((s) => s.when !== undefined);
    this.order = [...names.filter((n) => !conditional(n)), ...names.filter(conditional)];
  }

  /** Configurations to try first, in order, before sampling (defaults, portfolio entries); params outside the space are kept as given. */
  enqueue(params: Readonly<Record<string, ParamValue>>): void {
    this.queue.push({ ...params });
  }

  /**
   * The next configuration: a queued one, else random while fewer than `startupTrials` observations, else TPE.
   * Only active parameters appear (conditions and `tasks` honoured).
   */
  suggest(): Record<string, ParamValue> {
    const queued = this.queue.shift();
    if (queued !== undefined) return { ...queued };
    if (this.observations.length < this.startupTrials) return this.randomConfiguration();
    const config: Record<string, ParamValue> = {};
    for (const name of this.order) {
      const active = this.activeSpace(name, config);
      if (active !== undefined) config[name] = this.sampleTpe(name, active);
    }
    return config;
  }

  /** Records a finished configuration: its loss (lower is better), or undefined (or a non-finite loss) for a failed trial, which counts as worst. */
  observe(params: Readonly<Record<string, ParamValue>>, loss: number | undefined): void {
    this.observations.push({ params: { ...params }, loss: loss !== undefined && Number.isFinite(loss) ? loss : Infinity });
  }

  /** A random configuration: uniform (log-uniform for log ranges), integers rounded, conditions and tasks honoured. */
  randomConfiguration(): Record<string, ParamValue> {
    const config: Record<string, ParamValue> = {};
    for (const name of this.order) {
      const active = this.activeSpace(name, config);
      if (active === undefined) continue;
      const domain = domainOf(active);
      if (domain.kind === 'categorical') {
        config[name] = domain.choices[Math.floor(this.random() * domain.choices.length)] as ParamValue;
      } else {
        config[name] = fromSearchCoordinate(domain, domain.low + this.random() * (domain.high - domain.low));
      }
    }
    return config;
  }

  /** The alternative of `name` that applies to this task and whose condition holds in `config`, if any. */
  private activeSpace(name: string, config: Readonly<Record<string, ParamValue>>): ParamSpace | undefined {
    const entry = this.space[name];
    if (entry === undefined) return undefined;
    return spaceAlternatives(entry).find(
      (s) =>
        (s.tasks === undefined || s.tasks.includes(this.task)) &&
        (s.when === undefined || (Object.hasOwn(config, s.when.param) && s.when.in.includes(config[s.when.param] as ParamValue))),
    );
  }

  private sampleTpe(name: string, active: ParamSpace): ParamValue {
    const domain = domainOf(active);
    // Observations where this very alternative was active and the value is one it can hold.
    const values: number[] = [];
    const losses: number[] = [];
    for (const o of this.observations) {
      if (this.activeSpace(name, o.params) !== active || !Object.hasOwn(o.params, name)) continue;
      const x = toSearchCoordinate(domain, o.params[name] as ParamValue);
      if (x === undefined) continue;
      values.push(x);
      losses.push(o.loss);
    }
    const { good, bad } = this.split(losses);
    const pick = (indices: readonly number[]): number[] => indices.map((i) => values[i] as number);
    if (domain.kind === 'categorical') {
      const l = new SmoothedCategorical(pick(good), domain.choices.length);
      const g = new SmoothedCategorical(pick(bad), domain.choices.length);
      return domain.choices[this.bestCandidate(l, g)] as ParamValue;
    }
    const l = new TruncatedGaussianMixture(pick(good), domain.low, domain.high);
    const g = new TruncatedGaussianMixture(pick(bad), domain.low, domain.high);
    return fromSearchCoordinate(domain, this.bestCandidate(l, g));
  }

  /**
   * Indices of the good group (the best γ(n) successful observations; failures never count as good) and of the
   * others, each in observation order (the mixture weights favour recent observations).
   */
  private split(losses: readonly number[]): { good: number[]; bad: number[] } {
    const n = losses.length;
    const byLoss = Array.from({ length: n }, (_, i) => i).sort((a, b) => (losses[a] as number) - (losses[b] as number) || a - b);
    const wanted = Math.max(0, Math.min(n, Math.floor(this.gamma(n))));
    const isGood = new Uint8Array(n);
    for (let r = 0; r < wanted; r++) {
      const i = byLoss[r] as number;
      if (Number.isFinite(losses[i])) isGood[i] = 1;
    }
    const good: number[] = [];
    const bad: number[] = [];
    for (let i = 0; i < n; i++) (isGood[i] === 1 ? good : bad).push(i);
    return { good, bad };
  }

  /** The draw from `l` with the highest log l(x) − log g(x) (the first on ties). */
  private bestCandidate(l: Density, g: Density): number {
    let best = l.sample(this.random);
    let bestScore = l.logPdf(best) - g.logPdf(best);
    for (let c = 1; c < this.candidates; c++) {
      const x = l.sample(this.random);
      const score = l.logPdf(x) - g.logPdf(x);
      if (score > bestScore) {
        best = x;
        bestScore = score;
      }
    }
    return best;
  }
}

interface Density {
  sample(random: () => number): number;
  logPdf(x: number): number;
}

/**
 * Where a space is searched: log ranges in natural log; integer ranges widened by half a step on each side so
 * that rounding gives every integer, ends included, the same share.
 */
function domainOf(space: ParamSpace): Domain {
  if (space.kind === 'categorical') return { kind: 'categorical', choices: space.choices };
  const log = space.log === true;
  const pad = space.kind === 'int' ? 0.5 : 0;
  const low = space.low - pad;
  const high = space.high + pad;
  return { kind: space.kind, log, low: log ? Math.log(low) : low, high: log ? Math.log(high) : high, space };
}

/** A value in the search's coordinates: a choice's index, or the (log) number clipped to the interval; undefined when it cannot be one. */
function toSearchCoordinate(domain: Domain, value: ParamValue): number | undefined {
  if (domain.kind === 'categorical') {
    const index = domain.choices.indexOf(value);
    return index < 0 ? undefined : index;
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || (domain.log && !(value > 0))) return undefined;
  const x = domain.log ? Math.log(value) : value;
  return Math.min(domain.high, Math.max(domain.low, x));
}

/** The parameter value of a point of the search's coordinates: back from log, integers rounded, clipped to the range. */
function fromSearchCoordinate(domain: Exclude<Domain, { kind: 'categorical' }>, x: number): number {
  const value = domain.log ? Math.exp(x) : x;
  const { low, high } = domain.space;
  const rounded = domain.kind === 'int' ? Math.round(value) : value;
  return Math.min(high, Math.max(low, rounded));
}
