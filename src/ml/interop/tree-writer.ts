import { BundleInvalidError } from '../../core/index.js';
import type { GbdtTree } from '../gbdt/tree.js';
import { IMPORT_LIMITS } from './import-limits.js';

const MAX_IMPORTED_CATEGORY = IMPORT_LIMITS.categoryCode;
const MAX_IMPORTED_NODES = IMPORT_LIMITS.nodesPerTree;

/**
 * Builds one {@link GbdtTree} node by node in depth-first pre-order: the importer writes a node, then its left
 * subtree, then its right subtree, linking each child to its parent with {@link TreeWriter.link}. Pre-order guarantees
 * every child index is greater than its parent's, the invariant the native loader checks.
 */
export class TreeWriter {
  readonly #feature: number[] = [];
  readonly #threshold: number[] = [];
  readonly #left: number[] = [];
  readonly #right: number[] = [];
  readonly #defaultLeft: number[] = [];
  readonly #value: number[] = [];
  readonly #gain: number[] = [];
  readonly #cover: number[] = [];
  readonly #catStart: number[] = [];
  readonly #catLength: number[] = [];
  readonly #catBits: number[] = [];
  readonly #location: string;

  /** `location` names the tree in error messages (e.g. `model.json: tree 3`). */
  constructor(location: string) {
    this.#location = location;
  }

  get size(): number {
    return this.#feature.length;
  }

  #push(feature: number, threshold: number, defaultLeft: boolean, value: number, gain: number, cover: number): number {
    if (this.#feature.length >= MAX_IMPORTED_NODES) {
      throw BundleInvalidError({ location: this.#location, problem: `the tree expands to more than ${MAX_IMPORTED_NODES} nodes` });
    }
    const i = this.#feature.length;
    this.#feature.push(feature);
    this.#threshold.push(threshold);
    this.#left.push(-1);
    this.#right.push(-1);
    this.#defaultLeft.push(defaultLeft ? 1 : 0);
    this.#value.push(value);
    this.#gain.push(gain);
    this.#cover.push(cover);
    this.#catStart.push(-1);
    this.#catLength.push(0);
    return i;
  }

  /** Adds a leaf with output `value` (learning rate already applied). */
  leaf(value: number, cover = 0): number {
    return this.#push(-1, 0, false, value, 0, cover);
  }

  /** Adds a numeric split: left when `x < threshold`, NaN goes left when `defaultLeft`. */
  numeric(feature: number, threshold: number, defaultLeft: boolean, gain = 0, cover = 0, value = 0): number {
    return this.#push(feature, threshold, defaultLeft, value, gain, cover);
  }

  /** Adds a categorical split: category codes in `leftCategories` go left, other codes right, NaN per `defaultLeft`. */
  categorical(feature: number, leftCategories: readonly number[], defaultLeft: boolean, gain = 0, cover = 0, value = 0): number {
    const i = this.#push(feature, 0, defaultLeft, value, gain, cover);
    let max = -1;
    for (const c of leftCategories) {
      if (!Number.isInteger(c) || c < 0 || c > MAX_IMPORTED_CATEGORY) {
        throw BundleInvalidError({
          location: `${this.#location} node ${i}`,
          problem: `category ${c} is not an integer in 0..${MAX_IMPORTED_CATEGORY}`,
        });
      }
      if (c > max) max = c;
    }
    const words = max < 0 ? 0 : (max >>> 5) + 1;
    const start = this.#catBits.length;
    for (let w = 0; w < words; w++) this.#catBits.push(0);
    for (const c of leftCategories)
      this.#catBits[start + (c >>> 5)] = ((this.#catBits[start + (c >>> 5)] as number) | (1 << (c & 31))) >>> 0;
    this.#catStart[i] = start;
    this.#catLength[i] = words;
    return i;
  }

  /** Sets the left (`side` 0) or right (`side` 1) child of split node `node`. */
  link(node: number, side: 0 | 1, child: number): void {
    if (side === 0) this.#left[node] = child;
    else this.#right[node] = child;
  }

  /** The finished tree as typed arrays. */
  finish(): GbdtTree {
    return {
      feature: Int32Array.from(this.#feature),
      threshold: Float64Array.from(this.#threshold),
      left: Int32Array.from(this.#left),
      right: Int32Array.from(this.#right),
      defaultLeft: Uint8Array.from(this.#defaultLeft),
      value: Float64Array.from(this.#value),
      gain: Float64Array.from(this.#gain),
      cover: Float64Array.from(this.#cover),
      catStart: Int32Array.from(this.#catStart),
      catLength: Int32Array.from(this.#catLength),
      catBits: Uint32Array.from(this.#catBits),
    };
  }
}
