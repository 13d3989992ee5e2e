import { describe, expect, it } from 'vitest';
import { computeFormsemestre } from './compute-formsemestre.js';
import { ev, sem } from './fixtures/build-input.js';
import { fmtNote } from './format-note.js';
import { applyCapitalisation, ueAverageClassic } from './ue-average.js';

/**
 * Classic semester: UE 1 has modules 10 (c 2), 11 (c 3), 12 (c 1, no notes) and malus 13; UE 2 has
 * module 20 (c 2). One evaluation per module (id = moduleimpl id).
 */
function classic(notes: { m10: number; m11: number; m20: number; malus?: number }) {
  return computeFormsemestre(
    sem({
      ues: [
        { id: 1, type: 0, coefficient: 1 },
        { id: 2, type: 0, coefficient: 3 },
      ],
      modules: [
        { moduleimpl_id: 10, kind: 'standard', ue_id: 1, coefficient: 2 },
        { moduleimpl_id: 11, kind: 'standard', ue_id: 1, coefficient: 3 },
        { moduleimpl_id: 12, kind: 'standard', ue_id: 1, coefficient: 1 },
        { moduleimpl_id: 13, kind: 'malus', ue_id: 1, coefficient: 0 },
        { moduleimpl_id: 20, kind: 'standard', ue_id: 2, coefficient: 2 },
      ],
      evaluations: [
        ev(10, 10),
        ev(11, 11),
        ev(12, 12, { publish_incomplete: true }),
        ev(13, 13, { publish_incomplete: true }),
        ev(20, 20),
      ],
      notes: {
        10: { 7: notes.m10 },
        11: { 7: notes.m11 },
        13: notes.malus === undefined ? {} : { 7: notes.malus },
        20: { 7: notes.m20 },
      },
      etudiants: [7],
    }),
  );
}

describe('classic UE average (scodoc.md §6.5)', () => {
  it('weights module averages by module coefficient, skipping modules without average', () => {
    // UE1: (2·12 + 3·8) / (2 + 3) = 48/5 = 9.6 (module 12 has no note: skipped, its coefficient too)
    const res = classic({ m10: 12, m11: 8, m20: 14 });
    expect(res.ues.get(1)!.moy[0]).toBeCloseTo(9.6, 12);
    expect(res.ues.get(1)!.coef[0]).toBe(5);
    expect(res.ues.get(2)!.moy[0]).toBe(14);
  });

  it('subtracts the malus modules of the UE, then clips to [0, 20]', () => {
    // 9.6 − 1.5 = 8.1
    expect(classic({ m10: 12, m11: 8, m20: 14, malus: 1.5 }).ues.get(1)!.moy[0]).toBeCloseTo(8.1, 12);
    // 9.6 − 15 < 0 → 0
    expect(classic({ m10: 12, m11: 8, m20: 14, malus: 15 }).ues.get(1)!.moy[0]).toBe(0);
    // a negative malus is a bonus: 9.6 + 2 = 11.6
    expect(classic({ m10: 12, m11: 8, m20: 14, malus: -2 }).ues.get(1)!.moy[0]).toBeCloseTo(11.6, 12);
    expect(classic({ m10: 12, m11: 8, m20: 14, malus: -2 }).ues.get(1)!.malus[0]).toBe(-2);
  });

  it('is NaN when every coefficient is 0 or no module has an average', () => {
    const r = ueAverageClassic([{ moy: Float64Array.of(12), coef: 0 }], [], 1);
    expect(r.moy[0]).toBeNaN();
    expect(ueAverageClassic([{ moy: Float64Array.of(Number.NaN), coef: 2 }], [], 1).moy[0]).toBeNaN();
  });
});

