import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testDialect } from '../../../../test/harness.js';
import { seedNotesDemo } from '../../seed/notes.js';
import { buildWorld, scoError, typesOf, type World } from '../../testing/world.js';

let t: TestApp;
let w: World;
let cur: number; // INFO S1 in progress (BUT)
let cj: number; // CJ DUT in progress (classic)
let past: number; // INFO S1 last year (locked)
let mi: number; // first moduleimpl of `cur`
let ues: number[];
beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t);
  cur = w.demo.formsemestres[2].id;
  past = w.demo.formsemestres[0].id;
  cj = w.demo.formsemestres[4].id;
  await seedNotesDemo(t.db.kysely, { timeZone: t.config.scodoc.timeZone, formsemestreIds: [past, cj] });
  const m = await t.db.kysely
    .selectFrom('sco_moduleimpl as mi')
    .innerJoin('sco_module as m', 'm.id', 'mi.module_id')
    .select('mi.id')
    .where('mi.formsemestre_id', '=', cur)
    .orderBy('m.numero')
    .executeTakeFirstOrThrow();
  mi = Number(m.id);
  const u = await t.db.kysely
    .selectFrom('sco_moduleimpl as mi')
    .innerJoin('sco_module_ue_coef as k', 'k.module_id', 'mi.module_id')
    .innerJoin('sco_ue as u', 'u.id', 'k.ue_id')
    .select('u.id')
    .where('mi.id', '=', mi)
    .orderBy('u.numero')
    .execute();
  ues = u.map((r) => Number(r.id));
});
afterAll(async () => t?.close());

// scodoc.md §5.7 `evaluation`.
const EVAL_TYPES = {
  id: 'number',
  moduleimpl_id: 'number',
  description: 'string',
  date_debut: 'string',
  date_fin: 'string',
  jour: 'string',
  heure_debut: 'string',
  heure_fin: 'string',
  coefficient: 'number',
  note_max: 'number',
  evaluation_type: 'number',
  numero: 'number',
  publish_incomplete: 'boolean',
  visibulletin: 'boolean',
  poids: 'object',
};

async function version(fs: number): Promise<number> {
  const r = await t.db.kysely
    .selectFrom('sco_results_version')
    .select('version')
    .where('formsemestre_id', '=', fs)
    .executeTakeFirst();
  return Number(r?.version ?? 0);
}

