import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';

import { FileUnreadableError } from './data-errors.js';
import { fileReadError } from './file-read.js';

/**
 * Reading files the user names (data files, model files, JSON options) — regular files only. A character device
 * (`/dev/zero`, `/dev/urandom`), a FIFO, a socket or a block device is refused before a byte is read: reading one
 * may never end (or, for a FIFO, opening it may wait forever for a writer). Files are opened with `O_NONBLOCK`, so
 * opening a FIFO returns at once, and the type is checked on the opened descriptor (`fstat`), so swapping the path
 * between a check and the read changes nothing.
 */

/** `O_RDONLY | O_NONBLOCK` (no `O_NONBLOCK` on Windows, where FIFOs are not files). */
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** What a non-regular file is, in words; undefined for a regular file. */
function notRegular(info: Stats): { errno: string; reason: string } | undefined {
  if (info.isFile()) return undefined;
  if (info.isDirectory()) return { errno: 'EISDIR', reason: 'it is a directory' };
  const kind = info.isCharacterDevice()
    ? 'a character device'
    : info.isBlockDevice()
      ? 'a block device'
      : info.isFIFO()
        ? 'a FIFO (named pipe)'
        : info.isSocket()
          ? 'a socket'
          : 'not a file';
  // EFTYPE ("inappropriate file type"): what BSDs answer here; Linux has no errno for it
  return { errno: 'EFTYPE', reason: `not a regular file: ${kind}, which could be read forever` };
}

/**
 * Opens a file the user named, for reading, refusing anything but a regular file.
 * @throws MLP_DATA_FILE_NOT_FOUND; MLP_DATA_FILE_UNREADABLE with the errno (EACCES, EISDIR, …) or `EFTYPE` for a
 *   device, FIFO or socket.
 */
export async function openUserFile(path: string): Promise<{ handle: FileHandle; size: number }> {
  let handle: FileHandle;
  try {
    handle = await open(path, READ_FLAGS);
  } catch (error) {
    throw fileReadError(path, error);
  }
  try {
    const info = await handle.stat();
    const refused = notRegular(info);
    if (refused !== undefined) throw FileUnreadableError({ file: path, ...refused });
    return { handle, size: info.size };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** The bytes of a regular file the user named (see {@link openUserFile} for what is refused). */
export async function readUserFile(path: string): Promise<Buffer> {
  const { handle } = await openUserFile(path);
  try {
    return await handle.readFile();
  } catch (error) {
    throw fileReadError(path, error);
  } finally {
    await handle.close();
  }
}

/** {@link readUserFile}, synchronously. */
export function readUserFileSync(path: string): Buffer {
  let fd: number;
  try {
    fd = openSync(path, READ_FLAGS);
  } catch (error) {
    throw fileReadError(path, error);
  }
  try {
    const refused = notRegular(fstatSync(fd));
    if (refused !== undefined) throw FileUnreadableError({ file: path, ...refused });
    try {
      return readFileSync(fd);
    } catch (error) {
      throw fileReadError(path, error);
    }
  } finally {
    closeSync(fd);
  }
}
