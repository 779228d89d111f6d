import type * as Ort from 'onnxruntime-node';

import { BundleInvalidError, TrainingDataError } from '../../core/index.js';
import { featureMatrix, type FeatureMatrix } from '../matrix.js';
import { assertNoExternalData } from './onnx-external-data.js';
import { decodeFields } from './protobuf.js';

/** Options of {@link loadOnnxModel}. */
export interface OnnxLoadOptions {
  /** Names the model in error messages. */
  readonly location?: string;
  /** Feature names when the model does not record them (mlpilot exports keep them in `feature_names` metadata). */
  readonly featureNames?: readonly string[];
  /** Rows per `session.run` call (bounds memory); default 65 536. */
  readonly batchRows?: number;
}

/** One output tensor converted to float64 (int64 labels become numbers). */
export interface OnnxOutput {
  readonly data: Float64Array;
  readonly dims: readonly number[];
}

/**
 * An ONNX model (flavor `onnx`) run by onnxruntime-node on the CPU. It predicts from a {@link FeatureMatrix}
 * like a native model, but asynchronously (onnxruntime's `run` is async). The model must have one tensor input
 * of shape `[N, features]` with element type float or double; float inputs are rounded to float32.
 */
export class OnnxModel {
  readonly flavor = 'onnx';
  readonly bytes: Uint8Array;
  readonly inputName: string;
  readonly inputType: 'float32' | 'float64';
  readonly outputNames: readonly string[];
  /** Feature names (from the model's metadata, the options, or `f0…`); null when the width is symbolic. */
  readonly featureNames: readonly string[] | null;
  readonly #session: Ort.InferenceSession;
  readonly #ort: typeof Ort;
  readonly #batch: number;
  readonly #location: string;

  private constructor(
    ort: typeof Ort,
    bytes: Uint8Array,
    session: Ort.InferenceSession,
    input: { name: string; type: 'float32' | 'float64' },
    names: readonly string[] | null,
    batch: number,
    location: string,
  ) {
    this.#ort = ort;
    this.bytes = bytes;
    this.#session = session;
    this.inputName = input.name;
    this.inputType = input.type;
    this.outputNames = session.outputNames;
    this.featureNames = names;
    this.#batch = batch;
    this.#location = location;
  }

