import { describe, expect, it } from 'vitest';
import { binLabel, formatInterval, formatP, formatPercent } from '@/components/dashboard/format';

describe('dashboard number formats', () => {
  it('write missing numbers as a dash', () => {
    expect(formatPercent(Number.NaN)).toBe('—');
    expect(formatInterval({ estimate: Number.NaN, low: 0, high: 1 }, 'percent')).toBe('—');
  });

  it('write intervals with their bounds, or say there is none', () => {
    expect(formatInterval({ estimate: 0.7263, low: 0.701, high: 0.75 }, 'percent')).toBe('72.6% (95% CI 70.1% to 75.0%)');
    expect(formatInterval({ estimate: 0.41234, low: Number.NaN, high: Number.NaN }, 'coefficient')).toBe('0.412 (no interval)');
    expect(formatInterval({ estimate: 1013.6, low: 980.2, high: 1044.5 }, 'rating')).toBe('1014 (95% CI 980 to 1045)');
  });

  it('write p-values readably at every size', () => {
    expect(formatP(0.0123)).toBe('p = 0.012');
    expect(formatP(9.1e-20)).toBe('p = 9.1e-20');
    expect(formatP(0)).toBe('p < 1e-300');
    expect(formatP(Number.NaN)).toBe('p not available');
  });

  it('label W bins', () => {
    expect(binLabel({ from: 0.3, to: 0.4 })).toBe('0.3–0.4');
  });
});