describe(`ScoDoc évaluations and notes on ${testDialect}`, () => {
  let evalId: number;

  it('creates an évaluation (9.6 body) with BUT weights; the reply has the §5.7 fields, floats with .0', async () => {
    const v0 = await version(cur);
    const r = await w.post(`/ScoDoc/INFO/api/moduleimpl/${mi}/evaluation/create`, {
      description: 'Partiel',
      evaluation_type: 0,
      date_debut: '2026-10-05T08:00',
      date_fin: '2026-10-05T10:00',
      note_max: 20,
      coefficient: 2,
      visibulletin: true,
      publish_incomplete: false,
      poids: { [ues[0]]: 2, [ues[1]]: 0 },
    });
    expect(r.statusCode).toBe(200);
    const e = r.json();
    expect(typesOf(e)).toEqual(EVAL_TYPES);
    expect(e).toMatchObject({
      moduleimpl_id: mi,
      description: 'Partiel',
      jour: '05/10/2026',
      heure_debut: '08:00',
      heure_fin: '10:00',
    });
    expect(e.date_debut).toMatch(/^2026-10-05T08:00:00[+-]\d{2}:\d{2}$/);
    // D10: integral floats keep ".0"; D13: poids keyed by UE id ascending; missing weight = 1.0 (§6.3).
    expect(r.body).toContain('"coefficient":2.0');
    expect(r.body).toContain('"note_max":20.0');
    expect(Object.keys(e.poids)).toEqual(ues.map(String).sort((a, b) => Number(a) - Number(b)));
    expect(e.poids[String(ues[0])]).toBe(2);
    expect(e.poids[String(ues[1])]).toBe(0);
    expect(e.poids[String(ues[2])]).toBe(1);
    evalId = e.id;
    expect(await version(cur)).toBeGreaterThan(v0);
    const list = await w.get(`/ScoDoc/api/moduleimpl/${mi}/evaluations`);
    expect(list.json().map((x: { id: number }) => x.id)).toContain(evalId);
    expect((await w.get(`/ScoDoc/api/evaluation/${evalId}`)).json()).toEqual(e);
  });

  it('rejects bad évaluation bodies with 400 "<route>: <reason>"', async () => {
    const bad = [
      [{ note_max: 0 }, 'evaluation_create: invalid note_max'],
      [{ coefficient: -1 }, 'evaluation_create: invalid coefficient'],
      [{ evaluation_type: 7 }, 'evaluation_create: invalid evaluation_type'],
      [{ date_debut: '2026-13-01' }, 'evaluation_create: invalid date_debut'],
      [{ poids: { 999999: 1 } }, 'evaluation_create: poids: UE 999999 not used by this module'],
    ] as const;
    for (const [body, msg] of bad) {
      const r = await w.post(`/ScoDoc/api/moduleimpl/${mi}/evaluation/create`, body);
      expect(r.statusCode).toBe(400);
      expect(r.json()).toEqual(scoError(400, msg));
    }
  });

  it('notes/set: all-or-nothing with a per-student report, nothing written on rejection', async () => {
    const e1 = await w.etudOf(cur, 0);
    const e2 = await w.etudOf(cur, 1);
    const cjEtud = await w.etudOf(cj, 0);
    const r = await w.post(`/ScoDoc/api/evaluation/${evalId}/notes/set`, {
      notes: [
        [e1, 12.5],
        [e2, 25],
        [cjEtud, 10],
        [99999999, 10],
        [e1, 'abc'],
      ],
    });
    expect(r.statusCode).toBe(400);
    const body = r.json();
    expect(body).toMatchObject(scoError(400, 'notes_set: 4 valeur(s) rejetée(s), aucune note enregistrée'));
    expect(body.rejected).toEqual([
      { etudid: e2, value: 25, message: "note hors de l'intervalle [0, 20]" },
      { etudid: cjEtud, value: 10, message: 'etudiant non inscrit à ce module' },
      { etudid: 99999999, value: 10, message: 'etudiant inconnu' },
      { etudid: e1, value: 'abc', message: 'valeur invalide' },
    ]);
    expect((await w.get(`/ScoDoc/api/evaluation/${evalId}/notes`)).json()).toEqual({});
  });

  it('notes/set writes numbers and codes, records old → new in the history, bumps the version', async () => {
    const [e1, e2, e3, e4] = await Promise.all([0, 1, 2, 3].map((i) => w.etudOf(cur, i)));
    const v0 = await version(cur);
    const r = await w.post(`/ScoDoc/api/evaluation/${evalId}/notes/set`, {
      notes: [
        [e1, 12.5],
        [e2, 'ABS'],
        [e3, 'EXC'],
        [e4, '8,25'],
      ],
      comment: 'saisie',
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({
      etudids_changed: [e1, e2, e3, e4].sort((a, b) => a - b),
      etudids_with_decision: [],
      history_menu: '4 note(s) modifiée(s)',
      messages: [],
    });
    expect(await version(cur)).toBe(v0 + 1);
    const notes = await w.get(`/ScoDoc/api/evaluation/${evalId}/notes`);
    const n = notes.json();
    expect(Object.keys(n)).toEqual([e1, e2, e3, e4].sort((a, b) => a - b).map(String));
    expect(n[e1]).toMatchObject({
      etudid: e1,
      evaluation_id: evalId,
      value: 12.5,
      note_max: 20,
      comment: 'saisie',
      uid: w.ids.super,
    });
    expect(n[e2].value).toBe('ABS');
    expect(n[e3].value).toBe('EXC');
    expect(n[e4].value).toBe(8.25);
    expect(notes.body).toContain('"note_max":20.0');
    // change one, delete one, leave one unchanged, ignore ""
    const r2 = await w.post(`/ScoDoc/api/evaluation/${evalId}/notes/set`, {
      notes: [
        [e1, 14],
        [e2, 'SUPR'],
        [e3, 'EXC'],
        [e4, ''],
      ],
    });
    expect(r2.json().etudids_changed).toEqual([e1, e2].sort((a, b) => a - b));
    const hist = await t.db.kysely
      .selectFrom('sco_note_history')
      .select(['etudid', 'old_value', 'new_value', 'uid'])
      .where('evaluation_id', '=', evalId)
      .orderBy('id')
      .execute();
    expect(hist.map((h) => [Number(h.etudid), h.old_value, h.new_value, Number(h.uid)])).toEqual(
      expect.arrayContaining([
        [e1, null, '12.5', w.ids.super],
        [e1, '12.5', '14', w.ids.super],
        [e2, null, 'ABS', w.ids.super],
        [e2, 'ABS', null, w.ids.super],
      ]),
    );
    expect(hist).toHaveLength(6);
    expect(Object.keys((await w.get(`/ScoDoc/api/evaluation/${evalId}/notes`)).json())).not.toContain(String(e2));
  });

  it('delete is refused while notes exist; 404 for unknown ids; dept prefix hides other departments', async () => {
    const r = await w.post(`/ScoDoc/api/evaluation/${evalId}/delete`);
    expect(r.statusCode).toBe(400);
    expect(r.json()).toEqual(scoError(400, 'evaluation_delete: des notes existent pour cette évaluation'));
    expect((await w.get('/ScoDoc/api/evaluation/99999999/notes')).json()).toEqual(scoError(404, 'évaluation inconnue'));
    expect((await w.get(`/ScoDoc/CJ/api/evaluation/${evalId}/notes`)).json()).toEqual(
      scoError(404, 'évaluation inconnue'),
    );
    const created = await w.post(`/ScoDoc/api/moduleimpl/${mi}/evaluation/create`, { description: 'vide' });
    const del = await w.post(`/ScoDoc/api/evaluation/${created.json().id}/delete`);
    expect(del.json()).toEqual({ OK: true });
    expect((await w.get(`/ScoDoc/api/evaluation/${created.json().id}`)).statusCode).toBe(404);
  });

  it('401 without token, 403 for a reader writing, staff of the moduleimpl may write, locked semester refuses', async () => {
    expect((await w.get(`/ScoDoc/api/evaluation/${evalId}/notes`, null)).json()).toEqual(
      scoError(401, 'Non autorise (logic)'),
    );
    expect((await w.get(`/ScoDoc/api/evaluation/${evalId}/notes`, 'nobody')).statusCode).toBe(403);
    expect((await w.get(`/ScoDoc/api/evaluation/${evalId}/notes`, 'reader')).statusCode).toBe(200);
    const e1 = await w.etudOf(cur, 0);
    const denied = await w.post(`/ScoDoc/api/evaluation/${evalId}/notes/set`, { notes: [[e1, 1]] }, 'reader');
    expect(denied.json()).toEqual(scoError(403, 'opération non autorisée'));
    // ens_info teaches every INFO moduleimpl (seed): allowed without ScoEditAllNotes.
    const ok = await w.post(`/ScoDoc/INFO/api/evaluation/${evalId}/notes/set`, { notes: [[e1, 11]] }, 'ens_info');
    expect(ok.statusCode).toBe(200);
    const pastEval = await t.db.kysely
      .selectFrom('sco_evaluation as e')
      .innerJoin('sco_moduleimpl as mi', 'mi.id', 'e.moduleimpl_id')
      .select('e.id')
      .where('mi.formsemestre_id', '=', past)
      .executeTakeFirstOrThrow();
    const locked = await w.post(`/ScoDoc/api/evaluation/${pastEval.id}/notes/set`, { notes: [] });
    expect(locked.json()).toEqual(scoError(403, 'formsemestre verrouillé'));
  });

  it('démissionnaires show "DEM" (D27)', async () => {
    const pastEval = await t.db.kysely
      .selectFrom('sco_evaluation as e')
      .innerJoin('sco_moduleimpl as mi', 'mi.id', 'e.moduleimpl_id')
      .select('e.id')
      .where('mi.formsemestre_id', '=', past)
      .where('e.evaluation_type', '=', 0)
      .executeTakeFirstOrThrow();
    const dem = await t.db.kysely
      .selectFrom('sco_inscription')
      .select('etudid')
      .where('formsemestre_id', '=', past)
      .where('etat', '=', 'D')
      .executeTakeFirstOrThrow();
    const n = (await w.get(`/ScoDoc/api/evaluation/${pastEval.id}/notes`)).json();
    expect(n[String(dem.etudid)].value).toBe('DEM');
    const values = Object.values(n).map((x) => (x as { value: unknown }).value);
    expect(values.every((v) => typeof v === 'number' || ['ABS', 'EXC', 'ATT', 'DEM'].includes(v as string))).toBe(true);
  });
});
