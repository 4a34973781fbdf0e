import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.js';
import { checkGradient, gradientCases } from '../../src/kernels/check/index.js';

// Every training kernel and gradient the toolkit registers, over the issue's
// geometry grid, against the cpu backend (dilation folded into the filter there).
const TOLERANCE = 1e-4;

describe.each(['wasm', 'cpu'] as const)('gradients on %s', (backend) => {
  beforeAll(async () => {
    await initBackend(backend);
  });

  // On cpu only cases with an independent reference say anything.
  const cases = gradientCases('full').filter(
    (c) => (backend === 'wasm' || c.reference !== undefined) && (c.backends ?? [backend]).includes(backend),
  );

  it.each(cases.map((c) => [`${c.op} ${c.label}`, c] as const))('%s', async (_, c) => {
    for (const result of await checkGradient(c, backend)) {
      expect(result.relError, `${result.kernel} (${result.input})`).toBeLessThan(TOLERANCE);
    }
  });
});
