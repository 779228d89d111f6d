import { BundleInvalidError } from '../../core/index.js';
import type { JsonObject } from '../../core/index.js';
import { GbdtModel } from './model.js';
import type { GbdtModelInfo } from './model.js';
import { GBDT_OBJECTIVES } from './params.js';
import type { GbdtObjectiveId } from './params.js';
import type { GbdtTree } from './tree.js';

/** Bump when the layout changes; loaders reject versions they do not know. */
export const GBDT_FORMAT_VERSION = 1;
const MAGIC = 'MLPGBDT1';

type ArrayKind = 'f64' | 'i32' | 'u32' | 'u8';
type Typed = Float64Array | Int32Array | Uint32Array | Uint8Array;

/** Tree fields stored as one concatenated array each (nodes of tree t at `nodeOffset[t] ..`). */
const NODE_FIELDS: ReadonlyArray<[keyof GbdtTree, ArrayKind]> = [
  ['feature', 'i32'],
  ['threshold', 'f64'],
  ['left', 'i32'],
  ['right', 'i32'],
  ['defaultLeft', 'u8'],
  ['value', 'f64'],
  ['gain', 'f64'],
  ['cover', 'f64'],
  ['catStart', 'i32'],
  ['catLength', 'i32'],
];

/** A model as a JSON manifest plus named binary arrays (what a bundle stores). */
export interface GbdtParts {
  readonly manifest: JsonObject;
  readonly arrays: Record<string, Typed>;
}

function concat<T extends Typed>(parts: readonly T[], make: (n: number) => T): T {
  const out = make(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p as never, o);
    o += p.length;
  }
  return out;
}

const MAKERS: Record<ArrayKind, (n: number) => Typed> = {
  f64: (n) => new Float64Array(n),
  i32: (n) => new Int32Array(n),
  u32: (n) => new Uint32Array(n),
  u8: (n) => new Uint8Array(n),
};

/** Splits a model into a JSON manifest and typed arrays (bit-exact: floats are stored as their bytes). */
export function gbdtToParts(model: GbdtModel): GbdtParts {
  const trees = model.trees;
  const nodeOffset = new Int32Array(trees.length + 1);
  const catOffset = new Int32Array(trees.length + 1);
  trees.forEach((t, i) => {
    nodeOffset[i + 1] = (nodeOffset[i] as number) + t.feature.length;
    catOffset[i + 1] = (catOffset[i] as number) + t.catBits.length;
  });
  const arrays: Record<string, Typed> = { nodeOffset, catOffset };
  for (const [name, kind] of NODE_FIELDS)
    arrays[name] = concat(
      trees.map((t) => t[name] as Typed),
      MAKERS[kind],
    );
  arrays.catBits = concat(
    trees.map((t) => t.catBits),
    MAKERS.u32,
  );
  arrays.baseScore = model.info.baseScore;
  arrays.validHistory = model.info.validHistory;
  const i = model.info;
  const manifest: JsonObject = {
    format: 'mlpilot-gbdt',
    version: GBDT_FORMAT_VERSION,
    objective: i.objective,
    numOutputs: i.numOutputs,
    featureNames: [...i.featureNames],
    categorical: [...i.categorical],
    rounds: i.rounds,
    bestIteration: i.bestIteration,
    huberDelta: i.huberDelta,
    poissonMaxDeltaStep: i.poissonMaxDeltaStep,
    trees: trees.length,
    arrays: Object.entries(arrays).map(([name, a]) => ({ name, kind: kindOf(a), length: a.length })),
  };
  return { manifest, arrays };
}

function kindOf(a: Typed): ArrayKind {
  return a instanceof Float64Array ? 'f64' : a instanceof Int32Array ? 'i32' : a instanceof Uint32Array ? 'u32' : 'u8';
}

/** One self-contained byte string: magic, JSON manifest length + text, then every array 8-byte aligned. */
export function serializeGbdt(model: GbdtModel): Uint8Array {
  const { manifest, arrays } = gbdtToParts(model);
  const json = new TextEncoder().encode(JSON.stringify(manifest));
  const head = 8 + 4 + json.length;
  let size = align8(head);
  for (const a of Object.values(arrays)) size = align8(size + a.byteLength);
  const out = new Uint8Array(size);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(8, json.length, true);
  out.set(json, 12);
  let o = align8(head);
  for (const a of Object.values(arrays)) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), o);
    o = align8(o + a.byteLength);
  }
  return out;
}

function align8(n: number): number {
  return (n + 7) & ~7;
}

/**
 * Reads bytes written by `serializeGbdt`, checking structure (magic, version, array sizes, child links, feature
 * indices) so a damaged or hostile file cannot make prediction loop or read out of bounds.
 * @throws MLP_ML_BUNDLE_INVALID naming what is wrong.
 */
