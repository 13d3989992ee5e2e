import { describe, expect, it } from 'vitest';
import {
  adsupLowerLevels,
  butAutorisations,
  pairNiveaux,
  passageDeDroit,
  proposeButAnnee,
  proposeButJury,
  proposeButUeCode,
  proposeRcueCode,
  rcueAverage,
} from './jury-but.js';

describe('RCUE average (scodoc.md §6.14, D33)', () => {
  it('is the coef_rcue-weighted mean of the two UEs (plain mean by default)', () => {
    // (8 + 13)/2 = 10.5
    expect(rcueAverage({ ue_id: 1, moy: 8 }, { ue_id: 2, moy: 13 })).toBe(10.5);
    // (8·1 + 13·3)/4 = 47/4 = 11.75
    expect(rcueAverage({ ue_id: 1, moy: 8, coef_rcue: 1 }, { ue_id: 2, moy: 13, coef_rcue: 3 })).toBe(11.75);
    expect(rcueAverage({ ue_id: 1, moy: Number.NaN }, { ue_id: 2, moy: 13 })).toBeNaN();
  });
});

describe('BUT UE and RCUE codes (scodoc.md §6.14)', () => {
  it('UE: ADM ≥ 10, CMP < 10 with RCUE ≥ 10, else AJ; none without average', () => {
    expect(proposeButUeCode(10, 9)).toBe('ADM');
    expect(proposeButUeCode(8, 10.5)).toBe('CMP');
    expect(proposeButUeCode(8, 9.99)).toBe('AJ');
    expect(proposeButUeCode(8, Number.NaN)).toBe('AJ');
    expect(proposeButUeCode(Number.NaN, 12)).toBeNull();
  });
  it('RCUE: ADM ≥ 10 (with tolerance), else AJ', () => {
    expect(proposeRcueCode(9.996)).toBe('ADM');
    expect(proposeRcueCode(9.9)).toBe('AJ');
    expect(proposeRcueCode(Number.NaN)).toBeNull();
  });
});

describe('BUT year (scodoc.md §6.14)', () => {
  const r = (moy: number) => ({ moy, code: proposeRcueCode(moy) });
  it('ADM when every RCUE is validated', () => {
    expect(proposeButAnnee([r(12), r(10), r(15)], false)).toBe('ADM');
  });
  it('PASD: more than half validated and every RCUE ≥ 8, not in the final year', () => {
    // 2 of 3 validated, lowest 8.5 ≥ 8
    expect(passageDeDroit([r(12), r(10), r(8.5)])).toBe(true);
    expect(proposeButAnnee([r(12), r(10), r(8.5)], false)).toBe('PASD');
    expect(proposeButAnnee([r(12), r(10), r(8.5)], true)).toBe('RED');
    // one RCUE under 8
    expect(proposeButAnnee([r(12), r(10), r(7.9)], false)).toBe('RED');
    // exactly half validated is not "more than half"
    expect(proposeButAnnee([r(12), r(9), r(10), r(9)], false)).toBe('RED');
  });
  it('authorisations: odd jury → next semester always; even jury → S2n+1 for ADM, ADJ, PASD, PAS1NCI', () => {
    expect(butAutorisations(1, null)).toEqual([2]);
    expect(butAutorisations(2, 'PASD')).toEqual([3]);
    expect(butAutorisations(2, 'PAS1NCI')).toEqual([3]);
    expect(butAutorisations(2, 'RED')).toEqual([]);
    expect(butAutorisations(6, 'ADM')).toEqual([]);
  });
});

