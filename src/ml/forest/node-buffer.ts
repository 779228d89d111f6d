import type { ForestTree } from './tree.js';

/**
 * The nodes of the tree being grown, in flat typed arrays that double when full and are reused for the next tree
 * (a grower keeps one): {@link finish} copies the used part out as the tree, so a tree costs its own bytes plus,
 * while it grows, these buffers — no per-node JS objects or boxed numbers.
 */
export class NodeBuffer {
  readonly #outputs: number;
  #cap = 0;
  #count = 0;
  #catCount = 0;
  feature = new Int32Array(0);
  threshold = new Float64Array(0);
  left = new Int32Array(0);
  right = new Int32Array(0);
  defaultLeft = new Uint8Array(0);
  /** Row-major `nodes × outputs`. */
  values = new Float64Array(0);
  gain = new Float64Array(0);
  cover = new Float64Array(0);
  catStart = new Int32Array(0);
  catLength = new Int32Array(0);
  catBits = new Uint32Array(0);

  /** @param outputs length of a node's output vector (classes, or 1). */
  constructor(outputs: number) {
    this.#outputs = outputs;
    this.#grow(64);
    this.catBits = new Uint32Array(16);
  }

  /** Nodes added since the last {@link reset}. */
  get count(): number {
    return this.#count;
  }

  /** Starts a new tree. */
  reset(): void {
    this.#count = 0;
    this.#catCount = 0;
  }

  /** Appends a leaf with weighted sample count `cover`; returns its id. Its output vector is `values[id × outputs ..]`. */
  add(cover: number): number {
    if (this.#count === this.#cap) this.#grow(this.#cap * 2);
    const id = this.#count++;
    this.feature[id] = -1;
    this.threshold[id] = 0;
    this.left[id] = -1;
    this.right[id] = -1;
    this.defaultLeft[id] = 0;
    this.gain[id] = 0;
    this.cover[id] = cover;
    this.catStart[id] = -1;
    this.catLength[id] = 0;
    return id;
  }

  /** Appends one 32-bit word of a categorical split's bitset; returns its index. */
  addCatWord(bits: number): number {
    if (this.#catCount === this.catBits.length) {
      const next = new Uint32Array(this.catBits.length * 2);
      next.set(this.catBits);
      this.catBits = next;
    }
    this.catBits[this.#catCount] = bits;
    return this.#catCount++;
  }

  /** The tree grown since the last reset, in arrays of its exact size (the gbdt `value` = last output of each node). */
  finish(): ForestTree {
    const n = this.#count;
    const K = this.#outputs;
    const values = this.values.slice(0, n * K);
    let value: Float64Array;
    if (K === 1) value = values.slice();
    else {
      value = new Float64Array(n);
      for (let i = 0; i < n; i++) value[i] = values[i * K + K - 1] as number;
    }
    return {
      feature: this.feature.slice(0, n),
      threshold: this.threshold.slice(0, n),
      left: this.left.slice(0, n),
      right: this.right.slice(0, n),
      defaultLeft: this.defaultLeft.slice(0, n),
      value,
      gain: this.gain.slice(0, n),
      cover: this.cover.slice(0, n),
      catStart: this.catStart.slice(0, n),
      catLength: this.catLength.slice(0, n),
      catBits: this.catBits.slice(0, this.#catCount),
      values,
    };
  }

  #grow(cap: number): void {
    const K = this.#outputs;
    const n = this.#count;
    const move = <T extends Int32Array | Float64Array | Uint8Array>(old: T, next: T, len: number): T => {
      next.set(old.subarray(0, len));
      return next;
    };
    this.feature = move(this.feature, new Int32Array(cap), n);
    this.threshold = move(this.threshold, new Float64Array(cap), n);
    this.left = move(this.left, new Int32Array(cap), n);
    this.right = move(this.right, new Int32Array(cap), n);
    this.defaultLeft = move(this.defaultLeft, new Uint8Array(cap), n);
    this.values = move(this.values, new Float64Array(cap * K), n * K);
    this.gain = move(this.gain, new Float64Array(cap), n);
    this.cover = move(this.cover, new Float64Array(cap), n);
    this.catStart = move(this.catStart, new Int32Array(cap), n);
    this.catLength = move(this.catLength, new Int32Array(cap), n);
    this.#cap = cap;
  }
}