describe('classic general average (scodoc.md §6.7) and bonus (§6.8)', () => {
  it('weights UEs by C(s,u) = Σ c_m with a number', () => {
    // (9.6·5 + 14·2) / (5 + 2) = (48 + 28)/7 = 76/7 = 10.857… → "10.86"
    const res = classic({ m10: 12, m11: 8, m20: 14 });
    expect(res.general.moy[0]).toBeCloseTo(76 / 7, 12);
    expect(fmtNote(res.general.moy[0])).toBe('10.86');
  });

  it('weights UEs by their own coefficient with use_ue_coefs', () => {
    const res = computeFormsemestre(
      sem({
        ues: [
          { id: 1, type: 0, coefficient: 1 },
          { id: 2, type: 0, coefficient: 3 },
        ],
        modules: [
          { moduleimpl_id: 10, kind: 'standard', ue_id: 1, coefficient: 2 },
          { moduleimpl_id: 20, kind: 'standard', ue_id: 2, coefficient: 2 },
        ],
        evaluations: [ev(10, 10), ev(20, 20)],
        notes: { 10: { 7: 9.6 }, 20: { 7: 14 } },
        etudiants: [7],
        options: { use_ue_coefs: true },
      }),
    );
    // (9.6·1 + 14·3) / (1 + 3) = 51.6/4 = 12.9
    expect(res.general.moy[0]).toBeCloseTo(12.9, 12);
  });

  it('adds the bonus sport/culture and caps at 20', () => {
    const build = (sport: number, main: number) =>
      computeFormsemestre(
        sem({
          ues: [
            { id: 1, type: 0 },
            { id: 9, type: 1 },
          ],
          modules: [
            { moduleimpl_id: 10, kind: 'standard', ue_id: 1, coefficient: 1 },
            { moduleimpl_id: 90, kind: 'standard', ue_id: 9, coefficient: 1 },
          ],
          evaluations: [ev(10, 10), ev(90, 90)],
          notes: { 10: { 7: main }, 90: { 7: sport } },
          etudiants: [7],
          options: { bonus: 'bonus_iutv' },
        }),
      );
    // bonus_iutv: (16 − 10)/20 = 0.3 → 11 + 0.3 = 11.3
    const res = build(16, 11);
    expect(res.general.bonus[0]).toBeCloseTo(0.3, 12);
    expect(res.general.moy[0]).toBeCloseTo(11.3, 12);
    // the sport UE has no average (§6.5) and the sport module is flagged
    expect(res.ues.get(9)!.moy[0]).toBeNaN();
    expect(res.modules.get(90)!.sport).toBe(true);
    // 19.9 + 0.3 → min(20.2, 20) = 20
    expect(build(16, 19.9).general.moy[0]).toBe(20);
    // sport average below 10 → no bonus
    expect(build(8, 11).general.moy[0]).toBe(11);
  });

  it('is NaN for D/DEF students and with block_moyennes', () => {
    const spec = {
      ues: [{ id: 1, type: 0 }],
      modules: [{ moduleimpl_id: 10, kind: 'standard' as const, ue_id: 1, coefficient: 1 }],
      evaluations: [ev(10, 10)],
      notes: { 10: { 7: 12, 8: 13, 9: 14 } },
      etudiants: [7, [8, 'D'] as const, [9, 'DEF'] as const],
    };
    const res = computeFormsemestre(sem(spec));
    expect(Array.from(res.general.moy)).toEqual([12, Number.NaN, Number.NaN]);
    const blocked = computeFormsemestre(sem({ ...spec, options: { block_moyennes: true } }));
    expect(blocked.general.moy[0]).toBeNaN();
    expect(blocked.ues.get(1)!.moy[0]).toBe(12); // UE averages are still computed
  });
});

describe('capitalisation (scodoc.md §6.6)', () => {
  it('replaces the UE average when the capitalised one is better or the current is missing', () => {
    const r = applyCapitalisation(
      Float64Array.of(9, 12, Number.NaN),
      new Map([
        [0, 11],
        [1, 11],
        [2, 10.5],
      ]),
    );
    expect(Array.from(r.moy)).toEqual([11, 12, 10.5]);
    expect(Array.from(r.capitalisee)).toEqual([1, 0, 1]);
  });

  it('classic: the capitalised UE enters the general average with its own coefficient', () => {
    const res = computeFormsemestre(
      sem({
        ues: [
          { id: 1, type: 0 },
          { id: 2, type: 0 },
        ],
        modules: [
          { moduleimpl_id: 10, kind: 'standard', ue_id: 1, coefficient: 2 },
          { moduleimpl_id: 20, kind: 'standard', ue_id: 2, coefficient: 2 },
        ],
        evaluations: [ev(10, 10), ev(20, 20)],
        notes: { 10: { 7: 8 }, 20: { 7: 12 } },
        etudiants: [7],
        capitalisations: [{ etudid: 7, ue_id: 1, moy_ue: 14, coefficient: 6 }],
      }),
    );
    // UE1 = 14 (capitalised, coef 6), UE2 = 12 (coef 2): (14·6 + 12·2)/8 = (84 + 24)/8 = 13.5
    expect(res.ues.get(1)!.moy[0]).toBe(14);
    expect(res.ues.get(1)!.moy_semestre[0]).toBe(8);
    expect(res.ues.get(1)!.capitalisee[0]).toBe(1);
    expect(res.general.moy[0]).toBe(13.5);
  });
});

/**
 * BUT semester: UEs 1 (6 ECTS), 2 (4 ECTS), sport UE 9; ressource 10 and SAÉ 11 with K:
 *   UE1: R10 3, S11 5     UE2: R10 2
 * malus 12 on UE2, sport module 90.
 */