  /**
   * Loads ONNX bytes. A tensor whose data lives in an external file is refused before onnxruntime sees the bytes
   * (it would read that file from the current directory; see {@link assertNoExternalData}).
   * @throws MLP_ML_BUNDLE_INVALID for external tensor data, when onnxruntime rejects the bytes, or when the input is
   *   not `[N, features]` float/double.
   */
  static async load(bytes: Uint8Array, options: OnnxLoadOptions = {}): Promise<OnnxModel> {
    const location = options.location ?? 'onnx model';
    const bad = (problem: string): never => {
      throw BundleInvalidError({ location, problem });
    };
    assertNoExternalData(bytes, location);
    // onnxruntime (a native library) loads with the first ONNX model, not with the ml engine.
    const ort = await import('onnxruntime-node');
    let session: Ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(bytes, { graphOptimizationLevel: 'all', logSeverityLevel: 3 });
    } catch (e) {
      return bad(`onnxruntime cannot load it (${(e as Error).message})`);
    }
    const inputs = session.inputMetadata;
    if (inputs.length !== 1) return bad(`it has ${inputs.length} inputs; mlpilot runs models with one [N, features] tensor input`);
    const meta = inputs[0] as Ort.InferenceSession.ValueMetadata;
    if (!meta.isTensor) return bad(`input ${meta.name} is not a tensor`);
    if (meta.type !== 'float32' && meta.type !== 'float64')
      return bad(`input ${meta.name} has element type ${meta.type}; expected float or double`);
    if (meta.shape.length !== 2) return bad(`input ${meta.name} has shape [${meta.shape.join(', ')}]; expected [N, features]`);
    const width = meta.shape[1];
    const recorded = recordedFeatureNames(bytes);
    let names: readonly string[] | null = options.featureNames ?? recorded;
    if (typeof width === 'number' && width >= 0) {
      if (names !== null && names.length !== width) {
        if (options.featureNames !== undefined) return bad(`${names.length} feature names given for an input of ${width} features`);
        names = null;
      }
      names ??= Array.from({ length: width }, (_, j) => `f${j}`);
    }
    const batch = options.batchRows ?? 65_536;
    return new OnnxModel(ort, bytes, session, { name: meta.name, type: meta.type }, names, batch, location);
  }

  /** Runs the model on every row; returns every tensor output as float64. @throws MLP_ML_BAD_TRAINING_DATA on a width mismatch. */
  async run(X: FeatureMatrix): Promise<Record<string, OnnxOutput>> {
    const p = X.cols;
    if (this.featureNames !== null && p !== this.featureNames.length) {
      throw TrainingDataError({
        problem: `the ONNX model expects ${this.featureNames.length} feature columns (${this.featureNames.join(', ')}), got ${p}`,
      });
    }
    const ort = this.#ort;
    const parts: Record<string, { chunks: Float64Array[]; dims: number[] }> = {};
    for (let start = 0; start < Math.max(X.rows, 1); start += this.#batch) {
      const m = Math.min(this.#batch, X.rows - start);
      const data = this.inputType === 'float64' ? new Float64Array(m * p) : new Float32Array(m * p);
      for (let j = 0; j < p; j++) {
        const col = X.columns[j] as Float64Array;
        for (let i = 0; i < m; i++) data[i * p + j] = col[start + i] as number;
      }
      const tensor =
        this.inputType === 'float64'
          ? new ort.Tensor('float64', data as Float64Array, [m, p])
          : new ort.Tensor('float32', data as Float32Array, [m, p]);
      const out = await this.#session.run({ [this.inputName]: tensor });
      for (const name of this.outputNames) {
        const v = out[name] as Ort.Tensor | undefined;
        if (v === undefined || !(v instanceof ort.Tensor)) {
          throw BundleInvalidError({
            location: this.#location,
            problem: `output ${name} is not a tensor (a ZipMap or sequence output); export the model without ZipMap`,
          });
        }
        let entry = parts[name];
        if (entry === undefined) {
          entry = { chunks: [], dims: [...v.dims] };
          parts[name] = entry;
        } else entry.dims[0] = (entry.dims[0] as number) + (v.dims[0] ?? 0);
        entry.chunks.push(toFloat64(v.data));
      }
      if (X.rows === 0) break;
    }
    const result: Record<string, OnnxOutput> = {};
    for (const [name, { chunks, dims }] of Object.entries(parts)) {
      const total = chunks.reduce((s, c) => s + c.length, 0);
      const data = new Float64Array(total);
      let o = 0;
      for (const c of chunks) {
        data.set(c, o);
        o += c.length;
      }
      result[name] = { data, dims };
    }
    return result;
  }

  /** The first output (regression values, or class labels for classifiers), one value per row. */
  async predict(X: FeatureMatrix): Promise<Float64Array> {
    const out = await this.run(X);
    return (out[this.outputNames[0] as string] as OnnxOutput).data;
  }

  /**
   * Class probabilities `rows × classes`: the output named `probabilities`, else the first two-dimensional
   * output after the first. @throws MLP_ML_BUNDLE_INVALID when the model has no such output.
   */
  async predictProba(X: FeatureMatrix): Promise<Float64Array> {
    const out = await this.run(X);
    const named = out.probabilities;
    if (named !== undefined) return named.data;
    for (const name of this.outputNames.slice(1)) {
      const o = out[name] as OnnxOutput;
      if (o.dims.length === 2) return o.data;
    }
    throw BundleInvalidError({
      location: this.#location,
      problem: `none of the outputs (${this.outputNames.join(', ')}) holds class probabilities`,
    });
  }

  /**
   * How many class probabilities the model gives per row, found by scoring one row of zeros (an output's static
   * shape may be symbolic). @throws MLP_ML_BUNDLE_INVALID when the width is unknown (symbolic input width) or the
   *   model has no probability output.
   */
  async probabilityWidth(): Promise<number> {
    if (this.featureNames === null) {
      throw BundleInvalidError({ location: this.#location, problem: 'the input width is symbolic, so the class count cannot be checked' });
    }
    const zeros = featureMatrix(
      this.featureNames.map(() => new Float64Array(1)),
      { names: this.featureNames },
    );
    return (await this.predictProba(zeros)).length;
  }

  /** Frees the onnxruntime session. */
  async release(): Promise<void> {
    await this.#session.release();
  }
}

/** Loads ONNX bytes into an {@link OnnxModel} (see there). */
export function loadOnnxModel(bytes: Uint8Array, options: OnnxLoadOptions = {}): Promise<OnnxModel> {
  return OnnxModel.load(bytes, options);
}

function toFloat64(data: Ort.Tensor['data']): Float64Array {
  if (data instanceof Float64Array) return data;
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) return Float64Array.from(data, (v) => Number(v));
  if (Array.isArray(data)) return Float64Array.from(data as unknown[], (v) => Number(v));
  return Float64Array.from(data as ArrayLike<number>);
}

/** `feature_names` from the ModelProto's metadata_props (field 14: key 1, value 2), when it is a JSON string list. */
function recordedFeatureNames(bytes: Uint8Array): string[] | null {
  try {
    const dec = new TextDecoder();
    for (const f of decodeFields(bytes)) {
      if (f.field !== 14 || f.wire !== 2) continue;
      let key = '';
      let value = '';
      for (const g of decodeFields(f.value)) {
        if (g.wire !== 2) continue;
        if (g.field === 1) key = dec.decode(g.value);
        if (g.field === 2) value = dec.decode(g.value);
      }
      if (key !== 'feature_names') continue;
      const names = JSON.parse(value) as unknown;
      return Array.isArray(names) && names.every((n) => typeof n === 'string') ? (names as string[]) : null;
    }
  } catch {
    return null; // onnxruntime already accepted the model; names are optional
  }
  return null;
}
