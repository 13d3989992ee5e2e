/** min / max / mean of a population (scodoc.md §6.10): etat-I students with a numeric value only. */
import type { Stats } from './types.js';

export const EMPTY_STATS: Stats = Object.freeze({ min: Number.NaN, max: Number.NaN, moy: Number.NaN, count: 0 });

/**
 * @param values one value per student index (NaN = none)
 * @param members 1 for the students taken into account (etat-I inscrits of the module, UE or semester)
 */
export function computeStats(values: ArrayLike<number>, members: ArrayLike<number>): Stats {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!members[i] || Number.isNaN(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    count++;
  }
  return count === 0 ? EMPTY_STATS : { min, max, moy: sum / count, count };
}