function but(opts: {
  r10: number;
  s11: number;
  malus?: number;
  sport?: number;
  ects2?: number | null;
  skip?: boolean;
  ue3?: boolean;
}) {
  return computeFormsemestre(
    sem({
      is_but: true,
      ues: [
        { id: 1, type: 0, ects: 6 },
        { id: 2, type: 0, ects: opts.ects2 === undefined ? 4 : opts.ects2 },
        ...(opts.ue3 ? [{ id: 3, type: 0, ects: 5 }] : []),
        { id: 9, type: 1, ects: 0 },
      ],
      modules: [
        { moduleimpl_id: 10, kind: 'ressource', ue_id: null },
        { moduleimpl_id: 11, kind: 'sae', ue_id: null },
        { moduleimpl_id: 12, kind: 'malus', ue_id: 2 },
        { moduleimpl_id: 90, kind: 'standard', ue_id: 9 },
      ],
      ue_coefs: [
        { moduleimpl_id: 10, ue_id: 1, coef: 3 },
        { moduleimpl_id: 11, ue_id: 1, coef: 5 },
        { moduleimpl_id: 10, ue_id: 2, coef: 2 },
      ],
      evaluations: [
        ev(10, 10),
        ev(11, 11),
        ev(12, 12, { publish_incomplete: true }),
        ev(90, 90, { publish_incomplete: true }),
      ],
      notes: {
        10: { 7: opts.r10 },
        11: { 7: opts.s11 },
        12: opts.malus === undefined ? {} : { 7: opts.malus },
        90: opts.sport === undefined ? {} : { 7: opts.sport },
      },
      etudiants: [7],
      options: { bonus: 'bonus_iutv', but_moy_skip_empty_ues: opts.skip },
    }),
  );
}

describe('BUT UE average with the coefficient matrix (scodoc.md §6.6)', () => {
  it('weights moy(s,m,u) by K_{u,m}', () => {
    const res = but({ r10: 11, s11: 14 });
    // UE1: (3·11 + 5·14) / (3 + 5) = (33 + 70)/8 = 103/8 = 12.875 → exact binary tie → "12.88" (half-even: 1287.5 → 1288)
    expect(res.ues.get(1)!.moy[0]).toBe(12.875);
    expect(fmtNote(res.ues.get(1)!.moy[0])).toBe('12.88');
    // UE2: only R10: 11
    expect(res.ues.get(2)!.moy[0]).toBe(11);
  });

  it('subtracts the UE malus and adds the bonus to every UE, clipped', () => {
    const res = but({ r10: 11, s11: 14, malus: 1, sport: 18 });
    // bonus_iutv: (18 − 10)/20 = 0.4
    // UE1: 12.875 + 0.4 = 13.275; UE2: 11 − 1 + 0.4 = 10.4
    expect(res.ues.get(1)!.moy[0]).toBeCloseTo(13.275, 12);
    expect(res.ues.get(2)!.moy[0]).toBeCloseTo(10.4, 12);
    expect(res.ues.get(1)!.bonus[0]).toBeCloseTo(0.4, 12);
    expect(res.ues.get(2)!.malus[0]).toBe(1);
    // clip: 20 + 0.4 → 20
    expect(but({ r10: 20, s11: 20, sport: 18 }).ues.get(1)!.moy[0]).toBe(20);
  });

  it('general average weighted by ECTS; empty UE counts 0 unless skipped; missing ECTS → NaN (D32)', () => {
    // (6·12.875 + 4·11) / (6 + 4) = (77.25 + 44)/10 = 12.125 → tie → "12.12"
    const res = but({ r10: 11, s11: 14 });
    expect(res.general.moy[0]).toBe(12.125);
    expect(fmtNote(res.general.moy[0])).toBe('12.12');
    // UE3 (5 ECTS) has no module: counts as 0 → 121.25/15 = 8.0833…
    expect(but({ r10: 11, s11: 14, ue3: true }).general.moy[0]).toBeCloseTo(121.25 / 15, 12);
    // with but_moy_skip_empty_ues it is skipped → 12.125
    expect(but({ r10: 11, s11: 14, ue3: true, skip: true }).general.moy[0]).toBe(12.125);
    expect(but({ r10: 11, s11: 14, ects2: null }).general.moy[0]).toBeNaN();
  });

  it('UEs outside the student parcours are NaN and leave the general average', () => {
    const res = computeFormsemestre(
      sem({
        is_but: true,
        ues: [
          { id: 1, type: 0, ects: 6 },
          { id: 2, type: 0, ects: 4 },
        ],
        modules: [{ moduleimpl_id: 10, kind: 'ressource', ue_id: null }],
        ue_coefs: [
          { moduleimpl_id: 10, ue_id: 1, coef: 1 },
          { moduleimpl_id: 10, ue_id: 2, coef: 1 },
        ],
        evaluations: [ev(10, 10)],
        notes: { 10: { 7: 13, 8: 13 } },
        etudiants: [7, 8],
        parcours: { 8: [1] },
      }),
    );
    expect(res.ues.get(2)!.moy[1]).toBeNaN();
    expect(res.general.moy[1]).toBe(13);
    expect(res.ues.get(2)!.rank.total).toBe(1); // only student 7 follows UE2
  });
});
