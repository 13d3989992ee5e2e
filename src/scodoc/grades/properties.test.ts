/**
 * Property-based tests (issue 5): averages stay in [0, 20], permuting students changes no one's average,
 * adding an EXC note changes nothing, scaling note_max together with the notes changes nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeFormsemestre } from './compute-formsemestre.js';
import {
  type EvaluationInput,
  type EvaluationType,
  type FormsemestreInput,
  type FormsemestreResults,
  NOTES_ATTENTE,
  NOTES_NEUTRALISE,
  type NoteInput,
  type StoredNote,
} from './types.js';

const MAX_STUDENTS = 7;

/** A note: missing, ABS, EXC, ATT, or a fraction of note_max. */
const noteArb = fc.oneof(
  { weight: 1, arbitrary: fc.constant<'missing'>('missing') },
  { weight: 1, arbitrary: fc.constant<StoredNote>(null) },
  { weight: 1, arbitrary: fc.constant<StoredNote>(NOTES_NEUTRALISE) },
  { weight: 1, arbitrary: fc.constant<StoredNote>(NOTES_ATTENTE) },
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 400 }).map((k) => ({ fraction: k / 400 })) },
);

const evalArb = fc.record({
  type: fc.constantFrom<EvaluationType>(0, 0, 0, 0, 1, 2, 3),
  coef: fc.constantFrom(0, 0.5, 1, 2.25, 3),
  max: fc.constantFrom(10, 20, 40, 7),
  publish_incomplete: fc.boolean(),
  poids: fc.array(fc.option(fc.constantFrom(0, 1, 2.5)), { minLength: 3, maxLength: 3 }),
  notes: fc.array(noteArb, { minLength: MAX_STUDENTS, maxLength: MAX_STUDENTS }),
});

const semArb = fc.record({
  is_but: fc.boolean(),
  nUe: fc.integer({ min: 1, max: 3 }),
  etats: fc.array(fc.constantFrom<'I' | 'D' | 'DEF'>('I', 'I', 'I', 'I', 'D', 'DEF'), {
    minLength: 1,
    maxLength: MAX_STUDENTS,
  }),
  sport: fc.boolean(),
  modules: fc.array(
    fc.record({
      kind: fc.constantFrom<'standard' | 'ressource' | 'sae'>('standard', 'ressource', 'sae'),
      coef: fc.constantFrom(0, 0.5, 1, 2, 3),
      ue: fc.nat(2),
      k: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 3, maxLength: 3 }),
      notInscribed: fc.array(fc.boolean(), { minLength: MAX_STUDENTS, maxLength: MAX_STUDENTS }),
      evals: fc.array(evalArb, { minLength: 1, maxLength: 4 }),
    }),
    { minLength: 1, maxLength: 4 },
  ),
});
type SemSpec = typeof semArb extends fc.Arbitrary<infer T> ? T : never;

function build(spec: SemSpec): FormsemestreInput {
  const ueIds = Array.from({ length: spec.nUe }, (_, u) => 10 + u);
  const ues = ueIds.map((id, u) => ({ id, type: 0, ects: 3 + u, coefficient: 1 + u }));
  const etudids = spec.etats.map((_, i) => 100 + i);
  const evaluations: EvaluationInput[] = [];
  const notes: NoteInput[] = [];
  const modules = spec.modules.map((m, j) => ({
    moduleimpl_id: 1000 + j,
    kind: m.kind,
    ue_id: ueIds[m.ue % spec.nUe],
    coefficient: m.coef,
  }));
  let evalId = 1;
  spec.modules.forEach((m, j) => {
    for (const e of m.evals) {
      const id = evalId++;
      const poids: Record<number, number> = {};
      ueIds.forEach((ue, u) => {
        const w = e.poids[u];
        if (w !== null) poids[ue] = w;
      });
      evaluations.push({
        id,
        moduleimpl_id: 1000 + j,
        evaluation_type: e.type,
        coefficient: e.coef,
        note_max: e.max,
        publish_incomplete: e.publish_incomplete,
        numero: id,
        poids,
      });
      etudids.forEach((etudid, i) => {
        const n = e.notes[i];
        if (n === 'missing') return;
        const value = n !== null && typeof n === 'object' ? Math.round(n.fraction * e.max * 100) / 100 : n;
        notes.push({ evaluation_id: id, etudid, value });
      });
    }
  });
  if (spec.sport) {
    // a sport/culture UE with one module feeding bonus_iutv
    ues.push({ id: 99, type: 1, ects: 0, coefficient: 0 });
    modules.push({ moduleimpl_id: 1999, kind: 'standard', ue_id: 99, coefficient: 1 });
    evaluations.push({
      id: 999,
      moduleimpl_id: 1999,
      evaluation_type: 0,
      coefficient: 1,
      note_max: 20,
      publish_incomplete: true,
    });
    etudids.forEach((etudid, i) => {
      notes.push({ evaluation_id: 999, etudid, value: (i * 7) % 21 });
    });
  }
  return {
    is_but: spec.is_but,
    ues,
    modules,
    ue_coefs: spec.modules.flatMap((m, j) =>
      ueIds.map((ue, u) => ({ moduleimpl_id: 1000 + j, ue_id: ue, coef: m.k[u] })).filter((c) => c.coef > 0),
    ),
    evaluations,
    notes,
    inscriptions: etudids.map((etudid, i) => ({ etudid, etat: spec.etats[i] })),
    moduleimpl_inscriptions: modules.flatMap((m, j) =>
      etudids
        .filter((_, i) => j >= spec.modules.length || !spec.modules[j].notInscribed[i])
        .map((etudid) => ({ moduleimpl_id: m.moduleimpl_id, etudid })),
    ),
    options: { bonus: 'bonus_iutv' },
  };
}

