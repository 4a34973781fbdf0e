import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { NasError } from '../errors.js';
import { systemErrorCode, systemErrorReason } from './system-error.js';

/**
 * Codes with which opening or fsyncing a directory fails where the platform or
 * file system cannot do it (Windows, some network and FUSE mounts, a directory
 * without read permission). The rename is already done then, so the file is
 * complete; only its durability across a power cut is not guaranteed.
 */
const DIRECTORY_SYNC_UNSUPPORTED = new Set(['EISDIR', 'EPERM', 'EACCES', 'EINVAL', 'ENOTSUP', 'EBADF']);

/**
 * A fresh temporary name next to `path`: the same directory, so the final
 * rename stays on one file system and is atomic; pid and random suffix, so
 * concurrent writers (two runs, or a SIGINT during an epoch write) never share it.
 */
function tempPath(path: string): string {
  return `${path}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
}

/** The one-line error for a failed write of `path`; errors that are not the OS's are bugs and pass through. */
function writeError(path: string, error: unknown): unknown {
  const reason = systemErrorReason(error);
  return reason === null ? error : new NasError(`cannot write ${path}: ${reason}`);
}

/** Run a clean-up step after a failed write: the write's error is the one to report, not the clean-up's. */
function quietly(step: () => void): void {
  try {
    step();
  } catch {
    // Reported instead: the error that made the clean-up necessary.
  }
}

function ignoresDirectorySync(error: unknown): boolean {
  return process.platform === 'win32' || DIRECTORY_SYNC_UNSUPPORTED.has(systemErrorCode(error) ?? '');
}

async function syncDirectory(path: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dirname(path), 'r');
    await handle.sync();
  } catch (error) {
    if (!ignoresDirectorySync(error)) throw writeError(path, error);
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

function syncDirectorySync(path: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dirname(path), 'r');
    fsyncSync(fd);
  } catch (error) {
    if (!ignoresDirectorySync(error)) throw writeError(path, error);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Write `data` to `path` so that `path` is at every moment either its old
 * content or the complete new one, never a prefix: write a temporary file in
 * the same directory, fsync it, rename it over `path` (atomic on POSIX and
 * NTFS), then fsync the directory so the rename itself survives a power cut.
 * A run killed mid-write (out of memory, a second Ctrl-C, a full disk) thus
 * leaves the previous checkpoint loadable. On failure the temporary file is
 * removed and the error is one line: `cannot write <path>: <OS reason> (<CODE>)`.
 *
 * Every file the toolkit writes for later reading (checkpoints, genotypes,
 * results) goes through this or {@link writeFileAtomicSync}; append-only logs
 * do not need it.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temp = tempPath(path);
  let handle: FileHandle | undefined;
  try {
    handle = await open(temp, 'wx');
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temp, path);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(temp, { force: true }).catch(() => undefined);
    throw writeError(path, error);
  }
  await syncDirectory(path);
}

/**
 * The synchronous twin of {@link writeFileAtomic}, with the same guarantees,
 * for the SIGINT handler: the process may exit as soon as the handler returns,
 * so the final checkpoint cannot wait on the event loop.
 */
export function writeFileAtomicSync(path: string, data: string | Uint8Array): void {
  const temp = tempPath(path);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx');
    writeFileSync(fd, data);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
  } catch (error) {
    const leftOpen = fd;
    if (leftOpen !== undefined) quietly(() => closeSync(leftOpen));
    quietly(() => rmSync(temp, { force: true }));
    throw writeError(path, error);
  }
  syncDirectorySync(path);
}
