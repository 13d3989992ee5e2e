import { describe, expect, it } from 'vitest';
import { computeFormsemestre } from './compute-formsemestre.js';
import { ev, sem } from './fixtures/build-input.js';
import {
  type ClassicJuryInput,
  classicJuryFacts,
  classicUeCode,
  isCompensable,
  proposeClassicSemester,
  reaches,
  ueBarsOk,
} from './jury-classic.js';

const base: ClassicJuryInput = {
  previous_code: null,
  assidu: true,
  moy_gen: 12,
  bars_ok: true,
  compensable: false,
  is_last: false,
};
const first = (i: Partial<ClassicJuryInput>) => proposeClassicSemester({ ...base, ...i })[0];
const codes = (i: Partial<ClassicJuryInput>) =>
  proposeClassicSemester({ ...base, ...i }).map((p) => `${p.code}/${p.code_prev ?? '-'}/${p.devenir}`);

describe('thresholds (scodoc.md §6.1)', () => {
  it('tests x ≥ T − NOTES_TOLERANCE', () => {
    // 10 − 0.00499999999999 = 9.99500000000001: values printing "10.00" reach 10. The double 9.995
    // (9.99499999999999921…, printed "09.99") does not, in Python as here, whatever §6.1's example says.
    expect(reaches(9.99501, 10)).toBe(true);
    expect(reaches(9.995, 10)).toBe(false);
    expect(reaches(9.994, 10)).toBe(false);
    expect(reaches(Number.NaN, 10)).toBe(false);
  });
});

describe('classic UE codes and bars (scodoc.md §6.13)', () => {
  it('ADM ≥ 10, CMP when the semester validates, else AJ; none without average; AJ without assiduité', () => {
    expect(classicUeCode(10, 'AJ', true)).toBe('ADM');
    expect(classicUeCode(9.996, null, true)).toBe('ADM');
    expect(classicUeCode(8, 'ADC', true)).toBe('CMP');
    expect(classicUeCode(8, 'ADM', true)).toBe('CMP');
    expect(classicUeCode(8, 'ATT', true)).toBe('AJ');
    expect(classicUeCode(Number.NaN, 'ADM', true)).toBeNull();
    expect(classicUeCode(15, 'ADM', false)).toBe('AJ');
  });

  it('UE bars: every UE with coef > 0 and an average ≥ its bar (8 by default)', () => {
    expect(
      ueBarsOk([
        { moy: 8, coef: 1 },
        { moy: 15, coef: 2 },
      ]),
    ).toBe(true);
    expect(ueBarsOk([{ moy: 7.99, coef: 1 }])).toBe(false);
    expect(ueBarsOk([{ moy: 7.99, coef: 0 }])).toBe(true); // coef 0 ignored
    expect(ueBarsOk([{ moy: Number.NaN, coef: 1 }])).toBe(true); // no average ignored
    expect(ueBarsOk([{ moy: 9, coef: 1, barre: 10 }])).toBe(false); // LP stage UE
  });
});

describe('compensation (scodoc.md §6.13)', () => {
  const c = {
    consecutive: true,
    previous_used_for_compensation: false,
    previous_code: 'ADM',
    previous_moy_gen: 11,
    previous_bars_ok: true,
    moy_gen: 9,
    bars_ok: true,
  };
  it('needs consecutive semesters, an unused validating/ATT previous code, bars ok, and a mean ≥ 10', () => {
    // (9 + 11)/2 = 10
    expect(isCompensable(c)).toBe(true);
    // (8.9 + 11)/2 = 9.95 < 10
    expect(isCompensable({ ...c, moy_gen: 8.9 })).toBe(false);
    expect(isCompensable({ ...c, consecutive: false })).toBe(false);
    expect(isCompensable({ ...c, previous_used_for_compensation: true })).toBe(false);
    expect(isCompensable({ ...c, previous_code: 'AJ' })).toBe(false);
    expect(isCompensable({ ...c, previous_code: 'ATT' })).toBe(true);
    expect(isCompensable({ ...c, bars_ok: false })).toBe(false);
  });
});

