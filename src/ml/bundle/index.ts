/** The model bundle: a manifest plus raw arrays, verified by sha256 on load, never executed. */
export { decodeBundle, encodeBundle, MANIFEST_FILE } from './codec.js';
export { readBundleDir, writeBundleDir } from './files.js';
export { ARRAY_DTYPES, BUNDLE_FLAVORS, BUNDLE_FORMAT_VERSION, SOURCE_FILES } from './format.js';
export type {
  ArrayDtype,
  ArrayEntry,
  BundleContent,
  BundleFlavor,
  ImportedFlavor,
  BundleManifest,
  Signature,
  SignatureInput,
} from './format.js';