export function deserializeGbdt(bytes: Uint8Array, location = '(bytes)'): GbdtModel {
  const bad = (problem: string): never => {
    throw BundleInvalidError({ location, problem });
  };
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC)
    bad('it does not start with the gbdt magic "MLPGBDT1"');
  const jsonLen = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  if (12 + jsonLen > bytes.length) bad('the manifest length runs past the end of the file');
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + jsonLen))) as Record<string, unknown>;
  } catch (e) {
    return bad(`the manifest is not JSON (${(e as Error).message})`);
  }
  const specs = manifest.arrays as Array<{ name: string; kind: ArrayKind; length: number }> | undefined;
  if (!Array.isArray(specs)) return bad('manifest.arrays is missing');
  const arrays: Record<string, Typed> = {};
  let o = align8(12 + jsonLen);
  for (const s of specs) {
    const make = MAKERS[s.kind];
    if (make === undefined || !Number.isInteger(s.length) || s.length < 0) return bad(`array ${s.name}: bad kind or length`);
    const a = make(s.length);
    if (o + a.byteLength > bytes.length) return bad(`array ${s.name} runs past the end of the file`);
    new Uint8Array(a.buffer).set(bytes.subarray(o, o + a.byteLength));
    arrays[s.name] = a;
    o = align8(o + a.byteLength);
  }
  return gbdtFromParts({ manifest: manifest as JsonObject, arrays }, location);
}

/** Rebuilds a model from a manifest and its arrays. @throws MLP_ML_BUNDLE_INVALID */
export function gbdtFromParts(parts: GbdtParts, location = '(parts)'): GbdtModel {
  const bad = (problem: string): never => {
    throw BundleInvalidError({ location, problem });
  };
  const m = parts.manifest as Record<string, unknown>;
  if (m.format !== 'mlpilot-gbdt') bad(`format is ${JSON.stringify(m.format)}, expected "mlpilot-gbdt"`);
  if (m.version !== GBDT_FORMAT_VERSION) bad(`version ${String(m.version)} is not supported (this build reads ${GBDT_FORMAT_VERSION})`);
  if (!GBDT_OBJECTIVES.includes(m.objective as GbdtObjectiveId)) bad(`unknown objective ${JSON.stringify(m.objective)}`);
  const names = m.featureNames as string[];
  const categorical = m.categorical as boolean[];
  if (!Array.isArray(names) || !Array.isArray(categorical) || names.length !== categorical.length)
    bad('featureNames/categorical are missing or differ in length');
  const nf = names.length;
  const k = m.numOutputs as number;
  const get = <T extends Typed>(name: string, ctor: new (n: number) => T): T => {
    const a = parts.arrays[name];
    if (!(a instanceof ctor)) return bad(`array ${name} is missing or has the wrong type`);
    return a;
  };
  const nodeOffset = get('nodeOffset', Int32Array);
  const catOffset = get('catOffset', Int32Array);
  const nt = m.trees as number;
  if (!Number.isInteger(nt) || nodeOffset.length !== nt + 1 || catOffset.length !== nt + 1) bad('tree count does not match the offsets');
  if (!Number.isInteger(k) || k < 1 || nt % k !== 0) bad(`numOutputs ${String(k)} does not divide the tree count ${nt}`);
  const fields = Object.fromEntries(
    NODE_FIELDS.map(([name, kind]) => [name, get(name, MAKERS[kind](0).constructor as new (n: number) => Typed)]),
  );
  const catBits = get('catBits', Uint32Array);
  const total = nodeOffset[nt] as number;
  for (const [name] of NODE_FIELDS)
    if ((fields[name] as Typed).length !== total) bad(`array ${name} has ${(fields[name] as Typed).length} entries, expected ${total}`);
  const trees: GbdtTree[] = [];
  for (let t = 0; t < nt; t++) {
    const b = nodeOffset[t] as number;
    const e = nodeOffset[t + 1] as number;
    const cb = catOffset[t] as number;
    const ce = catOffset[t + 1] as number;
    if (!(b < e && e <= total && cb <= ce && ce <= catBits.length)) bad(`tree ${t}: bad node or category offsets`);
    const slice = (name: keyof GbdtTree): Typed => (fields[name] as Typed).slice(b, e);
    const tree = {
      feature: slice('feature'),
      threshold: slice('threshold'),
      left: slice('left'),
      right: slice('right'),
      defaultLeft: slice('defaultLeft'),
      value: slice('value'),
      gain: slice('gain'),
      cover: slice('cover'),
      catStart: slice('catStart'),
      catLength: slice('catLength'),
      catBits: catBits.slice(cb, ce),
    } as GbdtTree;
    const m2 = e - b;
    for (let i = 0; i < m2; i++) {
      const f = tree.feature[i] as number;
      if (f < 0) continue;
      const l = tree.left[i] as number;
      const r = tree.right[i] as number;
      if (f >= nf) bad(`tree ${t} node ${i}: feature ${f} out of range (${nf} features)`);
      if (!(l > i && r > i && l < m2 && r < m2)) bad(`tree ${t} node ${i}: child links must point forward inside the tree`);
      const cs = tree.catStart[i] as number;
      if (cs >= 0 && cs + (tree.catLength[i] as number) > tree.catBits.length) bad(`tree ${t} node ${i}: category bitset out of range`);
    }
    trees.push(tree);
  }
  const baseScore = get('baseScore', Float64Array);
  if (baseScore.length !== k) bad(`baseScore has ${baseScore.length} entries, expected ${k}`);
  const info: GbdtModelInfo = {
    objective: m.objective as GbdtObjectiveId,
    numOutputs: k,
    baseScore,
    featureNames: names,
    categorical,
    rounds: m.rounds as number,
    bestIteration: m.bestIteration as number,
    validHistory: get('validHistory', Float64Array),
    huberDelta: m.huberDelta as number,
    poissonMaxDeltaStep: m.poissonMaxDeltaStep as number,
  };
  return new GbdtModel(info, trees);
}
