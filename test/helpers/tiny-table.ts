import { runCli } from './run-cli.js';

/**
 * `nas table build` of a tiny NB201 table on the shipped subset (1 epoch,
 * 8x8 images, C=4, 120 training, 60 val and 50 test images): seconds per
 * run, for the tests of what reads a table (compare, searches on its split).
 */
export function buildTinyTable(out: string, archs: number, seeds: number): ReturnType<typeof runCli> {
  return runCli(
    'table',
    'build',
    '--space',
    'nb201',
    '--archs',
    String(archs),
    '--seeds',
    String(seeds),
    '--epochs',
    '1',
    '--data-dir',
    'embedded',
    '--image-size',
    '8',
    '--channels',
    '4',
    '--train-limit',
    '120',
    '--val-size',
    '60',
    '--test-limit',
    '50',
    '--out',
    out,
  );
}
