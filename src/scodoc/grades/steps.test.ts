/** The per-step functions on their own, on hand-made columns (one slot per student). */
import { describe, expect, it } from 'vitest';
import { BONUS_FUNCTIONS, computeBonus, resolveBonus } from './bonus.js';
import { evaluationResult, isCounted } from './evaluation-state.js';
import { ev } from './fixtures/build-input.js';
import { generalAverageBut, generalAverageClassic } from './general-average.js';
import { applyRattrapageSession2, type EvaluationNotes, weightedMean } from './module-average.js';
import { moduleKindFromType } from './module-kind.js';
import { CODE_MISSING, encodeNote } from './note-codes.js';
import { computeStats } from './stats.js';
import { NOTES_ATTENTE, NOTES_NEUTRALISE, type StoredNote } from './types.js';

const col = (...notes: (StoredNote | undefined)[]) =>
  Float64Array.from(notes, (v) => (v === undefined ? CODE_MISSING : encodeNote(v)));
const all = (n: number) => new Uint8Array(n).fill(1);

describe('weightedMean (§6.3)', () => {
  it('works column-wise: ABS = 0, EXC/ATT/missing neutralised, non-inscrits NaN', () => {
    const evals: EvaluationNotes[] = [
      { evaluation: ev(1, 10, { coef: 1, max: 20 }), notes: col(10, null, NOTES_NEUTRALISE, 10, 8), counted: true },
      { evaluation: ev(2, 10, { coef: 3, max: 10 }), notes: col(5, 5, 5, NOTES_ATTENTE, undefined), counted: true },
    ];
    const moy = weightedMean(evals, Uint8Array.of(1, 1, 1, 1, 0), null);
    // s0: (1·10 + 3·10)/4 = 10; s1: (1·0 + 3·10)/4 = 7.5; s2: 3·10/3 = 10; s3: 10/1 = 10; s4 not inscrit
    expect(Array.from(moy)).toEqual([10, 7.5, 10, 10, Number.NaN]);
  });

  it('skips evaluations that are not counted', () => {
    const evals: EvaluationNotes[] = [
      { evaluation: ev(1, 10), notes: col(10), counted: true },
      { evaluation: ev(2, 10), notes: col(20), counted: false },
    ];
    expect(weightedMean(evals, all(1), null)[0]).toBe(10);
  });
});

describe('applyRattrapageSession2 (§6.4)', () => {
  it('rattrapage when better, then session 2 unconditionally', () => {
    const moy = Float64Array.of(8, 14, Number.NaN, 12);
    applyRattrapageSession2(
      moy,
      [
        { evaluation: ev(3, 10, { type: 1 }), notes: col(11, 11, 9, undefined), counted: false },
        { evaluation: ev(4, 10, { type: 2 }), notes: col(undefined, undefined, undefined, 6), counted: false },
      ],
      all(4),
    );
    expect(Array.from(moy)).toEqual([11, 14, 9, 6]);
  });
});

describe('evaluation state (§6.2)', () => {
  it('counted iff normal, note_max > 0 and complete or publish_incomplete', () => {
    expect(isCounted(ev(1, 10), true)).toBe(true);
    expect(isCounted(ev(1, 10), false)).toBe(false);
    expect(isCounted(ev(1, 10, { publish_incomplete: true }), false)).toBe(true);
    expect(isCounted(ev(1, 10, { max: 0 }), true)).toBe(false);
    expect(isCounted(ev(1, 10, { type: 1 }), true)).toBe(false);
  });
  it('rattrapage evaluations are always complete', () => {
    expect(evaluationResult(ev(1, 10, { type: 1 }), col(undefined, 12), all(2)).complete).toBe(true);
    expect(evaluationResult(ev(1, 10), col(undefined, 12), all(2)).complete).toBe(false);
  });
});

