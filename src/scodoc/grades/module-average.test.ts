import { describe, expect, it } from 'vitest';
import { computeFormsemestre } from './compute-formsemestre.js';
import { ev, sem } from './fixtures/build-input.js';
import { fmtNote } from './format-note.js';
import { poidsOf } from './module-average.js';
import { type FormsemestreResults, NOTES_ATTENTE, NOTES_NEUTRALISE, type StoredNote } from './types.js';

const UE = { id: 1, type: 0 };
const MOD = { moduleimpl_id: 10, kind: 'standard' as const, ue_id: 1, coefficient: 1 };

/** Module 10's average of `etudid` in a classic semester. */
function moy(res: FormsemestreResults, etudid: number, moduleimpl = 10): number {
  return res.modules.get(moduleimpl)!.moy[res.index.get(etudid)!];
}

/** Three evaluations: A coef 1 on /20, B coef 2 on /10, C coef 3 on /40. */
function threeEvals(a: StoredNote, b: StoredNote, c: StoredNote) {
  return computeFormsemestre(
    sem({
      ues: [UE],
      modules: [MOD],
      evaluations: [ev(1, 10, { coef: 1, max: 20 }), ev(2, 10, { coef: 2, max: 10 }), ev(3, 10, { coef: 3, max: 40 })],
      notes: { 1: { 7: a }, 2: { 7: b }, 3: { 7: c } },
      etudiants: [7],
    }),
  );
}

describe('module average (scodoc.md §6.2–§6.3)', () => {
  it('weights evaluations by coefficient and scales each note to /20', () => {
    // A 12/20 → 12; B 5/10 → 10; C 30/40 → 15
    // (1·12 + 2·10 + 3·15) / (1 + 2 + 3) = (12 + 20 + 45) / 6 = 77/6 = 12.8333…
    const res = threeEvals(12, 5, 30);
    expect(moy(res, 7)).toBeCloseTo(77 / 6, 12);
    expect(fmtNote(moy(res, 7))).toBe('12.83');
  });

  it('counts ABS as 0', () => {
    // (1·0 + 2·10 + 3·15) / 6 = 65/6 = 10.8333…
    expect(moy(threeEvals(null, 5, 30), 7)).toBeCloseTo(65 / 6, 12);
  });

  it('excludes EXC from numerator and denominator', () => {
    // (2·10 + 3·15) / (2 + 3) = 65/5 = 13
    expect(moy(threeEvals(NOTES_NEUTRALISE, 5, 30), 7)).toBe(13);
  });

  it('neutralises ATT and marks the module "en attente"', () => {
    // (2·10 + 3·15) / 5 = 13, the module waits for A
    const res = threeEvals(NOTES_ATTENTE, 5, 30);
    expect(moy(res, 7)).toBe(13);
    expect(res.modules.get(10)!.en_attente).toBe(true);
    expect(res.modules.get(10)!.etud_attente[0]).toBe(1);
    expect(res.en_attente).toBe(true);
    expect(threeEvals(12, 5, 30).en_attente).toBe(false);
  });

  it('is NaN ("~") when no evaluation gives a number or ABS', () => {
    const res = threeEvals(NOTES_NEUTRALISE, NOTES_NEUTRALISE, NOTES_ATTENTE);
    expect(moy(res, 7)).toBeNaN();
    expect(fmtNote(moy(res, 7))).toBe('~');
  });

  it('ignores an incomplete evaluation unless publish_incomplete; then a missing note is neutralised', () => {
    const build = (publish_incomplete: boolean) =>
      computeFormsemestre(
        sem({
          ues: [UE],
          modules: [MOD],
          evaluations: [ev(1, 10, { coef: 1 }), ev(2, 10, { coef: 3, publish_incomplete })],
          // evaluation 2: student 8 has no note → incomplete
          notes: { 1: { 7: 10, 8: 14 }, 2: { 7: 18 } },
          etudiants: [7, 8],
        }),
      );
    const hidden = build(false);
    expect(hidden.evaluations.get(2)!.complete).toBe(false);
    expect(hidden.evaluations.get(2)!.counted).toBe(false);
    expect(hidden.evaluations.get(2)!.nb_manquantes).toBe(1);
    expect(moy(hidden, 7)).toBe(10); // only evaluation 1
    expect(moy(hidden, 8)).toBe(14);
    const shown = build(true);
    // student 7: (1·10 + 3·18) / 4 = 64/4 = 16; student 8: no note in 2 → neutralised → 14
    expect(moy(shown, 7)).toBe(16);
    expect(moy(shown, 8)).toBe(14);
    expect(shown.modules.get(10)!.nb_valid_evals).toBe(2);
  });

  it('completeness only looks at etat-I inscrits of the module (§6.2)', () => {
    const res = computeFormsemestre(
      sem({
        ues: [UE],
        modules: [MOD],
        evaluations: [ev(1, 10)],
        // 8 is démissionnaire, 9 is not inscribed to the module: neither needs a note
        notes: { 1: { 7: 11 } },
        etudiants: [7, [8, 'D'], 9],
        inscrits: { 10: [7, 8] },
      }),
    );
    expect(res.evaluations.get(1)!.complete).toBe(true);
    expect(res.evaluations.get(1)!.nb_inscrits).toBe(1);
    expect(moy(res, 7)).toBe(11);
    expect(moy(res, 8)).toBeNaN(); // D: no averages
    expect(moy(res, 9)).toBeNaN(); // not inscribed
  });

  it('never counts an evaluation with note_max 0 or a non-normal type in the mean', () => {
    const res = computeFormsemestre(
      sem({
        ues: [UE],
        modules: [MOD],
        evaluations: [ev(1, 10), ev(2, 10, { max: 0 }), ev(3, 10, { type: 1 }), ev(4, 10, { type: 2 })],
        notes: { 1: { 7: 11 }, 2: { 7: 0 }, 3: { 7: null }, 4: { 7: NOTES_NEUTRALISE } },
        etudiants: [7],
      }),
    );
    expect(res.evaluations.get(2)!.counted).toBe(false);
    expect(res.evaluations.get(3)!.counted).toBe(false);
    expect(moy(res, 7)).toBe(11); // ABS rattrapage and EXC session 2 are ignored (§6.4)
  });
});

