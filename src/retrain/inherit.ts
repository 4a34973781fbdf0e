import * as tf from '@tensorflow/tfjs';
import { NasError } from '../errors.js';
import { openFinishedRun } from '../runs/finished-run.js';
import type { FixedNetwork } from '../supernet/index.js';
import type { RetrainConfig } from './config.js';

/**
 * Weight inheritance: copy the shared weights of a search run's supernet
 * (its `checkpoint.nas`, opened by `openFinishedRun`) into the retrained network, tensor by tensor under
 * the same names (the supernet and the stand-alone network name ops alike).
 * Tensors only the retrained network has (affine BatchNorm scale/shift, the
 * auxiliary head) keep their initial values, which for BatchNorm (scale 1,
 * shift 0) is what the search's non-affine BatchNorm computed. The network
 * must be the search's size. A chain genotype's layers narrower than the
 * supernet's widest width take the leading slices of its channel-masked
 * weights: what the search ran for a width choice (exactly, for convolutions
 * and pools; a separable conv narrowed at its input keeps the first of its
 * inner channels). Returns how many tensors were copied.
 */
export async function inheritWeights(dir: string, config: RetrainConfig, net: FixedNetwork): Promise<number> {
  const run = openFinishedRun(dir, `--inherit ${dir}`);
  const search = run.config;
  if (search.space !== config.space)
    throw new NasError(`--inherit ${dir}: the search ran on space '${search.space}', the genotype is of '${config.space}'`);
  const s = search.skeleton;
  const r = config.skeleton;
  const size = (k: typeof s) =>
    k.kind === 'darts'
      ? `C=${k.channels}, ${k.layers} cells`
      : k.kind === 'nb201'
        ? `C=${k.channels}, ${k.cellsPerStage} cells per stage`
        : k.kind === 'hierarchical'
          ? `C=${k.channels}, ${k.cellsPerStage} cells per stage`
          : k.kind;
  if (s.kind !== r.kind || size(s) !== size(r)) {
    throw new NasError(
      `--inherit ${dir}: the supernet is ${size(s)}, the network to retrain ${size(r)}; retrain at the search's size (--channels/--layers)`,
    );
  }
  const k = search.partialChannels ?? 1;
  if (k > 1) {
    // PC-DARTS (Xu et al. 2020) trains each op on C/K channels of its edge; those weights cannot fill a full-width op.
    throw new NasError(
      `--inherit ${dir}: a PC-DARTS search (K=${k}) trained its ops on 1/${k} of each edge's channels, which do not fit a full-width network; retrain from scratch`,
    );
  }
  // Built as the search built it (supernetFromConfig), so the checkpoint's shapes fit.
  const supernet = run.loadSupernet({ recomputeCells: false });
  try {
    // The supernet's own names, without its 'weight.' / 'buffer.' prefixes.
    const source = new Map(
      supernet.namedTensors().flatMap(([name, v]) => (name.startsWith('alpha.') ? [] : [[name.slice(name.indexOf('.') + 1), v] as const])),
    );
    let copied = 0;
    for (const [name, target] of [...net.network.namedParameters(), ...net.network.namedBuffers()]) {
      const value = source.get(name);
      if (value === undefined) continue;
      if (value.shape.join() === target.shape.join()) target.assign(value);
      else if (s.kind === 'chain' && leadingSlice(value.shape, target.shape)) assignLeading(target, value);
      else throw new NasError(`--inherit ${dir}: weight '${name}' is [${value.shape}] in the supernet, [${target.shape}] here`);
      copied++;
    }
    if (copied === 0) throw new NasError(`--inherit ${dir}: no weight of the supernet matches the network`);
    return copied;
  } finally {
    supernet.dispose();
  }
}

/** Whether `part` fits in the leading corner of `whole` (same rank, no dimension larger). */
function leadingSlice(whole: readonly number[], part: readonly number[]): boolean {
  return whole.length === part.length && part.every((n, i) => n <= whole[i]!);
}

/** `target` := the leading corner of `source`, of `target`'s shape. */
function assignLeading(target: tf.Variable, source: tf.Tensor): void {
  tf.tidy(() =>
    target.assign(
      tf.slice(
        source,
        source.shape.map(() => 0),
        target.shape,
      ),
    ),
  );
}
