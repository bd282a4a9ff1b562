import { median } from '../table.ts';

export interface Summary {
  n: number;
  median: number;
  p90: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile (p90 of 10 values is the 9th smallest). */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function summarize(values: number[]): Summary {
  if (values.length === 0) return { n: 0, median: NaN, p90: NaN, min: NaN, max: NaN };
  return { n: values.length, median: median(values), p90: percentile(values, 90), min: Math.min(...values), max: Math.max(...values) };
}
