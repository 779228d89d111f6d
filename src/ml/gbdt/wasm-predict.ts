import { ADD, AND, MAX_PAGES, F64, F64_ADD, F64_GE, F64_LOAD, F64_NE, F64_STORE, I32, LT_U, MUL, SELECT, SHL, SHR_S, SUB, address, get, i32, load32, load8u, name, section, set, tee, uleb, vec } from './wasm-asm.js';

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
export type Rows8 = (x: number, m: number, nf: number, out: number, packed: number, thr: number, val: number, roots: number, depth: number, trees: number, dl: number) => void;

const ROWS = 8;

/** `missing`: the step tests for NaN (the default direction); without, rows must hold no NaN or +∞. */
function rows8Body(missing: boolean): number[] {
  const [x, m, nf, out, packed, thr, val, roots, depth, trees, dl] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  // locals: 11 i, 12 t, 13 d, 14 l, 15 p, 16 root, 17..24 row addresses, 25..32 node ids (i32); 33..40 sums, 41 v (f64)
  const [i, t, d, l, p, root] = [11, 12, 13, 14, 15, 16];
  const row = (u: number): number => 17 + u;
  const node = (u: number): number => 25 + u;
  const sum = (u: number): number => 33 + u;
  const v = 41;
  const block = (body: number[]): number[] => [0x02, 0x40, 0x03, 0x40, ...body, 0x0c, 0, 0x0b, 0x0b];
  const breakUnless = (cond: number[]): number[] => [...cond, 0x45, 0x0d, 1];
  const step: number[] = [];
  for (let u = 0; u < ROWS; u++) {
    // p = packed[node]; v = x_row[p & 255]; node = (p >> 8) + select(1 - dl[node], v >= thr[node], v != v)
    step.push(...address(get(packed), get(node(u)), 2), ...load32, ...set(p));
    step.push(...get(p), ...i32(8), SHR_S);
    if (missing) step.push(...i32(1), ...get(dl), ...get(node(u)), ADD, ...load8u(0), SUB);
    step.push(...address(get(row(u)), [...get(p), ...i32(255), AND], 3), ...F64_LOAD, ...(missing ? tee(v) : []));
    step.push(...address(get(thr), get(node(u)), 3), ...F64_LOAD, F64_GE);
    if (missing) step.push(...get(v), ...get(v), F64_NE, SELECT);
    step.push(ADD, ...set(node(u)));
  }
  const tree: number[] = [...address(get(roots), get(t), 2), ...load32, ...set(root), ...address(get(depth), get(t), 2), ...load32, ...set(d)];
  for (let u = 0; u < ROWS; u++) tree.push(...get(root), ...set(node(u)));
  tree.push(...i32(0), ...set(l), ...block([...breakUnless([...get(l), ...get(d), LT_U]), ...step, ...get(l), ...i32(1), ADD, ...set(l)]));
  for (let u = 0; u < ROWS; u++) tree.push(...get(sum(u)), ...address(get(val), get(node(u)), 3), ...F64_LOAD, F64_ADD, ...set(sum(u)));
  const group: number[] = [];
  for (let u = 0; u < ROWS; u++) {
    group.push(...get(x), ...get(i), ...i32(u), ADD, ...get(nf), MUL, ...i32(3), SHL, ADD, ...set(row(u)));
    group.push(...address(get(out), [...get(i), ...i32(u), ADD], 3), ...F64_LOAD, ...set(sum(u)));
  }
  group.push(...i32(0), ...set(t), ...block([...breakUnless([...get(t), ...get(trees), LT_U]), ...tree, ...get(t), ...i32(1), ADD, ...set(t)]));
  for (let u = 0; u < ROWS; u++) group.push(...address(get(out), [...get(i), ...i32(u), ADD], 3), ...get(sum(u)), ...F64_STORE);
  const body = [...i32(0), ...set(i), ...block([...breakUnless([...get(i), ...i32(ROWS), ADD, ...get(m), 0x4c]), ...group, ...get(i), ...i32(ROWS), ADD, ...set(i)])];
  return [...vec([[...uleb(6 + 2 * ROWS), I32], [...uleb(ROWS + 1), F64]]), ...body, 0x0b];
}

/** The module: imports `env.memory` (shared), exports `rows8` (no NaN or +∞ in the rows) and `rows8Missing`. */
export function predictModuleBytes(): Uint8Array {
  const fn = (body: number[]): number[] => [...uleb(body.length), ...body];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0],
    ...section(1, vec([[0x60, ...vec(Array.from({ length: 11 }, () => [I32])), 0]])),
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x03, ...uleb(1), ...uleb(MAX_PAGES)]])),
    ...section(3, vec([[0], [0]])),
    ...section(7, vec([
      [...name('rows8'), 0x00, 0],
      [...name('rows8Missing'), 0x00, 1],
    ])),
    ...section(10, vec([fn(rows8Body(false)), fn(rows8Body(true))])),
  ]);
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

/**
 * Source of `runPredict(K, P, F, i)`: piece i = rows `i·PREDICT_CHUNK ..` of a threaded batch prediction, through
 * `rows8Missing` when `F[i]` flags a NaN or +∞ among them, else `rows8`. Runs on the calling thread and in the
 * workers (threads.ts); every row is in one piece, so the sums do not depend on the thread count.
 */
export const PREDICT_SOURCE = `
const n = P[0], nf = P[1];
const begin = i * ${PREDICT_CHUNK}, end = Math.min(n, begin + ${PREDICT_CHUNK});
(F[i] === 1 ? K.rows8Missing : K.rows8)(P[2] + 8 * begin * nf, end - begin, nf, P[3] + 8 * begin, P[4], P[5], P[6], P[7], P[8], P[9], P[10]);
`;

export const PREDICT_PARAMS = ['K', 'P', 'F', 'i'] as const;
