/**
 * What the morphisms need to know about the built-in ops (src/ops/registry.ts).
 * Only ops listed here take part; others make a morphism not apply.
 */

/** Each op's next larger version: same structure, bigger kernels (replace-op). */
export const LARGER_OP: Readonly<Record<string, string>> = {
  nor_conv_1x1: 'nor_conv_3x3',
  conv_1x1: 'conv_3x3',
  conv_3x3: 'conv_5x5',
  sep_conv_3x3: 'sep_conv_5x5',
  dil_conv_3x3: 'dil_conv_5x5',
};

/**
 * The BatchNorm that ends each weighted op (its parameters' path inside the
 * op): with its scale and shift zero the op outputs zeros whatever the batch,
 * so a new edge carrying it changes nothing (NASH, Elsken et al. 2017).
 */
export const OUTPUT_BN: Readonly<Record<string, string>> = {
  nor_conv_1x1: 'bn',
  nor_conv_3x3: 'bn',
  conv_1x1: 'bn',
  conv_3x3: 'bn',
  conv_5x5: 'bn',
  dil_conv_3x3: 'bn',
  dil_conv_5x5: 'bn',
  sep_conv_3x3: '1.bn',
  sep_conv_5x5: '1.bn',
};

/** Ops whose first step is a ReLU: relu(relu(x)) = relu(x) is what makes deepening exact (Net2DeeperNet). */
export const RELU_FIRST: ReadonlySet<string> = new Set(Object.keys(OUTPUT_BN));

/** ReLU-Conv-BN ops (`conv`, `bn`): a plain conv whose output channels can be duplicated (widen) or set to identity (deepen). */
export const RELU_CONV_BN: ReadonlySet<string> = new Set(['nor_conv_1x1', 'nor_conv_3x3', 'conv_1x1', 'conv_3x3', 'conv_5x5']);
