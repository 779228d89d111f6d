import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';

import { BundleInvalidError, describeErrno, isMissingFile } from '../../core/index.js';

/**
 * Writes bundle files under `dir` (created; must not exist yet) via a temporary sibling and one rename, so a
 * reader never sees half a bundle.
 */
export async function writeBundleDir(dir: string, files: ReadonlyMap<string, Uint8Array>): Promise<void> {
  const temp = `${dir}.partial-${process.pid}`;
  for (const [path, bytes] of files) {
    const target = join(temp, ...path.split('/'));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, bytes);
  }
  await rename(temp, dir);
}

/** Reads every file under `dir` into a map keyed by forward-slash relative paths. */
export async function readBundleDir(dir: string): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    const problem = isMissingFile(error) ? 'the directory does not exist' : `the directory cannot be read: ${describeErrno(error)}`;
    throw BundleInvalidError({ location: dir, problem }, error);
  }
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    files.set(relative(dir, full).split(sep).join('/'), await readFile(full));
  }
  return files;
}
