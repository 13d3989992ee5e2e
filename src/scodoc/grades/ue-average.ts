/**
 * UE averages: classic (scodoc.md §6.5) from module coefficients, BUT (§6.6) from the module × UE
 * coefficient matrix; then malus, bonus (BUT), clipping and capitalisation.
 */

/** A module's contribution to a UE: its average toward that UE and its weight (c_m classic, K_{u,m} BUT). */
export interface UeModuleTerm {
  readonly moy: Float64Array;
  readonly coef: number;
}

export interface UeAverage {
  readonly moy: Float64Array;
  /** Σ of the weights of the modules with a number (classic C(s,u), §6.7). */
  readonly coef: Float64Array;
  readonly malus: Float64Array;
}

function clip20(x: number): number {
  return Math.min(Math.max(x, 0), 20);
}

/**
 * Σ coef·moy / Σ coef over the modules where the student has a number (NaN and not inscribed skipped);
 * NaN when the denominator is 0. Same formula for classic (§6.5, coef = c_m) and BUT (§6.6, coef = K_{u,m};
 * a student not inscribed to a module has NaN there, so I(s,m) = 0).
 */
export function weightedUeMean(terms: readonly UeModuleTerm[], n: number): { moy: Float64Array; coef: Float64Array } {
  const num = new Float64Array(n);
  const den = new Float64Array(n);
  for (const { moy, coef } of terms) {
    if (!(coef > 0)) continue;
    for (let i = 0; i < n; i++) {
      const v = moy[i];
      if (Number.isNaN(v)) continue;
      num[i] += coef * v;
      den[i] += coef;
    }
  }
  const moy = new Float64Array(n);
  for (let i = 0; i < n; i++) moy[i] = den[i] > 0 ? num[i] / den[i] : Number.NaN;
  return { moy, coef: den };
}

/** Σ of the malus modules' averages of the UE where the student has a number (0 otherwise). */
export function sumMalus(malusModules: readonly Float64Array[], n: number): Float64Array {
  const malus = new Float64Array(n);
  for (const col of malusModules) {
    for (let i = 0; i < n; i++) if (!Number.isNaN(col[i])) malus[i] += col[i];
  }
  return malus;
}

/**
 * Classic UE average (scodoc.md §6.5): module-coefficient-weighted mean of the standard modules, minus the
 * UE's malus, clipped to [0, 20].
 */
export function ueAverageClassic(
  modules: readonly UeModuleTerm[],
  malusModules: readonly Float64Array[],
  n: number,
): UeAverage {
  const { moy, coef } = weightedUeMean(modules, n);
  const malus = sumMalus(malusModules, n);
  for (let i = 0; i < n; i++) if (!Number.isNaN(moy[i])) moy[i] = clip20(moy[i] - malus[i]);
  return { moy, coef, malus };
}

/**
 * BUT UE average (scodoc.md §6.6): K-weighted mean of moy(s,m,u), minus malus, plus bonus, clipped to
 * [0, 20]; NaN for students whose parcours does not include the UE (`inParcours[i] = 0`).
 */
export function ueAverageBut(
  modules: readonly UeModuleTerm[],
  malusModules: readonly Float64Array[],
  bonus: Float64Array,
  inParcours: Uint8Array,
  n: number,
): UeAverage {
  const { moy, coef } = weightedUeMean(modules, n);
  const malus = sumMalus(malusModules, n);
  for (let i = 0; i < n; i++) {
    if (!inParcours[i]) moy[i] = Number.NaN;
    else if (!Number.isNaN(moy[i])) moy[i] = clip20(moy[i] - malus[i] + bonus[i]);
  }
  return { moy, coef, malus };
}

/**
 * Capitalisation (scodoc.md §6.6): a UE validated earlier with a better recorded average replaces the
 * semester's one (also when the semester has none). Returns the final averages and which were replaced.
 */
export function applyCapitalisation(
  moy: Float64Array,
  capitalised: ReadonlyMap<number, number>,
): { moy: Float64Array; capitalisee: Uint8Array } {
  const out = Float64Array.from(moy);
  const flags = new Uint8Array(moy.length);
  for (const [i, cap] of capitalised) {
    if (Number.isNaN(cap)) continue;
    if (Number.isNaN(out[i]) || cap > out[i]) {
      out[i] = cap;
      flags[i] = 1;
    }
  }
  return { moy: out, capitalisee: flags };
}
