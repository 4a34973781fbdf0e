/**
 * The README's library example, runnable: one weight step of the DARTS
 * supernet on Fashion-MNIST, then the same shared weights fixed to DARTS_V2.
 * Usage: npx tsx scripts/supernet-quickstart.ts [batchSize]
 */
import * as tf from '@tensorflow/tfjs';
import {
  BatchIterator,
  DARTS_SEARCH,
  createSupernet,
  dartsSplit,
  initBackend,
  loadDataset,
  namedGenotype,
  spaceByName,
} from '../src/index.js';

const batchSize = Number(process.argv[2] ?? 8);
const engine = await initBackend('auto');
const space = spaceByName('darts');
const supernet = createSupernet(space, { ...DARTS_SEARCH, channels: 8, layers: 5, inputChannels: 1 });

const train = await loadDataset('fashion-mnist', 'train');
const { train: weightsHalf } = dartsSplit(train, 0.5, 0);
const batches = new BatchIterator(weightsHalf, { batchSize, seed: 0 });

const { x, y } = batches.next();
const optimizer = tf.train.momentum(0.025, 0.9);
const loss = optimizer.minimize(
  () => tf.losses.softmaxCrossEntropy(tf.oneHot(y, 10), supernet.forward(x, { kind: 'relaxed' })) as tf.Scalar,
  true,
  supernet.weightVariables(),
);
const logits = tf.tidy(() => supernet.forward(x, { kind: 'fixed', genotype: namedGenotype('DARTS_V2') }, false));
console.log(
  `${engine.name}: ${train.name} (${train.count} images), supernet ${supernet.parameterCount()} weights, ` +
    `loss ${loss?.dataSync()[0]?.toFixed(4)}, DARTS_V2 logits ${logits.shape.join('x')}`,
);
tf.dispose([x, y, logits, loss ?? []]);
optimizer.dispose();
supernet.dispose();