/** Every average of `etudid`, keyed so two results can be compared student by student. */
function averagesOf(res: FormsemestreResults, etudid: number): Record<string, number> {
  const i = res.index.get(etudid)!;
  const out: Record<string, number> = { gen: res.general.moy[i] };
  for (const [id, m] of res.modules) {
    out[`m${id}`] = m.moy[i];
    for (const [ue, col] of m.moy_ue) out[`m${id}u${ue}`] = col[i];
  }
  for (const [id, u] of res.ues) out[`u${id}`] = u.moy[i];
  return out;
}

function expectSameAverages(a: FormsemestreResults, b: FormsemestreResults, closeTo = false): void {
  for (const etudid of a.etudids) {
    const x = averagesOf(a, etudid);
    const y = averagesOf(b, etudid);
    expect(Object.keys(y).sort()).toEqual(Object.keys(x).sort());
    for (const k of Object.keys(x)) {
      if (Number.isNaN(x[k])) expect(y[k], k).toBeNaN();
      else if (closeTo) expect(y[k], k).toBeCloseTo(x[k], 9);
      else expect(y[k], k).toBe(x[k]);
    }
  }
}

describe('grade engine properties (fast-check)', () => {
  it('every module (non-malus), UE and general average is NaN or in [0, 20]', () => {
    fc.assert(
      fc.property(semArb, (spec) => {
        const res = computeFormsemestre(build(spec));
        const inRange = (v: number) => Number.isNaN(v) || (v >= 0 && v <= 20);
        for (const m of res.modules.values()) {
          expect(m.moy.every(inRange)).toBe(true);
          for (const col of m.moy_ue.values()) expect(col.every(inRange)).toBe(true);
        }
        for (const u of res.ues.values()) expect(u.moy.every(inRange)).toBe(true);
        expect(res.general.moy.every(inRange)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("permuting students (inscriptions and note rows) changes no one's average or rank", () => {
    fc.assert(
      fc.property(semArb, fc.integer({ min: 0, max: 1_000_000 }), (spec, seed) => {
        const input = build(spec);
        const shuffle = <T>(xs: readonly T[]): T[] => {
          const a = [...xs];
          let s = seed;
          for (let i = a.length - 1; i > 0; i--) {
            s = (s * 1103515245 + 12345) % 2147483648;
            const j = s % (i + 1);
            [a[i], a[j]] = [a[j], a[i]];
          }
          return a;
        };
        const permuted = {
          ...input,
          inscriptions: shuffle(input.inscriptions),
          notes: shuffle(input.notes),
          moduleimpl_inscriptions: shuffle(input.moduleimpl_inscriptions),
        };
        const a = computeFormsemestre(input);
        const b = computeFormsemestre(permuted);
        expectSameAverages(a, b);
        for (const etudid of a.etudids) {
          expect(b.general.rank.value[b.index.get(etudid)!]).toBe(a.general.rank.value[a.index.get(etudid)!]);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('adding an evaluation where every note is EXC changes nothing', () => {
    fc.assert(
      fc.property(semArb, evalArb, fc.nat(3), (spec, extra, at) => {
        const input = build(spec);
        const moduleimpl_id = input.modules[at % spec.modules.length].moduleimpl_id;
        const added: EvaluationInput = {
          id: 5000,
          moduleimpl_id,
          evaluation_type: extra.type,
          coefficient: extra.coef,
          note_max: extra.max,
          publish_incomplete: extra.publish_incomplete,
          numero: 0,
          poids: { 10: 1, 11: 2 },
        };
        const withExc = {
          ...input,
          evaluations: [...input.evaluations, added],
          notes: [
            ...input.notes,
            ...input.inscriptions.map((i) => ({ evaluation_id: 5000, etudid: i.etudid, value: NOTES_NEUTRALISE })),
          ],
        };
        expectSameAverages(computeFormsemestre(input), computeFormsemestre(withExc));
      }),
      { numRuns: 200 },
    );
  });

  it('replacing a missing note by EXC in a publish_incomplete evaluation changes nothing', () => {
    fc.assert(
      fc.property(semArb, (spec) => {
        const input = build(spec);
        const stored = new Set(input.notes.map((n) => `${n.evaluation_id}:${n.etudid}`));
        const filled = input.evaluations
          .filter((e) => e.publish_incomplete && e.evaluation_type === 0)
          .flatMap((e) =>
            input.inscriptions
              .filter((i) => !stored.has(`${e.id}:${i.etudid}`))
              .map((i) => ({ evaluation_id: e.id, etudid: i.etudid, value: NOTES_NEUTRALISE })),
          );
        expectSameAverages(
          computeFormsemestre(input),
          computeFormsemestre({ ...input, notes: [...input.notes, ...filled] }),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('scaling an evaluation note_max together with its notes changes nothing', () => {
    fc.assert(
      fc.property(semArb, fc.constantFrom(0.5, 2, 3, 5, 100), (spec, factor) => {
        const input = build(spec);
        const scaled = {
          ...input,
          evaluations: input.evaluations.map((e) => ({ ...e, note_max: e.note_max * factor })),
          notes: input.notes.map((n) =>
            typeof n.value === 'number' && n.value > -900 ? { ...n, value: n.value * factor } : n,
          ),
        };
        // factor 2 or 0.5 is exact in binary; others may move the last bit of a quotient
        expectSameAverages(computeFormsemestre(input), computeFormsemestre(scaled), factor !== 2 && factor !== 0.5);
      }),
      { numRuns: 200 },
    );
  });
});
