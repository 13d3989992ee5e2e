import { describe, expect, it } from 'vitest';
import { computeRanks, rankStrings } from './ranks.js';

describe('ranks (scodoc.md §6.9, D29)', () => {
  it('shares the rank of the first of a run of equal values: 15, 14, 14, 12 → 1, 2 ex, 2 ex, 4', () => {
    expect(rankStrings([15, 14, 14, 12])).toEqual(['1', '2 ex', '2 ex', '4']);
  });

  it('keeps input positions: ranks are reported per student, not in sorted order', () => {
    // sorted: 18 (idx 2) → 1, 11 (idx 0) and 11 (idx 3) → 2 ex, 7 (idx 1) → 4
    expect(rankStrings([11, 7, 18, 11])).toEqual(['2 ex', '4', '1', '2 ex']);
  });

  it('ranks only members with a numeric value; total counts every member', () => {
    // student 1 has no average (NaN), student 3 is not etat I (not a member)
    const r = computeRanks([12, Number.NaN, 15, 19], [1, 1, 1, 0]);
    expect(r.value).toEqual(['2', '', '1', '']);
    expect(Array.from(r.rank)).toEqual([2, 0, 1, 0]);
    expect(r.total).toBe(3);
    expect(r.ranked).toBe(2);
  });

  it('uses exact double equality for ties (D29)', () => {
    // 0.1 + 0.2 !== 0.3: two distinct ranks although both print "00.30"
    expect(rankStrings([0.1 + 0.2, 0.3])).toEqual(['1', '2']);
    // a run of three at the end
    expect(rankStrings([10, 9, 9, 9])).toEqual(['1', '2 ex', '2 ex', '2 ex']);
    // all equal
    expect(rankStrings([5, 5])).toEqual(['1 ex', '1 ex']);
  });
});