describe('rattrapage and session 2 (scodoc.md §6.4, D31)', () => {
  /** Normal evaluation 1 (coef 1) and the extra evaluations given, for students 7 and 8. */
  function withExtra(
    normal: Record<number, StoredNote>,
    extra: { id: number; type: 1 | 2; date?: string; max?: number; notes: Record<number, StoredNote> }[],
  ) {
    const notes: Record<number, Record<number, StoredNote>> = { 1: normal };
    for (const x of extra) notes[x.id] = x.notes;
    return computeFormsemestre(
      sem({
        ues: [UE],
        modules: [MOD],
        evaluations: [ev(1, 10), ...extra.map((x) => ev(x.id, 10, { type: x.type, date: x.date, max: x.max }))],
        notes,
        etudiants: [7, 8],
      }),
    );
  }

  it('rattrapage replaces the average only when better', () => {
    // 7: 8 then rattrapage 12 → max(8, 12) = 12; 8: 14 then rattrapage 12 → max(14, 12) = 14
    const res = withExtra({ 7: 8, 8: 14 }, [{ id: 2, type: 1, notes: { 7: 12, 8: 12 } }]);
    expect(moy(res, 7)).toBe(12);
    expect(moy(res, 8)).toBe(14);
  });

  it('rattrapage on /40 is scaled, a NaN average takes it, ABS in rattrapage is ignored', () => {
    // 7: EXC → NaN, rattrapage 22/40 = 11 → 11; 8: 6, rattrapage ABS → 6
    const res = withExtra({ 7: NOTES_NEUTRALISE, 8: 6 }, [{ id: 2, type: 1, max: 40, notes: { 7: 22, 8: null } }]);
    expect(moy(res, 7)).toBe(11);
    expect(moy(res, 8)).toBe(6);
  });

  it('several rattrapages: the best note counts (D31)', () => {
    // 7: 8, rattrapages 9 and 13 → 13
    const res = withExtra({ 7: 8, 8: 10 }, [
      { id: 2, type: 1, notes: { 7: 13 } },
      { id: 3, type: 1, notes: { 7: 9 } },
    ]);
    expect(moy(res, 7)).toBe(13);
    expect(moy(res, 8)).toBe(10);
  });

  it('session 2 replaces the average even when lower; ABS in session 2 leaves it', () => {
    // 7: 14 then session 2 9 → 9; 8: 14 then session 2 ABS → 14
    const res = withExtra({ 7: 14, 8: 14 }, [{ id: 2, type: 2, notes: { 7: 9, 8: null } }]);
    expect(moy(res, 7)).toBe(9);
    expect(moy(res, 8)).toBe(14);
  });

  it('several session-2 evaluations: the latest date_debut wins (D31), rattrapage applied before', () => {
    // 7: 8 → rattrapage 15 → 15 → session 2 of 2024-07-01 (11) then of 2024-06-20 (17): latest = 11
    const res = withExtra({ 7: 8, 8: 8 }, [
      { id: 4, type: 2, date: '2024-07-01', notes: { 7: 11 } },
      { id: 3, type: 2, date: '2024-06-20', notes: { 7: 17, 8: 16 } },
      { id: 2, type: 1, notes: { 7: 15 } },
    ]);
    expect(moy(res, 7)).toBe(11);
    // 8 has no note in the latest one: its latest numeric session-2 note (16) counts
    expect(moy(res, 8)).toBe(16);
  });
});