describe('automatic semester proposals, DUT rule table (scodoc.md §6.13)', () => {
  it('first semester or previous validated', () => {
    expect(first({})).toMatchObject({ code: 'ADM', code_prev: null, devenir: 'NEXT' });
    expect(first({ previous_code: 'ADC' }).code).toBe('ADM');
    // moyenne < 10, bars ok, not last → ATT
    expect(first({ moy_gen: 9 })).toMatchObject({ code: 'ATT', devenir: 'NEXT' });
    // a UE under its bar → ATB
    expect(first({ bars_ok: false })).toMatchObject({ code: 'ATB', devenir: 'NEXT' });
    // assiduité insuffisante → ATJ
    expect(first({ assidu: false })).toMatchObject({ code: 'ATJ', devenir: 'NEXT' });
  });

  it('compensation with a validated previous semester → ADC', () => {
    // table order: the ATT row comes before the ADC row; both are offered
    expect(codes({ previous_code: 'ADM', moy_gen: 9, compensable: true })).toEqual([
      'ATT/-/NEXT',
      'ADC/-/NEXT',
      'ADJ/-/NEXT',
    ]);
    // in the last semester ATT is not possible: ADC comes first
    expect(first({ previous_code: 'ADM', moy_gen: 9, compensable: true, is_last: true })).toMatchObject({
      code: 'ADC',
    });
    // not compensable → ATT first, the jury may still choose ADJ
    expect(codes({ previous_code: 'ADM', moy_gen: 9 })).toEqual(['ATT/-/NEXT', 'ADJ/-/NEXT']);
  });

  it('previous ATT: a good semester validates it by compensation (ADC) or by the jury (ADJ)', () => {
    expect(codes({ previous_code: 'ATT', compensable: true })).toEqual(['ADM/ADC/NEXT', 'ADM/ADJ/NEXT']);
    expect(first({ previous_code: 'ATT' })).toMatchObject({ code: 'ADM', code_prev: 'ADJ' });
    expect(codes({ previous_code: 'ATT', moy_gen: 9 })).toEqual(['AJ/AJ/REDOANNEE', 'ADJ/-/NEXT', 'NAR/NAR/REO']);
  });

  it('previous ATB and AJ', () => {
    expect(codes({ previous_code: 'ATB' })).toEqual(['AJ/AJ/REDOANNEE', 'NAR/NAR/REO', 'ADM/ADJ/NEXT']);
    expect(codes({ previous_code: 'AJ', moy_gen: 9 })).toEqual(['AJ/AJ/REDOANNEE', 'ADJ/-/NEXT', 'NAR/NAR/REO']);
    expect(codes({ previous_code: 'AJ' })).toEqual(['ATT/-/REDOANNEE']);
    expect(codes({ previous_code: 'AJ', assidu: false })).toEqual(['NAR/-/REO', 'AJ/ADM/REO']);
  });

  it('last semester: no ATT/ATJ; cursus without ADC/ATT drops those codes', () => {
    expect(first({ moy_gen: 9, is_last: true })).toMatchObject({ code: 'ADJ' });
    expect(codes({ assidu: false, is_last: true })).toEqual(['AJ/ADM/REO']);
    expect(first({ moy_gen: 9, allow_att: false })).toMatchObject({ code: 'ADJ' });
    expect(codes({ previous_code: 'ATT', compensable: true, allow_adc: false })).toEqual(['ADM/ADJ/NEXT']);
  });

  it('a NaN general average never reaches 10', () => {
    expect(first({ moy_gen: Number.NaN }).code).toBe('ATT');
  });
});

describe('classicJuryFacts: the rule table inputs from the semester results', () => {
  it('gives moy_gen, UE averages with their weight, and the UE bars', () => {
    const res = computeFormsemestre(
      sem({
        ues: [
          { id: 1, type: 0 },
          { id: 2, type: 0 },
          { id: 9, type: 1 },
        ],
        modules: [
          { moduleimpl_id: 10, kind: 'standard', ue_id: 1, coefficient: 3 },
          { moduleimpl_id: 20, kind: 'standard', ue_id: 2, coefficient: 1 },
          { moduleimpl_id: 90, kind: 'standard', ue_id: 9, coefficient: 1 },
        ],
        evaluations: [ev(10, 10), ev(20, 20), ev(90, 90)],
        notes: { 10: { 7: 13 }, 20: { 7: 7.5 }, 90: { 7: 15 } },
        etudiants: [7],
      }),
    );
    const facts = classicJuryFacts(res, 7)!;
    // (13·3 + 7.5·1)/4 = 46.5/4 = 11.625; UE2 7.5 < 8 → bars not ok
    expect(facts.moy_gen).toBe(11.625);
    expect(facts.ues).toEqual([
      { ue_id: 1, moy: 13, coef: 3 },
      { ue_id: 2, moy: 7.5, coef: 1 },
    ]);
    expect(facts.bars_ok).toBe(false);
    expect(first({ moy_gen: facts.moy_gen, bars_ok: facts.bars_ok }).code).toBe('ATB');
    // with UE2's bar lowered to 0 (LP), bars are ok → ADM
    const lp = classicJuryFacts(res, 7, new Map([[2, 0]]))!;
    expect(lp.bars_ok).toBe(true);
    expect(first({ moy_gen: lp.moy_gen, bars_ok: lp.bars_ok }).code).toBe('ADM');
    // UE codes once the semester is ADM: UE1 ADM, UE2 compensated (CMP)
    expect(lp.ues.map((u) => classicUeCode(u.moy, 'ADM', true))).toEqual(['ADM', 'CMP']);
    expect(classicJuryFacts(res, 999)).toBeNull();
  });
});
