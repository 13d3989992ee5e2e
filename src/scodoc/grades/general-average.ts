/**
 * General average (scodoc.md §6.7): classic from UE averages weighted by C(s,u) plus the bonus sport/culture;
 * BUT ECTS-weighted (indicative; the bonus is already in the UE averages).
 */

export interface ClassicUeTerm {
  readonly moy: Float64Array;
  /** C(s,u) per student: Σ c_m of the UE's modules with a number, or the UE coefficient (`use_ue_coefs`). */
  readonly coef: Float64Array;
}

/**
 * Classic (§6.7): Σ_u moy_ue·C / Σ_u C over UEs with a number, + bonus, then min(·, 20). NaN when Σ C = 0 or
 * the student is not `active` (D/DEF, or the formsemestre has `block_moyennes`).
 */
export function generalAverageClassic(
  ues: readonly ClassicUeTerm[],
  bonus: Float64Array,
  active: Uint8Array,
): Float64Array {
  const n = active.length;
  const num = new Float64Array(n);
  const den = new Float64Array(n);
  for (const { moy, coef } of ues) {
    for (let i = 0; i < n; i++) {
      const v = moy[i];
      const c = coef[i];
      if (Number.isNaN(v) || !(c > 0)) continue;
      num[i] += v * c;
      den[i] += c;
    }
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = active[i] && den[i] > 0 ? Math.min(num[i] / den[i] + bonus[i], 20) : Number.NaN;
  }
  return out;
}

export interface ButUeTerm {
  readonly moy: Float64Array;
  /** The UE's ECTS; null/undefined → general average NaN for students having this UE (§6.7, D32). */
  readonly ects: number | null | undefined;
  /** 1 when the UE belongs to the student's parcours. */
  readonly inParcours: Uint8Array;
}

/**
 * BUT (§6.7, D32): Σ_u ects_u·moy_ue / Σ_u ects_u over the (non-sport) UEs of the student's parcours; a UE
 * without average counts as 0 unless `skipEmpty` (`but_moy_skip_empty_ues`); any UE without ECTS → NaN.
 */
export function generalAverageBut(ues: readonly ButUeTerm[], skipEmpty: boolean, active: Uint8Array): Float64Array {
  const n = active.length;
  const num = new Float64Array(n);
  const den = new Float64Array(n);
  const missingEcts = new Uint8Array(n);
  for (const { moy, ects, inParcours } of ues) {
    for (let i = 0; i < n; i++) {
      if (!inParcours[i]) continue;
      if (ects === null || ects === undefined) {
        missingEcts[i] = 1;
        continue;
      }
      const v = moy[i];
      if (Number.isNaN(v)) {
        if (skipEmpty) continue;
        den[i] += ects; // counts as 0
      } else {
        num[i] += ects * v;
        den[i] += ects;
      }
    }
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = active[i] && !missingEcts[i] && den[i] > 0 ? num[i] / den[i] : Number.NaN;
  }
  return out;
}
