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
  const order: number[] = [];
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (!members[i]) continue;
    total++;
    if (!Number.isNaN(values[i])) order.push(i);
  }
  // Stable sort, descending; students of equal value keep their input order (they share the rank anyway).
  order.sort((a, b) => values[b] - values[a]);
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    if (k > 0 && values[order[k - 1]] === values[i]) {
      // D29: exact equality; the run shares the rank of its first member.
      rank[i] = rank[order[k - 1]];
      tied[i] = 1;
      tied[order[k - 1]] = 1;
    } else {
      rank[i] = k + 1;
    }
  }
  const value: string[] = new Array(n);
  for (let i = 0; i < n; i++) value[i] = fmtRank(rank[i], tied[i] === 1);
  return { rank, tied, value, total, ranked: order.length };
}

/** Convenience for a plain list where everyone is a member: `[15, 14, 14, 12]` → `["1", "2 ex", "2 ex", "4"]`. */
export function rankStrings(values: readonly number[]): string[] {
  return computeRanks(values, new Uint8Array(values.length).fill(1)).value as string[];
}
