import type { GbdtTree } from './tree.js';

/**
 * All trees of a model compiled into one node table for prediction. Siblings are adjacent (right child =
 * left child + 1) so a numeric step is branch-free: `node = child[node] + +(x >= threshold)`. Rows with a
 * missing value, and forests with categorical splits, take the general walk (default directions, bitsets).
 */
export class CompiledForest {
  readonly feat: Int32Array;
  readonly thr: Float64Array;
  readonly child: Int32Array;
  readonly dl: Uint8Array;
  readonly val: Float64Array;
  readonly cat: Int32Array;
  readonly catLen: Int32Array;
  readonly bits: Uint32Array;
  readonly roots: Int32Array;
  /** Depth of each tree (edges from root to its deepest leaf). */
  readonly depth: Int32Array;
  /** Lock-step copies: leaves loop to themselves (feature 0, threshold +∞, child = self). */
  readonly #lsFeat: Int32Array;
  readonly #lsThr: Float64Array;
  readonly #lsChild: Int32Array;
  readonly hasCategorical: boolean;

  constructor(trees: readonly GbdtTree[]) {
    let nodes = 0;
    let words = 0;
    for (const t of trees) {
      nodes += t.feature.length;
      words += t.catBits.length;
    }
    this.feat = new Int32Array(nodes);
    this.thr = new Float64Array(nodes);
    this.child = new Int32Array(nodes);
    this.dl = new Uint8Array(nodes);
    this.val = new Float64Array(nodes);
    this.cat = new Int32Array(nodes).fill(-1);
    this.catLen = new Int32Array(nodes);
    this.bits = new Uint32Array(words);
    this.roots = new Int32Array(trees.length);
    this.depth = new Int32Array(trees.length);
    let base = 0;
    let wbase = 0;
    let hasCat = false;
    const queue: number[] = [];
    trees.forEach((t, ti) => {
      this.roots[ti] = base;
      // breadth-first renumbering: children of a node get consecutive ids
      const id = new Int32Array(t.feature.length);
      const level = new Int32Array(t.feature.length);
      queue.length = 0;
      queue.push(0);
      let next = base + 1;
      id[0] = base;
      for (let q = 0; q < queue.length; q++) {
        const i = queue[q] as number;
        const g = id[i] as number;
        const f = t.feature[i] as number;
        this.feat[g] = f;
        this.val[g] = t.value[i] as number;
        if ((level[i] as number) > (this.depth[ti] as number)) this.depth[ti] = level[i] as number;
        if (f < 0) continue;
        level[t.left[i] as number] = (level[i] as number) + 1;
        level[t.right[i] as number] = (level[i] as number) + 1;
        this.thr[g] = t.threshold[i] as number;
        this.dl[g] = t.defaultLeft[i] as number;
        if ((t.catStart[i] as number) >= 0) {
          this.cat[g] = wbase + (t.catStart[i] as number);
          this.catLen[g] = t.catLength[i] as number;
          hasCat = true;
        }
        this.child[g] = next;
        id[t.left[i] as number] = next;
        id[t.right[i] as number] = next + 1;
        next += 2;
        queue.push(t.left[i] as number, t.right[i] as number);
      }
      this.bits.set(t.catBits, wbase);
      base += t.feature.length;
      wbase += t.catBits.length;
    });
    this.hasCategorical = hasCat;
    this.#lsFeat = this.feat.map((f) => (f < 0 ? 0 : f));
    this.#lsThr = this.thr.map((v, i) => ((this.feat[i] as number) < 0 ? Infinity : v));
    this.#lsChild = this.child.map((c, i) => ((this.feat[i] as number) < 0 ? i : c));
  }

  /** Leaf reached from `root` by the row `x[o ..]` when the row has no missing value and no categorical split. */
  walkFast(root: number, x: Float64Array, o: number): number {
    const feat = this.feat;
    const thr = this.thr;
    const child = this.child;
    let nd = root;
    let f = feat[nd] as number;
    while (f >= 0) {
      nd = (child[nd] as number) + +((x[o + f] as number) >= (thr[nd] as number));
      f = feat[nd] as number;
    }
    return nd;
  }

  /** Leaf reached from `root` by the row `x[o ..]` (any row: missing values, categorical splits). */
  walk(root: number, x: Float64Array, o: number): number {
    let nd = root;
    let f = this.feat[nd] as number;
    while (f >= 0) {
      const v = x[o + f] as number;
      const c = this.child[nd] as number;
      if (v !== v) nd = this.dl[nd] === 1 ? c : c + 1;
      else if ((this.cat[nd] as number) < 0) nd = v < (this.thr[nd] as number) ? c : c + 1;
      else nd = this.#catLeft(nd, v) ? c : c + 1;
      f = this.feat[nd] as number;
    }
    return nd;
  }

  #catLeft(nd: number, v: number): boolean {
    const word = v >>> 5;
    if (v < 0 || word >= (this.catLen[nd] as number)) return false;
    return (((this.bits[(this.cat[nd] as number) + word] as number) >>> (v & 31)) & 1) === 1;
  }

  /**
   * Adds every tree's leaf value to `out` for the `m` rows of the row-major block `x` (`nf` values per row);
   * tree t adds to output `t % k` of its row. `xFast` is the same block with missing values replaced by 0, and
   * `safe[i] = 1` marks rows that need the general walk (missing values or categorical splits). Rows advance
   * level by level in lock-step (leaves loop to themselves), so the walks of different rows overlap in the CPU
   * instead of each waiting on its own chain of loads.
   */
  accumulateBlock(
    x: Float64Array,
    xFast: Float64Array,
    m: number,
    nf: number,
    k: number,
    out: Float64Array,
    outBase: number,
    safe: Uint8Array,
    pos: Int32Array,
  ): void {
    const nt = this.roots.length;
    const val = this.val;
    const feat = this.#lsFeat;
    const thr = this.#lsThr;
    const child = this.#lsChild;
    let anySafe = false;
    for (let i = 0; i < m; i++) if (safe[i] === 1) anySafe = true;
    for (let t = 0; t < nt; t++) {
      const root = this.roots[t] as number;
      const cls = t % k;
      const d = this.depth[t] as number;
      pos.fill(root, 0, m);
      for (let l = 0; l < d; l++) {
        for (let i = 0; i < m; i++) {
          const nd = pos[i] as number;
          // `+(a >= b)` compiles to a flag-to-integer move; a ternary here compiled to a mispredicted branch (~14× slower)
          pos[i] = (child[nd] as number) + +((xFast[i * nf + (feat[nd] as number)] as number) >= (thr[nd] as number));
        }
      }
      if (anySafe) for (let i = 0; i < m; i++) if (safe[i] === 1) pos[i] = this.walk(root, x, i * nf);
      for (let i = 0; i < m; i++) {
        const o = (outBase + i) * k + cls;
        out[o] = (out[o] as number) + (val[pos[i] as number] as number);
      }
    }
  }
}
