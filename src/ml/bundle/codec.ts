import { createHash } from 'node:crypto';
import { endianness } from 'node:os';

import { assertRelativePath, BundleInvalidError, MLPILOT_VERSION } from '../../core/index.js';
import type { StateArray } from '../learner.js';
import { ARRAY_DTYPES, type ArrayDtype, BUNDLE_FLAVORS, BUNDLE_FORMAT_VERSION, type BundleContent, type BundleManifest } from './format.js';
import { parseManifest } from './manifest-schema.js';

export const MANIFEST_FILE = 'manifest.json';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function dtypeOf(array: StateArray): ArrayDtype {
  for (const [dtype, ctor] of Object.entries(ARRAY_DTYPES)) if (array instanceof ctor) return dtype as ArrayDtype;
  throw BundleInvalidError({ location: '(writer)', problem: `unsupported array type ${array.constructor.name}` });
}

function assertLittleEndian(): void {
  // Arrays are stored as raw bytes in the host order; every platform Node.js supports today is little-endian.
  if (endianness() !== 'LE') throw BundleInvalidError({ location: '(host)', problem: 'bundles need a little-endian host' });
}

/**
 * Lays a bundle out as files: `manifest.json` plus one raw little-endian `.bin` file per array. The output is a
 * pure function of the content (sorted names, fixed key order), so the same model always gives the same bytes.
 */
export function encodeBundle(content: BundleContent): Map<string, Uint8Array> {
  assertLittleEndian();
  const files = new Map<string, Uint8Array>();
  const arrays: BundleManifest['arrays'] = {};
  Object.keys(content.arrays)
    .sort()
    .forEach((name, i) => {
      const array = content.arrays[name] as StateArray;
      const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
      const file = `arrays/${i}.bin`;
      files.set(file, bytes);
      arrays[name] = { file, dtype: dtypeOf(array), length: array.length, sha256: sha256(bytes) };
    });
  const other: Record<string, string> = {};
  for (const path of Object.keys(content.files ?? {}).sort()) {
    assertRelativePath(path, `files.${path}`);
    if (path === MANIFEST_FILE || path.startsWith('arrays/')) {
      throw BundleInvalidError({ location: path, problem: 'manifest.json and arrays/ are reserved bundle paths' });
    }
    const bytes = (content.files as Record<string, Uint8Array>)[path] as Uint8Array;
    files.set(path, bytes);
    other[path] = sha256(bytes);
  }
  const manifest: BundleManifest = {
    format: 'mlpilot-bundle',
    formatVersion: BUNDLE_FORMAT_VERSION,
    flavor: content.flavor,
    createdBy: `mlpilot ${MLPILOT_VERSION}`,
    signature: content.signature,
    model: content.model,
    metrics: content.metrics ?? {},
    lineage: content.lineage ?? {},
    arrays,
    files: other,
  };
  files.set(MANIFEST_FILE, new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`));
  return files;
}

/**
 * Reads a bundle from its files, verifying everything before any number is used: the manifest's shape, the
 * format version, the flavor, every file's sha256 and every array's length. Nothing in a bundle is executed.
 * @param location where the files came from, for error messages.
 * @throws MLP_ML_BUNDLE_INVALID naming the file and the problem (hash mismatch, truncated array, unknown flavor,
 *   version too new, unlisted file).
 */
export function decodeBundle(files: ReadonlyMap<string, Uint8Array>, location: string): BundleContent & { manifest: BundleManifest } {
  assertLittleEndian();
  const raw = files.get(MANIFEST_FILE);
  if (raw === undefined) throw BundleInvalidError({ location, problem: `${MANIFEST_FILE} is missing` });
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
  } catch (error) {
    throw BundleInvalidError({ location: `${location}/${MANIFEST_FILE}`, problem: `not valid JSON (${(error as Error).message})` }, error);
  }
  const head = json as { format?: unknown; formatVersion?: unknown; flavor?: unknown };
  if (head?.format !== 'mlpilot-bundle')
    throw BundleInvalidError({ location, problem: 'not an mlpilot bundle (format is not "mlpilot-bundle")' });
  if (typeof head.formatVersion === 'number' && head.formatVersion > BUNDLE_FORMAT_VERSION) {
    throw BundleInvalidError({
      location,
      problem: `bundle format version ${head.formatVersion} is newer than this mlpilot supports (${BUNDLE_FORMAT_VERSION}); upgrade mlpilot`,
    });
  }
  if (!(BUNDLE_FLAVORS as readonly unknown[]).includes(head.flavor)) {
    throw BundleInvalidError({ location, problem: `unknown flavor ${JSON.stringify(head.flavor)}; known: ${BUNDLE_FLAVORS.join(', ')}` });
  }
  const manifest = parseManifest(json, `${location}/${MANIFEST_FILE}`);
  const listed = new Set<string>([MANIFEST_FILE]);
  const verified = (path: string, expected: string): Uint8Array => {
    try {
      assertRelativePath(path, 'file path');
    } catch (error) {
      throw BundleInvalidError(
        { location: `${location}/${MANIFEST_FILE}`, problem: `file path ${JSON.stringify(path)} is not a valid relative path` },
        error,
      );
    }
    const bytes = files.get(path);
    if (bytes === undefined)
      throw BundleInvalidError({ location: `${location}/${path}`, problem: 'file listed in the manifest is missing' });
    const actual = sha256(bytes);
    if (actual !== expected) {
      throw BundleInvalidError({
        location: `${location}/${path}`,
        problem: `sha256 mismatch: manifest says ${expected}, content is ${actual} (tampered or corrupt)`,
      });
    }
    listed.add(path);
    return bytes;
  };
  const arrays: Record<string, StateArray> = {};
  for (const [name, entry] of Object.entries(manifest.arrays)) {
    const bytes = verified(entry.file, entry.sha256);
    const ctor = ARRAY_DTYPES[entry.dtype];
    if (bytes.byteLength !== entry.length * ctor.BYTES_PER_ELEMENT) {
      throw BundleInvalidError({
        location: `${location}/${entry.file}`,
        problem: `array ${name} has ${bytes.byteLength} bytes, expected ${entry.length} × ${ctor.BYTES_PER_ELEMENT}`,
      });
    }
    // Copy into a fresh, aligned buffer: the source may be a slice of a larger buffer at any offset.
    const copy = new Uint8Array(bytes.byteLength);
    copy.set(bytes);
    arrays[name] = new ctor(copy.buffer);
  }
  const other: Record<string, Uint8Array> = {};
  for (const [path, digest] of Object.entries(manifest.files)) other[path] = verified(path, digest);
  for (const path of files.keys()) {
    if (!listed.has(path)) throw BundleInvalidError({ location: `${location}/${path}`, problem: 'file is not listed in the manifest' });
  }
  return {
    manifest,
    flavor: manifest.flavor,
    signature: manifest.signature,
    model: manifest.model,
    metrics: manifest.metrics,
    lineage: manifest.lineage,
    arrays,
    files: other,
  };
}
