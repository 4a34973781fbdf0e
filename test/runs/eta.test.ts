import { describe, expect, it } from 'vitest';
import { StepEta } from '../../src/runs/eta.js';

describe('StepEta', () => {
  it('uses the fallback rate until this process has timed a step past its first', () => {
    const eta = new StepEta();
    expect(eta.etaMs(10, 500)).toBe(5000);
    eta.add(9000); // warm-up: left out
    expect(eta.etaMs(10, 500)).toBe(5000);
    eta.add(100);
    eta.add(300);
    expect(eta.etaMs(10, 500)).toBe(2000);
  });
});
