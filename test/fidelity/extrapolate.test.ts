import { describe, expect, it } from 'vitest';
import { NasError } from '../../src/errors.js';
import { extrapolateCurve, nelderMead, probabilityAbove } from '../../src/fidelity/index.js';

const pow3 = (c: number, a: number, alpha: number) => Array.from({ length: 20 }, (_, i) => 100 * (c - a * (i + 1) ** -alpha));

describe('learning-curve extrapolation', () => {
  it('Nelder-Mead finds the minimum of a shifted quadratic', () => {
    const p = nelderMead(([x, y]) => (x! - 3) ** 2 + 2 * (y! + 1) ** 2, [0, 0], 400);
    expect(p[0]).toBeCloseTo(3, 3);
    expect(p[1]).toBeCloseTo(-1, 3);
  });

  it('predicts the end of a power-law curve from its first 6 of 20 epochs within 2 points, and keeps two curves in order', () => {
    const low = pow3(0.8, 0.4, 0.8);
    const high = pow3(0.9, 0.4, 0.8);
    const [pl, ph] = [extrapolateCurve(low.slice(0, 6), 20), extrapolateCurve(high.slice(0, 6), 20)];
    expect(Math.abs(pl.mean - low[19]!)).toBeLessThan(2);
    expect(Math.abs(ph.mean - high[19]!)).toBeLessThan(2);
    expect(ph.mean).toBeGreaterThan(pl.mean + 5);
    expect(pl.std).toBeGreaterThan(0);
    expect(pl.families.reduce((s, f) => s + f.weight, 0)).toBeCloseTo(1, 9);
  });

  it('gives P(final > threshold) falling with the threshold, one half at its mean', () => {
    const p = extrapolateCurve(pow3(0.85, 0.4, 0.8).slice(0, 5), 20);
    expect(probabilityAbove(p, p.mean)).toBeCloseTo(0.5, 6);
    expect(probabilityAbove(p, p.mean - 2 * p.std)).toBeGreaterThan(0.97);
    expect(probabilityAbove(p, p.mean + 2 * p.std)).toBeLessThan(0.03);
  });

  it('refuses an empty curve and a target before its end in one line', () => {
    expect(() => extrapolateCurve([], 5)).toThrow(NasError);
    expect(() => extrapolateCurve([50, 60, 70], 2)).toThrow(/cannot extrapolate 3 epochs to 2/);
  });
});
