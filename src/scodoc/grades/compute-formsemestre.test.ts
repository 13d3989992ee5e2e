import { describe, expect, it } from 'vitest';
import { computeFormsemestre } from './compute-formsemestre.js';
import { etudResults } from './etud-results.js';
import { ev, sem } from './fixtures/build-input.js';
import { generateButSemester } from './fixtures/generate-but.js';
import { fmtNote } from './format-note.js';
import { type FormsemestreInput, NOTES_ATTENTE, NOTES_NEUTRALISE, type StoredNote } from './types.js';

/**
 * Classic semester, one UE, one module with one evaluation: each student's general average is their note.
 * Students 1–6 are etat I, 7 is démissionnaire; groups TD1 = {1, 2, 3, 7}, TD2 = {4, 5, 6}.
 */
function promo(notes: Record<number, StoredNote>) {
  return computeFormsemestre(
    sem({
      ues: [{ id: 1, type: 0 }],
      modules: [{ moduleimpl_id: 10, kind: 'standard', ue_id: 1, coefficient: 2 }],
      evaluations: [ev(1, 10, { publish_incomplete: true })],
      notes: { 1: notes },
      etudiants: [1, 2, 3, 4, 5, 6, [7, 'D']],
      groups: [
        { group_id: 501, partition_id: 50, etudids: [1, 2, 3, 7] },
        { group_id: 502, partition_id: 50, etudids: [4, 5, 6] },
      ],
    }),
  );
}

describe('ranks, group ranks, min/max/mean over a promotion (scodoc.md §6.9–§6.10, D29)', () => {
  // 1: 15, 2: 14, 3: 14, 4: 12, 5: no note, 6: ABS (= 0), 7 (D): 19
  const res = promo({ 1: 15, 2: 14, 3: 14, 4: 12, 6: null, 7: 19 });

  it('ranks etat-I students with an average; ties share "k ex"; D and no-average students get ""', () => {
    expect(res.general.rank.value).toEqual(['1', '2 ex', '2 ex', '4', '', '5', '']);
    // total = etat-I inscrits (6), the démissionnaire is not counted
    expect(res.general.rank.total).toBe(6);
    expect(res.nb_inscrits).toBe(6);
  });

  it('ranks within each group with the same rule; total = etat-I members', () => {
    const td1 = res.general.group_ranks.get(501)!;
    expect(td1.value.slice(0, 3)).toEqual(['1', '2 ex', '2 ex']);
    expect(td1.total).toBe(3); // 7 is D
    const td2 = res.general.group_ranks.get(502)!;
    // TD2: 4 → 12, 5 → none, 6 → 0
    expect([td2.value[3], td2.value[4], td2.value[5]]).toEqual(['1', '', '2']);
    expect(td2.total).toBe(3);
  });

  it('min/max/mean over etat-I students with a numeric average', () => {
    // values 15, 14, 14, 12, 0 → min 0, max 15, mean 55/5 = 11
    expect(res.general.stats).toEqual({ min: 0, max: 15, moy: 11, count: 5 });
    expect(res.modules.get(10)!.stats).toEqual({ min: 0, max: 15, moy: 11, count: 5 });
    expect(res.ues.get(1)!.stats).toEqual({ min: 0, max: 15, moy: 11, count: 5 });
    // classic bulletin counts: 5 with an average, 1 without (student 5), 1 counted evaluation
    const m = res.modules.get(10)!;
    expect([m.nb_notes, m.nb_missing, m.nb_valid_evals]).toEqual([5, 1, 1]);
    // evaluation stats ignore the ABS: (15 + 14 + 14 + 12)/4 = 13.75
    expect(res.evaluations.get(1)!.stats).toEqual({ min: 12, max: 15, moy: 13.75, count: 4 });
  });

  it('UE and module ranks use the same rule; UE "effectif" is the number ranked', () => {
    expect(res.ues.get(1)!.rank.value).toEqual(['1', '2 ex', '2 ex', '4', '', '5', '']);
    expect(res.ues.get(1)!.rank.ranked).toBe(5);
    expect(res.modules.get(10)!.rank.value[0]).toBe('1');
  });

  it('etudResults gives one student its values, ranks and groups', () => {
    const e = etudResults(res, 3)!;
    expect(e.moy_gen).toBe(14);
    expect(fmtNote(e.moy_gen)).toBe('14.00');
    expect(e.rank).toEqual({ value: '2 ex', total: 6 });
    expect([...e.group_ranks]).toEqual([[501, { value: '2 ex', total: 3 }]]);
    expect(e.ues.get(1)!.moy).toBe(14);
    expect(e.modules.get(10)!.moy).toBe(14);
    expect(e.modules.get(10)!.inscrit).toBe(true);
    const dem = etudResults(res, 7)!;
    expect(dem.etat).toBe('D');
    expect(dem.moy_gen).toBeNaN();
    expect(dem.rank.value).toBe('');
    expect(etudResults(res, 999)).toBeNull();
  });

  it('a module note "en attente" flags the student and the semester', () => {
    const r = promo({ 1: 15, 2: NOTES_ATTENTE, 3: 14, 4: 12, 5: NOTES_NEUTRALISE, 6: 9 });
    expect(r.en_attente).toBe(true);
    expect(etudResults(r, 2)!.en_attente).toBe(true);
    expect(etudResults(r, 1)!.en_attente).toBe(false);
  });
});

