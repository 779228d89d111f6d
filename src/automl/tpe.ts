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

/** A finite, ordered view of one parameter's active space: its transformed interval or its choices. */
type Domain =
  | { readonly kind: 'categorical'; readonly choices: readonly ParamValue[] }
  | { readonly kind: 'float' | 'int'; readonly log: boolean; readonly low: number; readonly high: number; readonly space: NumericSpace };

/** One alternative of a parameter and where it is searched. */
interface Alternative {
  readonly space: ParamSpace;
  readonly domain: Domain;
}

/** One parameter of the space with its alternatives (a single space is a list of one). */
interface ParamEntry {
  readonly name: string;
  readonly alternatives: readonly Alternative[];
}

/**
 * A finished trial as the sampler reads it: per parameter (in the sampler's order) the index of the alternative
 * that was active and could hold the value given, or −1, and the value in that alternative's search coordinates.
 */
interface Observation {
  /** +∞ for a failed trial. */
  readonly loss: number;
  readonly alternative: Int16Array;
  readonly coordinate: Float64Array;
}

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
  /** The parameters, unconditional ones first, so a condition's parameter is set before it is read. */
  private readonly params: readonly ParamEntry[];
  private readonly queue: Array<Readonly<Record<string, ParamValue>>> = [];
  private readonly observations: Observation[] = [];
  /** Observation indices by loss; ties (failures among them) in observation order. */
  private readonly ranked: number[] = [];

  /** @throws MLP_CORE_VALIDATION when `startupTrials` is not a whole number ≥ 0 or `candidates` one ≥ 1. */
  constructor(
    space: SearchSpace,
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
    const entries: ParamEntry[] = [];
    for (const [name, entry] of Object.entries(space)) {
      if (entry === undefined) continue;
      entries.push({ name, alternatives: spaceAlternatives(entry).map((s) => ({ space: s, domain: domainOf(s) })) });
    }
    const conditional = (p: ParamEntry): boolean => p.alternatives.some((a) => a.space.when !== undefined);
    this.params = [...entries.filter((p) => !conditional(p)), ...entries.filter(conditional)];
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
    this.params.forEach((p, i) => {
      const a = this.activeAlternative(p, config);
      if (a >= 0) config[p.name] = this.sampleTpe(i, a);
    });
    return config;
  }

  /**
   * Records a finished configuration: its loss (lower is better), or undefined (or a non-finite loss) for a
   * failed trial, which counts as worst. A value outside its range counts at the nearer end; a value a space
   * cannot hold (an unknown choice, a non-number, a non-positive number for a log range) is not used for that
   * parameter.
   */
  observe(params: Readonly<Record<string, ParamValue>>, loss: number | undefined): void {
    const m = this.params.length;
    const alternative = new Int16Array(m).fill(-1);
    const coordinate = new Float64Array(m);
    this.params.forEach((p, i) => {
      const a = this.activeAlternative(p, params);
      if (a < 0 || !Object.hasOwn(params, p.name)) return;
      const x = toSearchCoordinate((p.alternatives[a] as Alternative).domain, params[p.name] as ParamValue);
      if (x === undefined) return;
      alternative[i] = a;
      coordinate[i] = x;
    });
    const value = loss !== undefined && Number.isFinite(loss) ? loss : Infinity;
    const index = this.observations.length;
    this.observations.push({ loss: value, alternative, coordinate });
    // After every observation with a loss ≤ this one, so ties stay in observation order.
    let lo = 0;
    let hi = this.ranked.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.observations[this.ranked[mid] as number] as Observation).loss <= value) lo = mid + 1;
      else hi = mid;
    }
    this.ranked.splice(lo, 0, index);
  }

  /** A random configuration: uniform (log-uniform for log ranges), integers rounded, conditions and tasks honoured. */
  randomConfiguration(): Record<string, ParamValue> {
    const config: Record<string, ParamValue> = {};
    for (const p of this.params) {
      const a = this.activeAlternative(p, config);
      if (a < 0) continue;
      const domain = (p.alternatives[a] as Alternative).domain;
      if (domain.kind === 'categorical') {
        config[p.name] = domain.choices[Math.floor(this.random() * domain.choices.length)] as ParamValue;
      } else {
        config[p.name] = fromSearchCoordinate(domain, domain.low + this.random() * (domain.high - domain.low));
      }
    }
    return config;
  }

  /** The index of the alternative of `p` that applies to this task and whose condition holds in `config`, or −1. */
  private activeAlternative(p: ParamEntry, config: Readonly<Record<string, ParamValue>>): number {
    return p.alternatives.findIndex(
      ({ space: s }) =>
        (s.tasks === undefined || s.tasks.includes(this.task)) &&
        (s.when === undefined || (Object.hasOwn(config, s.when.param) && s.when.in.includes(config[s.when.param] as ParamValue))),
    );
  }

  /**
   * Parameter `i` under its alternative `a`, by TPE over the observations where that alternative was active.
   * The good group is the best γ(n) of those n by loss, failures excepted (they never count as good); each
   * group keeps observation order, since the mixture weights favour recent observations.
   */
  private sampleTpe(i: number, a: number): ParamValue {
    const domain = ((this.params[i] as ParamEntry).alternatives[a] as Alternative).domain;
    const observations = this.observations;
    let n = 0;
    for (const o of observations) if (o.alternative[i] === a) n++;
    const wanted = Math.max(0, Math.min(n, Math.floor(this.gamma(n))));
    const isGood = new Uint8Array(observations.length);
    let taken = 0;
    for (let r = 0; r < this.ranked.length && taken < wanted; r++) {
      const index = this.ranked[r] as number;
      const o = observations[index] as Observation;
      if (o.alternative[i] !== a) continue;
      if (Number.isFinite(o.loss)) isGood[index] = 1;
      taken++;
    }
    const good: number[] = [];
    const bad: number[] = [];
    observations.forEach((o, index) => {
      if (o.alternative[i] === a) (isGood[index] === 1 ? good : bad).push(o.coordinate[i] as number);
    });
    if (domain.kind === 'categorical') {
      const l = new SmoothedCategorical(good, domain.choices.length);
      const g = new SmoothedCategorical(bad, domain.choices.length);
      return domain.choices[this.bestCandidate(l, g)] as ParamValue;
    }
    const l = new TruncatedGaussianMixture(good, domain.low, domain.high);
    const g = new TruncatedGaussianMixture(bad, domain.low, domain.high);
    return fromSearchCoordinate(domain, this.bestCandidate(l, g));
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
