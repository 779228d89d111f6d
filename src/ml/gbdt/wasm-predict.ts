import { ADD, AND, F64, F64_ADD, F64_GE, F64_LOAD, F64_STORE, I32, LT_U, MUL, SHL, SHR_S, address, get, i32, load32, name, section, set, uleb, vec } from './wasm-asm.js';

/**
 * Batch prediction as WebAssembly: eight rows go through every tree together (trees inner), each row's node id
 * and running sum in locals, so eight independent chains of loads overlap in the CPU — the JavaScript
 * `CompiledForest.#rowsOuter` loop without bounds checks. A step is `node = (packed[node] >> 8) +
 * (x[feature] >= thr[node])` over the lock-step tables (leaves loop to themselves for the tree's depth); sums
 * start from the row's output and add leaf values in tree order, as the JavaScript path does (bit-identical).
 * The module is the same for every forest: table addresses are arguments.
 */

/** `rows8(x, m, nf, out, packed, thr, val, roots, depth, trees)`: rows 0..8⌊m/8⌋ of the block; addresses in bytes. */
export type Rows8 = (x: number, m: number, nf: number, out: number, packed: number, thr: number, val: number, roots: number, depth: number, trees: number) => void;

const ROWS = 8;

function rows8Body(): number[] {
  const [x, m, nf, out, packed, thr, val, roots, depth, trees] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  // locals: 10 i, 11 t, 12 d, 13 l, 14 p, 15 root, 16..23 row addresses, 24..31 node ids (i32); 32..39 sums (f64)
  const [i, t, d, l, p, root] = [10, 11, 12, 13, 14, 15];
  const row = (u: number): number => 16 + u;
  const node = (u: number): number => 24 + u;
  const sum = (u: number): number => 32 + u;
  const block = (body: number[]): number[] => [0x02, 0x40, 0x03, 0x40, ...body, 0x0c, 0, 0x0b, 0x0b];
  const breakUnless = (cond: number[]): number[] => [...cond, 0x45, 0x0d, 1];
  const step: number[] = [];
  for (let u = 0; u < ROWS; u++) {
    // p = packed[node]; node = (p >> 8) + (x_row[p & 255] >= thr[node])
    step.push(...address(get(packed), get(node(u)), 2), ...load32, ...set(p));
    step.push(...get(p), ...i32(8), SHR_S);
    step.push(...address(get(row(u)), [...get(p), ...i32(255), AND], 3), ...F64_LOAD);
    step.push(...address(get(thr), get(node(u)), 3), ...F64_LOAD, F64_GE, ADD, ...set(node(u)));
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
  return [...vec([[...uleb(6 + 2 * ROWS), I32], [...uleb(ROWS), F64]]), ...body, 0x0b];
}

/** The module: imports `env.memory` (not shared), exports `rows8`. */
export function predictModuleBytes(): Uint8Array {
  const fn = rows8Body();
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0],
    ...section(1, vec([[0x60, ...vec(Array.from({ length: 10 }, () => [I32])), 0]])),
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(1)]])),
    ...section(3, vec([[0]])),
    ...section(7, vec([[...name('rows8'), 0x00, 0]])),
    ...section(10, vec([[...uleb(fn.length), ...fn]])),
  ]);
}

let compiled: WebAssembly.Module | undefined;

/** The compiled module (once per process). */
export function predictModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(predictModuleBytes());
  return compiled;
}