/** Straightforward per-student recomputation of §6.3 / §6.6 (no columns), to cross-check the engine. */
function naiveUeAverages(input: FormsemestreInput): (etudid: number, ueId: number) => number {
  const noteMap = new Map(input.notes.map((n) => [`${n.evaluation_id}:${n.etudid}`, n.value]));
  const etat = new Map(input.inscriptions.map((i) => [i.etudid, i.etat]));
  return (etudid, ueId) => naiveUeAverage(input, noteMap, etat, etudid, ueId);
}

function naiveUeAverage(
  input: FormsemestreInput,
  noteMap: ReadonlyMap<string, StoredNote>,
  etat: ReadonlyMap<number, string>,
  etudid: number,
  ueId: number,
): number {
  if (etat.get(etudid) !== 'I') return Number.NaN;
  let num = 0;
  let den = 0;
  for (const k of input.ue_coefs!.filter((c) => c.ue_id === ueId && c.coef > 0)) {
    const inscrits = input.moduleimpl_inscriptions
      .filter((r) => r.moduleimpl_id === k.moduleimpl_id && etat.get(r.etudid) === 'I')
      .map((r) => r.etudid);
    if (!inscrits.includes(etudid)) continue;
    let mn = 0;
    let md = 0;
    let ratt = Number.NaN;
    for (const e of input.evaluations.filter((x) => x.moduleimpl_id === k.moduleimpl_id)) {
      const v = noteMap.get(`${e.id}:${etudid}`);
      if (e.evaluation_type === 1) {
        // rattrapage: best numeric note, replaces when better
        if (typeof v === 'number' && v > -900) ratt = Math.max(Number.isNaN(ratt) ? -1 : ratt, (v * 20) / e.note_max);
        continue;
      }
      if (!inscrits.every((id) => noteMap.has(`${e.id}:${id}`))) continue; // incomplete: ignored
      const w = e.coefficient * ((e.poids as Record<number, number>)[ueId] ?? 1);
      if (w <= 0) continue;
      if (v === null)
        md += w; // ABS = 0
      else if (typeof v === 'number' && v > -900) {
        mn += w * ((v * 20) / e.note_max);
        md += w;
      }
    }
    let moy = md > 0 ? mn / md : Number.NaN;
    if (!Number.isNaN(ratt) && (Number.isNaN(moy) || ratt > moy)) moy = ratt;
    if (Number.isNaN(moy)) continue;
    num += k.coef * moy;
    den += k.coef;
  }
  return den > 0 ? num / den : Number.NaN;
}

describe('a BUT formsemestre of 300 students, 25 modules, 4 evaluations each (issue 5 data set)', () => {
  const input = generateButSemester();
  const res = computeFormsemestre(input);

  it('matches a naive per-student recomputation on sampled students and UEs', () => {
    const naive = naiveUeAverages(input);
    for (const i of [0, 1, 16, 49, 123, 250, 299]) {
      const etudid = res.etudids[i];
      for (const ue of input.ues) {
        const expected = naive(etudid, ue.id);
        const got = res.ues.get(ue.id)!.moy[i];
        if (Number.isNaN(expected)) expect(got).toBeNaN();
        else expect(got).toBeCloseTo(expected, 9);
      }
      // §6.7 BUT: ECTS all 5 → plain mean of the UE averages, NaN UE counted 0
      const ueMoys = input.ues.map((u) => res.ues.get(u.id)!.moy[i]);
      const expectedGen =
        input.inscriptions[i].etat === 'I'
          ? ueMoys.reduce((s, v) => s + (Number.isNaN(v) ? 0 : v), 0) / ueMoys.length
          : Number.NaN;
      if (Number.isNaN(expectedGen)) expect(res.general.moy[i]).toBeNaN();
      else expect(res.general.moy[i]).toBeCloseTo(expectedGen, 12);
    }
  });

  it('keeps every average in [0, 20] and ranks every etat-I student with an average', () => {
    for (const v of res.general.moy) if (!Number.isNaN(v)) expect(v >= 0 && v <= 20).toBe(true);
    expect(res.general.rank.total).toBe(294); // 6 of 300 are démissionnaires
    expect(res.general.rank.ranked).toBe(294);
    const g1 = res.general.group_ranks.get(1)!;
    const g2 = res.general.group_ranks.get(2)!;
    expect(g1.total + g2.total).toBe(294);
  });
});