describe('bonus functions (§6.8)', () => {
  // sport/culture averages 16 and 13: points above 10 = 6 + 3 = 9
  const xs = [16, 13, 7];
  it('bonus_iutv: Σ(x − 10)/20 = 9/20 = 0.45', () => expect(BONUS_FUNCTIONS.bonus_iutv(xs)).toBeCloseTo(0.45, 12));
  it('bonus_direct: Σx = 36', () => expect(BONUS_FUNCTIONS.bonus_direct(xs)).toBe(36));
  it('bonus_iut_stdenis: min(0.05·9, 0.5) = 0.45; capped at 0.5', () => {
    expect(BONUS_FUNCTIONS.bonus_iut_stdenis(xs)).toBeCloseTo(0.45, 12);
    expect(BONUS_FUNCTIONS.bonus_iut_stdenis([20, 20])).toBe(0.5); // min(0.05·20, 0.5)
  });
  it('bonus_colmar: min(9, 10)/20 = 0.45; min(20, 10)/20 = 0.5', () => {
    expect(BONUS_FUNCTIONS.bonus_colmar(xs)).toBeCloseTo(0.45, 12);
    expect(BONUS_FUNCTIONS.bonus_colmar([20, 20])).toBe(0.5);
  });
  it('no bonus by default; NaN averages are not notes; unknown names rejected', () => {
    expect(resolveBonus(null)).toBeNull();
    expect(Array.from(computeBonus([Float64Array.of(16, Number.NaN)], null, 2))).toEqual([0, 0]);
    expect(Array.from(computeBonus([Float64Array.of(16, Number.NaN)], resolveBonus('bonus_iutv'), 2))).toEqual([
      0.3, 0,
    ]);
    expect(() => resolveBonus('bonus_unknown' as 'bonus_iutv')).toThrow(RangeError);
  });
});

describe('general averages (§6.7)', () => {
  it('classic: Σ moy·C / Σ C + bonus, capped at 20, NaN when inactive or Σ C = 0', () => {
    const g = generalAverageClassic(
      [
        { moy: Float64Array.of(12, 19, 10, 10), coef: Float64Array.of(2, 2, 0, 1) },
        { moy: Float64Array.of(9, 20, 10, Number.NaN), coef: Float64Array.of(1, 1, 0, 3) },
      ],
      Float64Array.of(0, 1, 0, 0),
      Uint8Array.of(1, 1, 1, 0),
    );
    // s0: (12·2 + 9·1)/3 = 33/3 = 11; s1: (19·2 + 20)/3 + 1 = 19.33 + 1 → 20; s2: Σ C = 0 → NaN; s3 inactive
    expect(Array.from(g)).toEqual([11, 20, Number.NaN, Number.NaN]);
  });
  it('BUT: ECTS-weighted, empty UE = 0 or skipped, missing ECTS → NaN, outside parcours ignored', () => {
    const ues = [
      { moy: Float64Array.of(12, 12), ects: 6, inParcours: all(2) },
      { moy: Float64Array.of(Number.NaN, 8), ects: 4, inParcours: Uint8Array.of(1, 0) },
    ];
    // s0: (6·12 + 4·0)/10 = 7.2; s1: UE2 outside parcours → 12
    expect(Array.from(generalAverageBut(ues, false, all(2)))).toEqual([7.2, 12]);
    // skipping empty UEs: s0 → 12
    expect(Array.from(generalAverageBut(ues, true, all(2)))).toEqual([12, 12]);
    expect(generalAverageBut([{ ...ues[0], ects: null }], false, all(2))[0]).toBeNaN();
  });
});

describe('computeStats (§6.10)', () => {
  it('over members with a number only', () => {
    expect(computeStats(Float64Array.of(4, Number.NaN, 10, 20), Uint8Array.of(1, 1, 1, 0))).toEqual({
      min: 4,
      max: 10,
      moy: 7,
      count: 2,
    });
  });
});

describe('moduleKindFromType', () => {
  it('maps ScoDoc module_type codes', () => {
    expect([0, 1, 2, 3, 9].map(moduleKindFromType)).toEqual(['standard', 'malus', 'ressource', 'sae', 'standard']);
  });
});
