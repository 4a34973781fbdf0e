import type { Dataset, Split } from '../data/api.js';
import { isGzip } from '../data/gzip-magic.js';
import { IDX_FILES, idxDataset } from '../data/idx-dataset.js';
import { parseIdx } from '../data/read-idx.js';
import { NasError } from '../errors.js';

/** Gunzip in the browser (and Node 18+): the Compression Streams API, no library. */
async function gunzip(bytes: Uint8Array<ArrayBuffer>, url: string): Promise<Uint8Array> {
  try {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (error) {
    throw new NasError(`${url}: corrupt gzip data (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** A data file's bytes from `base/name.gz`, else `base/name` (as the Node loader prefers the gzipped file), gunzipped by content. */
async function fetchDataFile(base: string, name: string): Promise<{ url: string; bytes: Uint8Array }> {
  const tried: string[] = [];
  for (const file of [`${name}.gz`, name]) {
    const url = `${base.replace(/\/$/, '')}/${file}`;
    tried.push(url);
    const response = await fetch(url);
    if (!response.ok) continue;
    const raw = new Uint8Array(await response.arrayBuffer());
    return { url, bytes: isGzip(raw) ? await gunzip(raw, url) : raw };
  }
  throw new NasError(`${tried.join(' or ')}: not found`);
}

/**
 * One split of an MNIST-format data set (e.g. the Fashion-MNIST subset the
 * package ships in data/fashion-mnist-subset) fetched from `base`, a URL
 * relative to the page or absolute: the browser's counterpart of
 * `loadIdxDataset`, with the same parsing and checks (`parseIdx`,
 * `idxDataset`).
 */
export async function fetchIdxDataset(base: string, split: Split, name = 'fashion-mnist'): Promise<Dataset> {
  // One after the other, so a missing or broken file is reported the same way every time.
  const images = await fetchDataFile(base, IDX_FILES[split].images);
  const labels = await fetchDataFile(base, IDX_FILES[split].labels);
  return idxDataset(`${name}/${split}`, parseIdx(images.bytes, 3, images.url), parseIdx(labels.bytes, 1, labels.url), {
    images: images.url,
    labels: labels.url,
  });
}