describe('bonus evaluations (9.6, scodoc.md §6.3)', () => {
  it('adds n20 after the mean and clips to [0, 20]', () => {
    const res = computeFormsemestre(
      sem({
        ues: [UE],
        modules: [MOD],
        evaluations: [ev(1, 10), ev(2, 10, { type: 3, max: 10 })],
        // 7: 12 + 1/10·20 = 12 + 2 = 14; 8: 19 + 2 = 21 → 20
        notes: { 1: { 7: 12, 8: 19 }, 2: { 7: 1, 8: 1 } },
        etudiants: [7, 8],
      }),
    );
    expect(moy(res, 7)).toBe(14);
    expect(moy(res, 8)).toBe(20);
  });
});

describe('BUT module averages per UE with poids (scodoc.md §6.3)', () => {
  it('weights each evaluation by c_e·w_{e,u}; missing poids are 1.0, poids 0 excludes', () => {
    const res = computeFormsemestre(
      sem({
        is_but: true,
        ues: [
          { id: 1, type: 0, ects: 6 },
          { id: 2, type: 0, ects: 4 },
        ],
        modules: [{ moduleimpl_id: 10, kind: 'ressource', ue_id: null }],
        ue_coefs: [
          { moduleimpl_id: 10, ue_id: 1, coef: 3 },
          { moduleimpl_id: 10, ue_id: 2, coef: 2 },
        ],
        evaluations: [
          ev(1, 10, { coef: 2, poids: { 1: 1, 2: 0 } }),
          ev(2, 10, { coef: 1, poids: { 1: 2, 2: 1 } }),
          ev(3, 10, { coef: 1 }),
        ],
        notes: { 1: { 7: 10 }, 2: { 7: 16 }, 3: { 7: 4 } },
        etudiants: [7],
      }),
    );
    const m = res.modules.get(10)!;
    // UE1: (2·1·10 + 1·2·16 + 1·1·4) / (2·1 + 1·2 + 1·1) = (20 + 32 + 4)/5 = 56/5 = 11.2
    expect(m.moy_ue.get(1)![0]).toBeCloseTo(11.2, 12);
    // UE2: (2·0·10 + 1·1·16 + 1·1·4) / (0 + 1 + 1) = 20/2 = 10
    expect(m.moy_ue.get(2)![0]).toBe(10);
    // indicative module average: (11.2 + 10)/2 = 10.6
    expect(m.moy[0]).toBeCloseTo(10.6, 12);
  });

  it('poidsOf reads maps and records, defaulting to 1.0', () => {
    expect(poidsOf(ev(1, 10, { poids: { 5: 0.5 } }), 5)).toBe(0.5);
    expect(poidsOf(ev(1, 10, { poids: { 5: 0.5 } }), 6)).toBe(1);
    expect(poidsOf({ ...ev(1, 10), poids: new Map([[5, 0]]) }, 5)).toBe(0);
    expect(poidsOf(ev(1, 10), null)).toBe(1);
  });

  it('a UE column whose weights are all 0 is NaN, and rattrapage fills it (per UE column, §6.4)', () => {
    const res = computeFormsemestre(
      sem({
        is_but: true,
        ues: [
          { id: 1, type: 0, ects: 6 },
          { id: 2, type: 0, ects: 4 },
        ],
        modules: [{ moduleimpl_id: 10, kind: 'sae', ue_id: null }],
        ue_coefs: [
          { moduleimpl_id: 10, ue_id: 1, coef: 1 },
          { moduleimpl_id: 10, ue_id: 2, coef: 1 },
        ],
        evaluations: [ev(1, 10, { poids: { 1: 1, 2: 0 } }), ev(2, 10, { type: 1 })],
        notes: { 1: { 7: 9, 8: 15 }, 2: { 7: 12 } },
        etudiants: [7, 8],
      }),
    );
    const m = res.modules.get(10)!;
    expect(m.moy_ue.get(2)![1]).toBeNaN(); // 8: nothing toward UE2
    expect(m.moy_ue.get(1)![0]).toBe(12); // 7: max(9, 12)
    expect(m.moy_ue.get(2)![0]).toBe(12); // 7: NaN → 12
    expect(m.moy[1]).toBe(15); // indicative: only UE1 has a value
  });
});

describe('evaluation counts and stats (scodoc.md §5.7, §6.10)', () => {
  it('counts notes, ABS, EXC, ATT, missing; stats on /20 over numeric notes only', () => {
    const res = computeFormsemestre(
      sem({
        ues: [UE],
        modules: [MOD],
        evaluations: [ev(1, 10, { max: 10, publish_incomplete: true })],
        notes: { 1: { 1: 4, 2: 9, 3: null, 4: NOTES_NEUTRALISE, 5: NOTES_ATTENTE } },
        etudiants: [1, 2, 3, 4, 5, 6],
      }),
    );
    const e = res.evaluations.get(1)!;
    expect([e.nb_inscrits, e.nb_notes, e.nb_abs, e.nb_exc, e.nb_att, e.nb_manquantes]).toEqual([6, 2, 1, 1, 1, 1]);
    // on /20: 4/10 → 8, 9/10 → 18; mean (8 + 18)/2 = 13
    expect(e.stats).toEqual({ min: 8, max: 18, moy: 13, count: 2 });
    expect(e.complete).toBe(false);
    expect(e.counted).toBe(true);
  });
});
