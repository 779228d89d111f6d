import { hashFloatWords } from './hash.js';
import { SketchInvalidError } from '../../core/index.js';

/** log2 of the register count of the default distinct-count sketch. */
export const HLL_PRECISION = 12;

/** Serialised {@link HyperLogLog}: precision and the registers as base64. */
export interface HllState {
  precision: number;
  registers: string;
}

/**
 * HyperLogLog distinct count (Flajolet et al. 2007) over 32-bit hashes, with m = 2^precision one-byte registers
 * (4096 by default, 4 KB). The estimate is Ertl's improved estimator ("New cardinality estimation algorithms for
 * HyperLogLog sketches", 2017, eq. for the improved raw estimate), which needs no bias tables and no switch to
 * linear counting. **Relative standard error ≈ 1.04 / √m** (1.6 % for m = 4096), so ~99.7 % of estimates lie
 * within 3 × that of the true count; with 32-bit hashes the estimate stays unbiased up to about 10^8 distinct
 * values (hash collisions grow beyond). Merging takes the register-wise maximum: exactly the sketch of the union,
 * so merge is associative, commutative and idempotent.
 */
export class HyperLogLog {
  readonly precision: number;
  readonly registers: Uint8Array;

  constructor(precision = HLL_PRECISION, registers?: Uint8Array) {
    if (!Number.isInteger(precision) || precision < 4 || precision > 18)
      throw SketchInvalidError({ field: 'hll.precision', problem: `must be an integer from 4 to 18, got ${precision}` });
    this.precision = precision;
    this.registers = registers ?? new Uint8Array(1 << precision);
  }

  /** Adds one 32-bit hash. */
  addHash(hash: number): void {
    const p = this.precision;
    const index = hash >>> (32 - p);
    const rest = hash << p;
    const rank = rest === 0 ? 33 - p : Math.clz32(rest) + 1;
    if (rank > (this.registers[index] as number)) this.registers[index] = rank;
  }

  /**
   * Adds the finite doubles `values[from..to)` through `words`, a `Uint32Array` over the same buffer (two words
   * per value, little-endian), so nothing is allocated per value. −0 counts as +0.
   */
  addFloats(words: Uint32Array, from: number, to: number): void {
    const registers = this.registers;
    const p = this.precision;
    const shift = 32 - p;
    const allZero = 33 - p;
    for (let i = from; i < to; i++) {
      const low = words[2 * i] as number;
      let high = words[2 * i + 1] as number;
      if (low === 0 && high === 0x80000000) high = 0;
      const hash = hashFloatWords(low, high);
      const index = hash >>> shift;
      const rest = hash << p;
      const rank = rest === 0 ? allZero : Math.clz32(rest) + 1;
      if (rank > (registers[index] as number)) registers[index] = rank;
    }
  }

  /** Folds `other` into this sketch (register-wise maximum). */
  merge(other: HyperLogLog): void {
    if (other.precision !== this.precision)
      throw SketchInvalidError({ field: 'hll.precision', problem: `cannot merge precision ${other.precision} into ${this.precision}` });
    const a = this.registers;
    const b = other.registers;
    for (let i = 0; i < a.length; i++) if ((b[i] as number) > (a[i] as number)) a[i] = b[i] as number;
  }

  /** A copy that shares nothing with this sketch. */
  clone(): HyperLogLog {
    return new HyperLogLog(this.precision, this.registers.slice());
  }

  /** The estimated number of distinct values added (0 for an empty sketch). */
  estimate(): number {
    const m = this.registers.length;
    const q = 32 - this.precision;
    const histogram = new Float64Array(q + 2);
    for (let i = 0; i < m; i++) {
      const r = this.registers[i] as number;
      histogram[r] = (histogram[r] as number) + 1;
    }
    if (histogram[0] === m) return 0;
    let z = m * tau(1 - (histogram[q + 1] as number) / m);
    for (let k = q; k >= 1; k--) z = 0.5 * (z + (histogram[k] as number));
    z += m * sigma((histogram[0] as number) / m);
    return (m * (m / z)) / (2 * Math.LN2);
  }

  /** The stored form. */
  toState(): HllState {
    return {
      precision: this.precision,
      registers: Buffer.from(this.registers.buffer, this.registers.byteOffset, this.registers.length).toString('base64'),
    };
  }

  /** Reads a stored form, checking every register. @throws MLP_DATA_SKETCH_INVALID naming the field. */
  static fromState(state: HllState, field = 'hll'): HyperLogLog {
    const bytes = Buffer.from(state.registers, 'base64');
    const m = 2 ** state.precision;
    if (!Number.isInteger(state.precision) || state.precision < 4 || state.precision > 18 || bytes.length !== m)
      throw SketchInvalidError({ field: `${field}.registers`, problem: `must hold 2^precision registers` });
    const registers = new Uint8Array(bytes);
    const max = 33 - state.precision;
    for (let i = 0; i < m; i++)
      if ((registers[i] as number) > max)
        throw SketchInvalidError({ field: `${field}.registers`, problem: `register ${i} exceeds ${max}` });
    return new HyperLogLog(state.precision, registers);
  }
}

// Ertl (2017), algorithm 6: σ and τ of the improved raw estimator.
function sigma(x: number): number {
  if (x === 1) return Number.POSITIVE_INFINITY;
  let y = 1;
  let z = x;
  let previous: number;
  do {
    x *= x;
    previous = z;
    z += x * y;
    y += y;
  } while (z !== previous);
  return z;
}

function tau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let y = 1;
  let z = 1 - x;
  let previous: number;
  do {
    x = Math.sqrt(x);
    previous = z;
    y *= 0.5;
    z -= (1 - x) * (1 - x) * y;
  } while (z !== previous);
  return z / 3;
}
