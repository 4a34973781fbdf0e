import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { NasError, firstLine } from '../errors.js';
import { isGzip } from './gzip-magic.js';

export { isGzip } from './gzip-magic.js';

const gunzipAsync = promisify(gunzip);

/**
 * A data file's bytes, gunzipped when they are gzip. A missing file or a
 * corrupt stream is a one-line NasError naming the file.
 */
export async function readDataFile(file: string): Promise<Uint8Array> {
  if (!existsSync(file)) throw new NasError(`${file}: file not found`);
  const raw = await readFile(file).catch((error: unknown) => {
    throw new NasError(`${file}: cannot read (${firstLine(error)})`);
  });
  if (!isGzip(raw)) return new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  try {
    const out = await gunzipAsync(raw);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (error) {
    throw new NasError(`${file}: corrupt gzip data (${firstLine(error)})`);
  }
}

/**
 * The path of `base` in `dir`, preferring `base.gz` over the raw file (the
 * distributed IDX files are gzipped; unpacked copies are common too). A file
 * with neither form is a one-line NasError.
 */
export function findDataFile(dir: string, base: string): string {
  for (const name of [`${base}.gz`, base]) {
    const file = join(dir, name);
    if (existsSync(file)) return file;
  }
  throw new NasError(`${join(dir, base)}(.gz): file not found`);
}
