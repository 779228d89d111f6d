import { address, block, br, brIf, f64, func, get, i32, loop, MAX_PAGES, moduleBytes, select, set, tee } from './wasm-asm.js';
import type { ComputeKernel } from '../compute/kernel.js';
import type { ArrayPlace } from './training-memory.js';
import type { Code, Expr, Func, Local } from './wasm-asm.js';

/**
 * Batch prediction as WebAssembly: eight rows go through every tree together (trees inner), each row's node id
 * and running sum in locals, so eight independent chains of loads overlap in the CPU. A step is
 * `node = (packed[node] >> 8) + (isNaN(v) ? 1 - dl[node] : v >= thr[node])` with v = the row's value of the node's
 * feature: right child = left child + 1, missing values by the learned default direction (`rows8Missing`; `rows8`
 * leaves the NaN test out for blocks without NaN or +∞, ~30 % faster). Leaves loop to
 * themselves for the tree's depth (child = self, threshold NaN so no value passes, dl = 1 so NaN stays). Sums start
 * from the row's output and add leaf values in tree order, as the general walk does (bit-identical). The module
 * is the same for every forest: table addresses are arguments.
 */

/** `rows8(x, m, nf, out, packed, thr, val, roots, depth, trees, dl)`: rows 0..8⌊m/8⌋ of the block; addresses in bytes. */
export type Rows8 = (
  x: number,
  m: number,
  nf: number,
  out: number,
  packed: number,
  thr: number,
  val: number,
  roots: number,
  depth: number,
  trees: number,
  dl: number,
) => void;

const ROWS = 8;

/** `while (cond) body` as `block { loop { br_if 1 (!cond); body; br 0 } }`. */
const whileLoop = (cond: Expr<'i32'>, ...body: Code[]): Code => block(loop(brIf(1, i32.eqz(cond)), ...body, br(0)));
const inc = (l: Local<'i32'>, by: number): Code => set(l, i32.add(get(l), i32.const(by)));

/** `missing`: the step tests for NaN (the default direction); without, rows must hold no NaN or +∞. */
function rows8(missing: boolean): Func {
  const params = ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'] as const;
  return func(missing ? 'rows8Missing' : 'rows8', params, [], (local, x, m, nf, out, packed, thr, val, roots, depth, trees, dl) => {
    const [i, t, d, l, p, root] = [local('i32'), local('i32'), local('i32'), local('i32'), local('i32'), local('i32')];
    const row = Array.from({ length: ROWS }, () => local('i32'));
    const node = Array.from({ length: ROWS }, () => local('i32'));
    const sum = Array.from({ length: ROWS }, () => local('f64'));
    const v = local('f64');
    const step: Code[] = [];
    row.forEach((r, u) => {
      const nd = node[u] as Local<'i32'>;
      // p = packed[node]; v = x_row[p & 255]; node = (p >> 8) + select(1 - dl[node], v >= thr[node], v != v)
      const value = f64.load(address(get(r), i32.and(get(p), i32.const(255)), 3));
      const right = f64.ge(missing ? tee(v, value) : value, f64.load(address(get(thr), get(nd), 3)));
      const defaultRight = i32.sub(i32.const(1), i32.load8_u(i32.add(get(dl), get(nd))));
      step.push(
        set(p, i32.load(address(get(packed), get(nd), 2))),
        set(nd, i32.add(i32.shr_s(get(p), i32.const(8)), missing ? select(defaultRight, right, f64.ne(get(v), get(v))) : right)),
      );
    });
    const tree: Code[] = [set(root, i32.load(address(get(roots), get(t), 2))), set(d, i32.load(address(get(depth), get(t), 2)))];
    for (const nd of node) tree.push(set(nd, get(root)));
    tree.push(set(l, i32.const(0)), whileLoop(i32.lt_u(get(l), get(d)), ...step, inc(l, 1)));
    sum.forEach((s, u) => tree.push(set(s, f64.add(get(s), f64.load(address(get(val), get(node[u] as Local<'i32'>), 3))))));
    const outAt = (u: number): Expr<'i32'> => address(get(out), i32.add(get(i), i32.const(u)), 3);
    const group: Code[] = [];
    row.forEach((r, u) =>
      group.push(
        set(r, address(get(x), i32.mul(i32.add(get(i), i32.const(u)), get(nf)), 3)),
        set(sum[u] as Local<'f64'>, f64.load(outAt(u))),
      ),
    );
    group.push(set(t, i32.const(0)), whileLoop(i32.lt_u(get(t), get(trees)), ...tree, inc(t, 1)));
    sum.forEach((s, u) => group.push(f64.store(outAt(u), get(s))));
    return [set(i, i32.const(0)), whileLoop(i32.le_s(i32.add(get(i), i32.const(ROWS)), get(m)), ...group, inc(i, ROWS))];
  });
}

/** The module: imports `env.memory` (shared), exports `rows8` (no NaN or +∞ in the rows) and `rows8Missing`. */
export function predictModuleBytes(): Uint8Array {
  return moduleBytes([rows8(false), rows8(true)], MAX_PAGES);
}

let compiled: WebAssembly.Module | undefined;

/** The compiled module (once per process). */
export function predictModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(predictModuleBytes());
  return compiled;
}

/** Rows per piece of a threaded batch prediction (a multiple of 8). */
export const PREDICT_CHUNK = 4096;

/**
 * Int32 parameters of a threaded batch prediction, in its memory: rows (a multiple of 8), features, then the byte
 * addresses of the row-major rows, the outputs and the tables (packed, thr, val, roots, depth), the tree count and
 * the dl table.
 */
export const PREDICT_FIELDS = 11;

/** A threaded batch prediction as every thread attaches it: its shared memory, the compiled walk, where its tables are. */
export interface PredictSetup {
  readonly memory: WebAssembly.Memory;
  readonly module: WebAssembly.Module;
  /** PREDICT_FIELDS Int32 parameters and the per-piece NaN flags. */
  readonly params: ArrayPlace;
  readonly flags: ArrayPlace;
}

interface PredictState {
  readonly rows8: Rows8;
  readonly rows8Missing: Rows8;
  readonly P: Int32Array;
  readonly F: Uint8Array;
}

/**
 * The compute kernel of batch prediction (../compute/kernel.ts): piece i = rows `i·PREDICT_CHUNK ..`, through
 * `rows8Missing` when its flag marks a NaN or +∞ among them, else `rows8`. Every row is in one piece, so the sums do
 * not depend on the thread count.
 */
export const gbdtPredictKernel: ComputeKernel<PredictSetup, PredictState> = {
  id: 'gbdt-predict',
  attach(s) {
    const exports = new WebAssembly.Instance(s.module, { env: { memory: s.memory } }).exports;
    const buffer = s.memory.buffer;
    return {
      rows8: exports.rows8 as Rows8,
      rows8Missing: exports.rows8Missing as Rows8,
      P: new Int32Array(buffer, s.params[0], s.params[1]),
      F: new Uint8Array(buffer, s.flags[0], s.flags[1]),
    };
  },
  run(s, i) {
    const P = s.P;
    const n = P[0] as number;
    const nf = P[1] as number;
    const begin = i * PREDICT_CHUNK;
    const end = Math.min(n, begin + PREDICT_CHUNK);
    const walk = s.F[i] === 1 ? s.rows8Missing : s.rows8;
    walk(
      (P[2] as number) + 8 * begin * nf,
      end - begin,
      nf,
      (P[3] as number) + 8 * begin,
      P[4] as number,
      P[5] as number,
      P[6] as number,
      P[7] as number,
      P[8] as number,
      P[9] as number,
      P[10] as number,
    );
  },
};
