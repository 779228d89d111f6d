/** Distances the search supports. */
export type KnnMetric = 'euclidean' | 'manhattan';

/**
 * Exact k-nearest-neighbour search over row-major points, by a KD-tree or brute force. Both return exactly the
 * same neighbours in the same order: ascending distance, ties broken by the lower row index, and distances are
 * summed over features in the same order, so they are bit-identical.
 */
export class NeighborSearch {
  readonly #points: Float64Array;
  readonly #n: number;
  readonly #p: number;
  readonly #metric: KnnMetric;
  readonly #tree: KdTree | undefined;

  /**
   * @param points row-major `n × p` training points (kept, not copied).
   * @param useTree build a KD-tree with `leafSize` rows per leaf; otherwise search by brute force.
   */
  constructor(points: Float64Array, n: number, p: number, metric: KnnMetric, useTree: boolean, leafSize: number) {
    this.#points = points;
    this.#n = n;
    this.#p = p;
    this.#metric = metric;
    this.#tree = useTree ? buildKdTree(points, n, p, leafSize) : undefined;
  }

  /** Whether a KD-tree is used. */
  get usesTree(): boolean {
    return this.#tree !== undefined;
  }

  /**
   * Finds the k nearest rows of each query. Writes `outIndex[q*k + r]` and `outDist[q*k + r]` (the true
   * distance, not squared) for rank r.
   * @param queries row-major `m × p` query points.
   */
  query(queries: Float64Array, m: number, k: number, outIndex: Int32Array, outDist: Float64Array): void {
    const heap = new Heap(k);
    const q = new Float64Array(this.#p);
    for (let r = 0; r < m; r++) {
      for (let j = 0; j < this.#p; j++) q[j] = queries[r * this.#p + j] as number;
      heap.clear();
      if (this.#tree === undefined) this.#brute(q, heap);
      else this.#searchTree(this.#tree, 0, q, heap);
      heap.drainSorted(outIndex, outDist, r * k);
      if (this.#metric === 'euclidean') for (let t = r * k; t < r * k + k; t++) outDist[t] = Math.sqrt(outDist[t] as number);
    }
  }

  /** Squared euclidean or manhattan distance from q to training row i (features in order). */
  #dist(q: Float64Array, i: number): number {
    const pts = this.#points;
    const p = this.#p;
    let s = 0;
    if (this.#metric === 'euclidean') {
      for (let j = 0; j < p; j++) {
        const d = (q[j] as number) - (pts[i * p + j] as number);
        s += d * d;
      }
    } else {
      for (let j = 0; j < p; j++) s += Math.abs((q[j] as number) - (pts[i * p + j] as number));
    }
    return s;
  }

  #brute(q: Float64Array, heap: Heap): void {
    for (let i = 0; i < this.#n; i++) heap.offer(this.#dist(q, i), i);
  }

  #searchTree(t: KdTree, node: number, q: Float64Array, heap: Heap): void {
    const left = t.left[node] as number;
    if (left < 0) {
      for (let s = t.start[node] as number; s < (t.end[node] as number); s++) {
        const i = t.index[s] as number;
        heap.offer(this.#dist(q, i), i);
      }
      return;
    }
    const right = t.right[node] as number;
    const dl = this.#boxDist(t, left, q);
    const dr = this.#boxDist(t, right, q);
    const [first, second, df, ds] = dl <= dr ? [left, right, dl, dr] : [right, left, dr, dl];
    // Equal distance may still hold a lower-index tie, hence > rather than ≥.
    if (!(heap.full && df > heap.worstDist)) this.#searchTree(t, first, q, heap);
    if (!(heap.full && ds > heap.worstDist)) this.#searchTree(t, second, q, heap);
  }

  /** Lower bound of the distance from q to any point in the node's bounding box (same units as #dist). */
  #boxDist(t: KdTree, node: number, q: Float64Array): number {
    const p = this.#p;
    let s = 0;
    for (let j = 0; j < p; j++) {
      const v = q[j] as number;
      const lo = t.lower[node * p + j] as number;
      const hi = t.upper[node * p + j] as number;
      const d = v < lo ? lo - v : v > hi ? v - hi : 0;
      s += this.#metric === 'euclidean' ? d * d : d;
    }
    return s;
  }
}

interface KdTree {
  readonly index: Int32Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

function buildKdTree(points: Float64Array, n: number, p: number, leafSize: number): KdTree {
  // A split node holds > leafSize rows and halves them, so every leaf keeps at least ⌊(leafSize+1)/2⌋ rows.
  const minLeaf = Math.max(1, Math.floor((leafSize + 1) / 2));
  const cap = 2 * Math.floor(n / minLeaf) + 1;
  const index = new Int32Array(n);
  for (let i = 0; i < n; i++) index[i] = i;
  const start = new Int32Array(cap);
  const end = new Int32Array(cap);
  const left = new Int32Array(cap).fill(-1);
  const right = new Int32Array(cap).fill(-1);
  const lower = new Float64Array(cap * p);
  const upper = new Float64Array(cap * p);
  let count = 0;
  // Explicit stack instead of recursion: node id, row range.
  const stack: number[] = [];
  const make = (s: number, e: number): number => {
    const id = count++;
    start[id] = s;
    end[id] = e;
    for (let j = 0; j < p; j++) {
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      for (let r = s; r < e; r++) {
        const v = points[(index[r] as number) * p + j] as number;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      lower[id * p + j] = lo;
      upper[id * p + j] = hi;
    }
    stack.push(id);
    return id;
  };
  make(0, n);
  while (stack.length > 0) {
    const id = stack.pop() as number;
    const s = start[id] as number;
    const e = end[id] as number;
    if (e - s <= leafSize) continue;
    let dim = 0;
    let spread = -1;
    for (let j = 0; j < p; j++) {
      const w = (upper[id * p + j] as number) - (lower[id * p + j] as number);
      if (w > spread) {
        spread = w;
        dim = j;
      }
    }
    if (!(spread > 0)) continue; // all rows identical: keep as a leaf
    const mid = s + ((e - s) >> 1);
    selectNth(index, s, e - 1, mid, points, p, dim);
    left[id] = make(s, mid);
    right[id] = make(mid, e);
  }
  return {
    index,
    start: start.subarray(0, count),
    end: end.subarray(0, count),
    left: left.subarray(0, count),
    right: right.subarray(0, count),
    lower: lower.subarray(0, count * p),
    upper: upper.subarray(0, count * p),
  };
}

/**
 * Reorders `index[lo..hi]` so that position `nth` holds the row that a full sort by (value in `dim`, row index)
 * would put there, smaller keys before it and larger after (quickselect, O(n) on average). Keys are unique
 * (row index breaks ties), so the result is fully determined.
 */
function selectNth(index: Int32Array, lo: number, hi: number, nth: number, points: Float64Array, p: number, dim: number): void {
  const less = (a: number, b: number): boolean => {
    const va = points[a * p + dim] as number;
    const vb = points[b * p + dim] as number;
    return va < vb || (va === vb && a < b);
  };
  let left = lo;
  let right = hi;
  while (right > left) {
    // Median of three as pivot, moved to `right`.
    const m = left + ((right - left) >> 1);
    const a = index[left] as number;
    const b = index[m] as number;
    const c = index[right] as number;
    const pivotPos = less(a, b) ? (less(b, c) ? m : less(a, c) ? right : left) : less(a, c) ? left : less(b, c) ? right : m;
    swap(index, pivotPos, right);
    const pivot = index[right] as number;
    let store = left;
    for (let i = left; i < right; i++) {
      if (less(index[i] as number, pivot)) swap(index, i, store++);
    }
    swap(index, store, right);
    if (store === nth) return;
    if (nth < store) right = store - 1;
    else left = store + 1;
  }
}

function swap(a: Int32Array, i: number, j: number): void {
  const t = a[i] as number;
  a[i] = a[j] as number;
  a[j] = t;
}

/** Bounded max-heap of (distance, index) keeping the k smallest in lexicographic order. */
class Heap {
  readonly #d: Float64Array;
  readonly #i: Int32Array;
  readonly #k: number;
  #size = 0;

  constructor(k: number) {
    this.#k = k;
    this.#d = new Float64Array(k);
    this.#i = new Int32Array(k);
  }

  clear(): void {
    this.#size = 0;
  }

  get full(): boolean {
    return this.#size === this.#k;
  }

  get worstDist(): number {
    return this.#d[0] as number;
  }

  #greater(a: number, b: number): boolean {
    const da = this.#d[a] as number;
    const db = this.#d[b] as number;
    return da > db || (da === db && (this.#i[a] as number) > (this.#i[b] as number));
  }

  offer(dist: number, idx: number): void {
    if (this.#size < this.#k) {
      let c = this.#size++;
      this.#d[c] = dist;
      this.#i[c] = idx;
      while (c > 0) {
        const parent = (c - 1) >> 1;
        if (!this.#greater(c, parent)) break;
        this.#swap(c, parent);
        c = parent;
      }
      return;
    }
    const wd = this.#d[0] as number;
    if (dist > wd || (dist === wd && idx > (this.#i[0] as number))) return;
    this.#d[0] = dist;
    this.#i[0] = idx;
    this.#siftDown(0, this.#size);
  }

  /** Writes the contents in ascending order at `offset` and empties the heap. */
  drainSorted(outIndex: Int32Array, outDist: Float64Array, offset: number): void {
    for (let last = this.#size - 1; last >= 0; last--) {
      outDist[offset + last] = this.#d[0] as number;
      outIndex[offset + last] = this.#i[0] as number;
      this.#swap(0, last);
      this.#siftDown(0, last);
    }
    this.#size = 0;
  }

  #siftDown(from: number, size: number): void {
    let c = from;
    for (;;) {
      const l = 2 * c + 1;
      const r = l + 1;
      let m = c;
      if (l < size && this.#greater(l, m)) m = l;
      if (r < size && this.#greater(r, m)) m = r;
      if (m === c) return;
      this.#swap(c, m);
      c = m;
    }
  }

  #swap(a: number, b: number): void {
    const d = this.#d[a] as number;
    this.#d[a] = this.#d[b] as number;
    this.#d[b] = d;
    const i = this.#i[a] as number;
    this.#i[a] = this.#i[b] as number;
    this.#i[b] = i;
  }
}
