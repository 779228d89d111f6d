import type { JsonValue, Task } from '../../core/index.js';
import type { StateArray } from '../learner.js';

/** Version of the bundle layout this build writes; readers refuse anything newer. */
export const BUNDLE_FORMAT_VERSION = 1;

/** How the model inside a bundle is run. */
export const BUNDLE_FLAVORS = ['native', 'onnx', 'xgboost-json', 'lightgbm-text'] as const;
export type BundleFlavor = (typeof BUNDLE_FLAVORS)[number];

/** Flavors of models trained elsewhere and imported. */
export type ImportedFlavor = Exclude<BundleFlavor, 'native'>;

/** The file inside a bundle of an imported flavor that keeps the original model bytes. */
export const SOURCE_FILES: Readonly<Record<ImportedFlavor, string>> = {
  'xgboost-json': 'source/model.json',
  'lightgbm-text': 'source/model.txt',
  onnx: 'model.onnx',
};

/** Element types of stored arrays, with their constructors and byte widths. */
export const ARRAY_DTYPES = {
  float64: Float64Array,
  float32: Float32Array,
  int32: Int32Array,
  uint32: Uint32Array,
  uint16: Uint16Array,
  uint8: Uint8Array,
  int8: Int8Array,
} as const;
export type ArrayDtype = keyof typeof ARRAY_DTYPES;

/** One column the model reads at prediction time. */
export interface SignatureInput {
  name: string;
  type: 'numeric' | 'categorical' | 'boolean' | 'datetime' | 'text';
  nullable: boolean;
}

/** What goes in and what comes out: the contract serving validates requests against. */
export interface Signature {
  inputs: SignatureInput[];
  output: { name: string; task: Task; classes?: string[] };
}

/** A stored array: where its bytes are and what they must hash to. */
export interface ArrayEntry {
  file: string;
  dtype: ArrayDtype;
  length: number;
  sha256: string;
}

/** `manifest.json`: everything about the model but its numbers. */
export interface BundleManifest {
  format: 'mlpilot-bundle';
  formatVersion: number;
  flavor: BundleFlavor;
  createdBy: string;
  signature: Signature;
  /** Learner and preprocessing metadata (JSON only; arrays are referenced by name). */
  model: JsonValue;
  metrics: Record<string, number>;
  /** Ids that tie the model to its run, data and code. */
  lineage: { runId?: string; datasetVersionIds?: string[]; gitCommit?: string };
  arrays: Record<string, ArrayEntry>;
  /** Other files (e.g. `model.onnx`), path → sha256. */
  files: Record<string, string>;
}

/** A bundle in memory: the manifest's content plus the arrays and raw files it names. */
export interface BundleContent {
  flavor: BundleFlavor;
  signature: Signature;
  model: JsonValue;
  metrics?: Record<string, number>;
  lineage?: BundleManifest['lineage'];
  arrays: Readonly<Record<string, StateArray>>;
  files?: Readonly<Record<string, Uint8Array>>;
}
