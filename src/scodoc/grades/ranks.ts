/**
 * Ranks with ties (scodoc.md §6.9, D29): averages sorted descending; equal values (exact double equality)
 * share the rank of the first of their run, written "<k> ex"; only etat-I students with a numeric value are
 * ranked, the others get "". The same function ranks the promotion, a group, a UE or a module.
 */
import { fmtRank } from './format-note.js';
import type { RankResult } from './types.js';

/**
 * @param values one value per student index (NaN = no value)
 * @param members 1 for the etat-I students of the population (promotion or group), 0 otherwise
 */
export function computeRanks(values: ArrayLike<number>, members: ArrayLike<number>): RankResult {
  const n = values.length;
  const rank = new Int32Array(n);
  const tied = new Uint8Array(n);
  let total = 0;
  let ranked = 0;
  const sorted = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (!members[i]) continue;
    total++;
    if (!Number.isNaN(values[i])) sorted[ranked++] = values[i];
  }
  // Native numeric sort (ascending) of the ranked values; then, for each student, rank = 1 + number of
  // strictly greater values and the rank is shared when the value occurs more than once (D29: exact
  // equality). Same result as walking the descending list, without a comparator.
  const s = sorted.subarray(0, ranked).sort();
  for (let i = 0; i < n; i++) {
    if (!members[i]) continue;
    const v = values[i];
    if (Number.isNaN(v)) continue;
    let lo = 0;
    let hi = ranked;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (s[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    const first = lo; // first index with s[k] >= v
    lo = first;
    hi = ranked;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (s[mid] <= v) lo = mid + 1;
      else hi = mid;
    }
    rank[i] = ranked - lo + 1;
    tied[i] = lo - first > 1 ? 1 : 0;
  }
  const value: string[] = new Array(n);
  for (let i = 0; i < n; i++) value[i] = fmtRank(rank[i], tied[i] === 1);
  return { rank, tied, value, total, ranked };
}

/** Convenience for a plain list where everyone is a member: `[15, 14, 14, 12]` → `["1", "2 ex", "2 ex", "4"]`. */
export function rankStrings(values: readonly number[]): string[] {
  return computeRanks(values, new Uint8Array(values.length).fill(1)).value as string[];
}
