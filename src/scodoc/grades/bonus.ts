/**
 * Bonus sport/culture (scodoc.md §6.8, D34): a site-wide function of the student's averages in the
 * sport/culture modules; none by default. Classic: added to the general average; BUT: to every UE average.
 */
import type { BonusFunction, BonusName } from './types.js';

function pointsAbove10(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) if (x > 10) s += x - 10;
  return s;
}

/** The functions Campus offers (§6.8 table). */
export const BONUS_FUNCTIONS: Readonly<Record<BonusName, BonusFunction>> = Object.freeze({
  /** 5 % of the points above 10: Σ_{x>10} (x − 10)/20 */
  bonus_iutv: (xs) => pointsAbove10(xs) / 20,
  /** Σ x */
  bonus_direct: (xs) => xs.reduce((s, x) => s + x, 0),
  /** min(0.05·Σ_{x>10}(x − 10), 0.5) */
  bonus_iut_stdenis: (xs) => Math.min(0.05 * pointsAbove10(xs), 0.5),
  /** min(Σ_{x>10}(x − 10), 10)/20 */
  bonus_colmar: (xs) => Math.min(pointsAbove10(xs), 10) / 20,
});

/** Resolves the configured bonus; null/undefined → no bonus (D34). */
export function resolveBonus(bonus: BonusName | BonusFunction | null | undefined): BonusFunction | null {
  if (bonus === null || bonus === undefined) return null;
  if (typeof bonus === 'function') return bonus;
  const f = BONUS_FUNCTIONS[bonus];
  if (f === undefined) throw new RangeError(`unknown bonus function: ${String(bonus)}`);
  return f;
}

/**
 * Bonus per student from the averages of the sport/culture modules (NaN averages are not notes and are
 * skipped); 0 for a student without any sport note.
 */
export function computeBonus(
  sportAverages: readonly Float64Array[],
  fn: BonusFunction | null,
  n: number,
): Float64Array {
  const bonus = new Float64Array(n);
  if (fn === null || sportAverages.length === 0) return bonus;
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    xs.length = 0;
    for (const col of sportAverages) if (!Number.isNaN(col[i])) xs.push(col[i]);
    bonus[i] = xs.length > 0 ? fn(xs) : 0;
  }
  return bonus;
}
