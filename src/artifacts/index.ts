/** Content-addressed artifact storage (sha256), local directory by default. */
export type { ArtifactStore, GcReport, PutResult, TreeEntry } from './contract.js';
export { assertDigest, sha256Hex } from './digest.js';
export { LocalArtifactStore } from './local-artifact-store.js';
export { resolveDigest } from './resolve-digest.js';