describe('proposeButJury', () => {
  it('even semester: UE codes with compensation inside each RCUE, RCUEs in competence order, year and authorisation', () => {
    const p = proposeButJury({
      semestre_idx: 2,
      is_final_year: false,
      niveaux: [
        { competence: 'Administrer', ue_1: { ue_id: 11, moy: 8 }, ue_2: { ue_id: 21, moy: 13 } },
        { competence: 'Connecter', ue_1: { ue_id: 12, moy: 11 }, ue_2: { ue_id: 22, moy: 12 } },
        { competence: 'Programmer', ue_1: { ue_id: 13, moy: 7 }, ue_2: { ue_id: 23, moy: 10 } },
      ],
    });
    // Administrer: (8 + 13)/2 = 10.5 → ADM, UE 11 compensated (CMP); Connecter: 11.5 ADM;
    // Programmer: (7 + 10)/2 = 8.5 → AJ, UE 13 AJ, UE 23 ADM
    expect(p.rcues.map((r) => [r.competence, r.moy, r.code])).toEqual([
      ['Administrer', 10.5, 'ADM'],
      ['Connecter', 11.5, 'ADM'],
      ['Programmer', 8.5, 'AJ'],
    ]);
    expect(p.ues.map((u) => `${u.ue_id}:${u.code}`)).toEqual([
      '11:CMP',
      '21:ADM',
      '12:ADM',
      '22:ADM',
      '13:AJ',
      '23:ADM',
    ]);
    expect(p.rcues[0].ue_1).toEqual({ ue_id: 11, moy: 8, code: 'CMP' });
    // 2 of 3 RCUEs validated, all ≥ 8 → PASD → authorised to S3
    expect(p.annee).toEqual({ code: 'PASD' });
    expect(p.autorisations).toEqual([{ semestre_id: 3 }]);
  });

  it('odd semester: UE codes only, no RCUE, authorisation to the even semester', () => {
    const p = proposeButJury({
      semestre_idx: 1,
      is_final_year: false,
      niveaux: [{ competence: 'Administrer', ue_1: { ue_id: 11, moy: 8 }, ue_2: null }],
    });
    expect(p.ues).toEqual([{ ue_id: 11, moy: 8, code: 'AJ' }]);
    expect(p.rcues).toEqual([]);
    expect(p.annee).toBeNull();
    expect(p.autorisations).toEqual([{ semestre_id: 2 }]);
  });

  it('ADSUP: a validated level validates the lower levels of the competence', () => {
    expect(
      adsupLowerLevels([
        { competence: 'A', niveau: 1, code: 'AJ' },
        { competence: 'A', niveau: 2, code: 'ADM' },
        { competence: 'B', niveau: 1, code: 'AJ' },
        { competence: 'B', niveau: 2, code: 'AJ' },
      ]),
    ).toEqual([{ competence: 'A', niveau: 1, code: 'ADSUP' }]);
  });
});

describe('pairNiveaux', () => {
  it('pairs odd and even UEs on competence and level, in the odd UEs order', () => {
    const niveaux = pairNiveaux(
      [
        { ue_id: 11, moy: 12, competence: 'Administrer', niveau: 1 },
        { ue_id: 12, moy: 9, competence: 'Connecter', niveau: 1 },
        { ue_id: 13, moy: 14, competence: 'Programmer', niveau: 1 },
      ],
      [
        { ue_id: 22, moy: 11, competence: 'Connecter', niveau: 1 },
        { ue_id: 21, moy: 8, competence: 'Administrer', niveau: 1, coef_rcue: 2 },
        { ue_id: 29, moy: 10, competence: 'Administrer', niveau: 2 },
      ],
    );
    expect(niveaux.map((n) => [n.competence, n.ue_1.ue_id, n.ue_2?.ue_id ?? null])).toEqual([
      ['Administrer', 11, 21],
      ['Connecter', 12, 22],
      ['Programmer', 13, null],
    ]);
    // Administrer: (12·1 + 8·2)/3 = 28/3 = 9.33 → AJ; Connecter: (9 + 11)/2 = 10 → ADM, UE 12 CMP
    const p = proposeButJury({ semestre_idx: 2, is_final_year: false, niveaux });
    expect(p.rcues.map((r) => r.code)).toEqual(['AJ', 'ADM']);
    expect(p.ues.map((u) => `${u.ue_id}:${u.code}`)).toEqual(['11:ADM', '21:AJ', '12:CMP', '22:ADM', '13:ADM']);
  });
});
