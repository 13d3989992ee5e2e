import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testDialect } from '../../../../test/harness.js';
import { buildWorld, scoError, type World } from '../../testing/world.js';
import {
  ASSIDUITE_FIELDS,
  formsemestreDates,
  LOCAL_DATETIME,
  lastSunday,
  monday,
  resultsVersion,
  rowCounts,
  shapeErrors,
} from './attendance-world.js';

let t: TestApp;
let w: World;
let fs: number; // INFO S1, current
let fsCj: number;
let fsDates: { date_debut: string; date_fin: string };
let e0: number;
let e1: number;
let e2: number;
let nip0: string;
let ine0: string;
let mi: number[]; // moduleimpls of fs
let miCj: number;
let mon: string; // a Monday inside fs
let tue: string;
beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t);
  fs = w.demo.formsemestres[2].id;
  fsCj = w.demo.formsemestres[4].id;
  fsDates = await formsemestreDates(w, fs);
  [e0, e1, e2] = [await w.etudOf(fs, 0), await w.etudOf(fs, 1), await w.etudOf(fs, 2)];
  const e = await t.db.kysely
    .selectFrom('sco_etudiant')
    .select(['code_nip', 'code_ine'])
    .where('id', '=', e0)
    .executeTakeFirstOrThrow();
  nip0 = e.code_nip;
  ine0 = e.code_ine;
  mi = (
    await t.db.kysely
      .selectFrom('sco_moduleimpl')
      .select('id')
      .where('formsemestre_id', '=', fs)
      .orderBy('id')
      .execute()
  ).map((r) => Number(r.id));
  miCj = Number(
    (
      await t.db.kysely
        .selectFrom('sco_moduleimpl')
        .select('id')
        .where('formsemestre_id', '=', fsCj)
        .executeTakeFirstOrThrow()
    ).id,
  );
  mon = monday(fsDates.date_debut, 6);
  tue = new Date(Date.parse(`${mon}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
});
afterAll(async () => t?.close());

const G = '/ScoDoc/api';
const D = '/ScoDoc/INFO/api';
const ids = (l: { assiduite_id: number }[]) => l.map((a) => a.assiduite_id);

describe(`ScoDoc assiduités on ${testDialect}`, () => {
  let a0: number;
  let a1: number;
  let a2: number;
  let a3: number;

  it('create as the PHP portal does: dept prefix, nip, raw JSON sent as a form (compat 12, 15–17, 21)', async () => {
    const before = await resultsVersion(w, fs);
    const r = await t.app.inject({
      method: 'POST',
      url: `${D}/assiduite/nip/${nip0}/create`,
      headers: {
        authorization: `Bearer ${await w.token('secr_info')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: JSON.stringify([
        {
          date_debut: `${mon}T08:00`,
          date_fin: `${mon}T10:00`,
          etat: 'absent',
          moduleimpl_id: mi[0],
          desc: 'Cours de maths',
          external_data: { enseignant: 'M. Dupont', salle: ['B12', 2] },
        },
      ]),
    });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.errors).toEqual([]);
    expect(body.success).toHaveLength(1);
    expect(body.success[0].indice).toBe(0);
    expect(Number.isInteger(body.success[0].message.assiduite_id)).toBe(true);
    a0 = body.success[0].message.assiduite_id;
    // Every attendance write bumps the results version of the formsemestres it touches (issue 5 caches).
    expect(await resultsVersion(w, fs)).toBe(before + 1);

    const one = (await w.get(`${G}/assiduite/${a0}`, 'lecteur_api')).json();
    expect(shapeErrors(one, ASSIDUITE_FIELDS)).toEqual([]);
    expect(one).toMatchObject({
      assiduite_id: a0,
      etudid: e0,
      code_nip: nip0,
      moduleimpl_id: mi[0],
      etat: 'ABSENT',
      desc: 'Cours de maths',
      user_id: w.ids.secr_info,
      user_name: 'secr_info',
      user_nom_complet: 'Sophie Petit',
      est_just: false,
      external_data: { enseignant: 'M. Dupont', salle: ['B12', 2] },
    });
    for (const k of ['date_debut', 'date_fin', 'entry_date']) expect(one[k]).toMatch(LOCAL_DATETIME);
    // P reads the text before "+" as wall-clock time: 08:00 stays 08:00.
    expect(one.date_debut.slice(0, 16)).toBe(`${mon}T08:00`);
    expect(one.date_fin.slice(0, 16)).toBe(`${mon}T10:00`);
    expect((await w.get(`${D}/assiduite/${a0}`)).json().assiduite_id).toBe(a0);
    expect((await w.get(`/ScoDoc/CJ/api/assiduite/${a0}`)).json()).toEqual(scoError(404, 'assiduité inconnue'));
    expect((await w.get(`${G}/assiduite/999999`)).json()).toEqual(scoError(404, 'assiduité inconnue'));
  });

  it('create on every student form and both prefixes; /assiduites/create with etudid items', async () => {
    const body = (d: string, from: string, to: string, etat: string) => [
      { date_debut: `${d}T${from}`, date_fin: `${d}T${to}`, etat },
    ];
    const r1 = await w.post(`${G}/assiduite/${e0}/create`, body(mon, '10:00', '12:00', 'RETARD'), 'secr_info');
    const r2 = await w.post(`${D}/assiduite/etudid/${e0}/create`, body(mon, '14:00', '15:00', 'Present'), 'ens_info');
    const r3 = await w.post(`${G}/assiduite/ine/${ine0}/create`, body(tue, '08:00', '18:00', 'absent'), 'chef_info');
    a1 = r1.json().success[0].message.assiduite_id;
    a2 = r2.json().success[0].message.assiduite_id;
    a3 = r3.json().success[0].message.assiduite_id;
    for (const x of [a1, a2, a3]) expect(Number.isInteger(x)).toBe(true);
    const many = await w.post(
      `${D}/assiduites/create`,
      [
        { etudid: e1, date_debut: `${mon}T08:00`, date_fin: `${mon}T09:00`, etat: 'absent' },
        { etudid: String(e2), date_debut: `${mon}T08:00:00+01:00`, date_fin: `${mon}T09:00:00+01:00`, etat: 'retard' },
      ],
      'secr_info',
    );
    expect(many.json().errors).toEqual([]);
    expect(many.json().success.map((s: { indice: number }) => s.indice)).toEqual([0, 1]);
    const l = (await w.get(`${G}/assiduites/${e0}`)).json();
    expect(ids(l)).toEqual([a0, a1, a2, a3]);
    expect(l.map((a: { etat: string }) => a.etat)).toEqual(['ABSENT', 'RETARD', 'PRESENT', 'ABSENT']);
  });

  it('lists: <int>, etudid/, nip/, ine/ with and without /query, both prefixes; oldest first (AS12)', async () => {
    const want = [a0, a1, a2, a3];
    for (const p of [G, D]) {
      for (const k of [`${e0}`, `etudid/${e0}`, `nip/${nip0}`, `ine/${ine0}`]) {
        for (const q of ['', '/query', '/query?']) {
          const r = await w.get(`${p}/assiduites/${k}${q}`, 'lecteur_api');
          expect(r.statusCode, `${p}/assiduites/${k}${q}`).toBe(200);
          expect(ids(r.json())).toEqual(want);
        }
      }
    }
    expect((await w.get(`/ScoDoc/CJ/api/assiduites/${e0}`)).json()).toEqual(scoError(404, 'etudiant inconnu'));
    expect((await w.get(`${G}/assiduites/nip/nope/query`)).json()).toEqual(scoError(404, 'etudiant inconnu'));
    expect((await w.get(`${G}/assiduites/etudid/x1`)).statusCode).toBe(404);
    // A NUL byte is no code (PostgreSQL refuses it in text): a clean 404, never a 500.
    expect((await w.get(`${G}/assiduites/nip/a%00b/query`)).json()).toEqual(scoError(404, 'etudiant inconnu'));
    expect((await w.get(`${G}/assiduites/formsemestre/${fs}/count/query?etat=%00&metric=%00`)).statusCode).toBe(200);
    for (const a of (await w.get(`${G}/assiduites/${e0}`)).json()) {
      expect(shapeErrors(a, ASSIDUITE_FIELDS)).toEqual([]);
      expect(a).not.toHaveProperty('justificatifs');
    }
  });

  it('query filters: etat, dates, moduleimpl_id, est_just, user_id, formsemestre_id, group_id (§2)', async () => {
    const q = async (s: string) => ids((await w.get(`${G}/assiduites/${e0}/query?${s}`)).json());
    expect(await q('etat=absent')).toEqual([a0, a3]);
    expect(await q('etat=ABSENT,retard')).toEqual([a0, a1, a3]);
    expect(await q('etat=nope')).toEqual([]);
    // Records overlapping the window, bounds inclusive; date-only date_fin = the end of that day (AS2).
    expect(await q(`date_debut=${mon}T10:00&date_fin=${mon}T14:00`)).toEqual([a0, a1, a2]);
    expect(await q(`date_debut=${tue}`)).toEqual([a3]);
    expect(await q(`date_fin=${mon}`)).toEqual([a0, a1, a2]);
    expect(await q(`moduleimpl_id=${mi[0]}`)).toEqual([a0]);
    expect(await q('moduleimpl_id=')).toEqual([a1, a2, a3]);
    expect(await q('est_just=0')).toEqual([a0, a1, a2, a3]);
    expect(await q('est_just=1')).toEqual([]);
    expect(await q(`user_id=${w.ids.secr_info}`)).toEqual([a0, a1]);
    expect(await q(`formsemestre_id=${fs}`)).toEqual([a0, a1, a2, a3]);
    expect(await q(`formsemestre_id=${w.demo.formsemestres[3].id}`)).toEqual([]);
    const groupe = await t.db.kysely
      .selectFrom('sco_group_member')
      .select('group_id')
      .where('etudid', '=', e0)
      .executeTakeFirstOrThrow();
    expect(await q(`group_id=${groupe.group_id}`)).toEqual([a0, a1, a2, a3]);
    expect(await q('unknown=1&formation_id=')).toEqual([a0, a1, a2, a3]);
    // Malformed values: 404 with ScoDoc's text (D16).
    expect((await w.get(`${G}/assiduites/${e0}/query?date_debut=hier`)).json()).toEqual(
      scoError(404, "param 'date_debut': format invalide"),
    );
    expect((await w.get(`${G}/assiduites/${e0}/query?moduleimpl_id=x`)).json()).toEqual(
      scoError(404, "param 'moduleimpl_id': invalide"),
    );
    expect((await w.get(`${G}/assiduites/${e0}/query?formsemestre_id=999999`)).json()).toEqual(
      scoError(404, 'formsemestre inconnu'),
    );
  });

  it('formsemestre list: every student, code_nip, justificatifs[] with with_justifs=1 (compat 24); group/query', async () => {
    for (const p of [G, D]) {
      for (const q of ['', '/query', '/query?with_justifs=1']) {
        const l = (await w.get(`${p}/assiduites/formsemestre/${fs}${q}`, 'lecteur_api')).json();
        expect(l.length).toBe(6);
        for (const a of l) {
          expect(typeof a.code_nip).toBe('string');
          if (q.includes('with_justifs')) expect(Array.isArray(a.justificatifs)).toBe(true);
          else expect(a).not.toHaveProperty('justificatifs');
        }
      }
    }
    const only = (await w.get(`${G}/assiduites/formsemestre/${fs}/query?etat=retard`)).json();
    expect(only.map((a: { etudid: number }) => a.etudid).sort()).toEqual([e0, e2].sort());
    expect((await w.get(`/ScoDoc/CJ/api/assiduites/formsemestre/${fs}`)).json()).toEqual(
      scoError(404, 'formsemestre inconnu'),
    );
    expect((await w.get(`${G}/assiduites/formsemestre/${fsCj}`)).json()).toEqual([]);
    const g = (await w.get(`${G}/assiduites/group/query?etudids=${e1},${e0},999999`)).json();
    expect(Object.keys(g)).toEqual([e0, e1, 999999].sort((a, b) => a - b).map(String));
    expect(ids(g[String(e0)])).toEqual([a0, a1, a2, a3]);
    expect(g['999999']).toEqual([]);
    expect((await w.get(`${G}/assiduites/group/query?etudids=1,x`)).json()).toEqual(
      scoError(404, "param 'etudids': invalide"),
    );
  });

  it('counts of a student: metrics, metric= list, split shape read by P (compat 25), both prefixes', async () => {
    // e0: Mon 08–10 ABSENT, 10–12 RETARD, 14–15 PRESENT; Tue 08–18 ABSENT.
    // compte 4; journee 2; demi Mon am + Mon pm + Tue am + Tue pm = 4; heure 2 + 2 + 1 + 10 = 15.
    for (const p of [G, D]) {
      for (const k of [`${e0}`, `etudid/${e0}`, `nip/${nip0}`, `ine/${ine0}`]) {
        const c = await w.get(`${p}/assiduites/${k}/count`);
        expect(c.json()).toEqual({ compte: 4, journee: 2, demi: 4, heure: 15 });
        expect(c.body).toContain('"heure":15.0');
      }
    }
    expect((await w.get(`${G}/assiduites/${e0}/count/query?metric=demi,heure`)).json()).toEqual({ demi: 4, heure: 15 });
    expect((await w.get(`${G}/assiduites/${e0}/count/query?etat=absent`)).json()).toEqual({
      compte: 2,
      journee: 2,
      demi: 3,
      heure: 12,
    });
    for (const m of ['heure', 'demi', 'journee', 'compte']) {
      const s = (await w.get(`${G}/assiduites/nip/${nip0}/count/query?split=1&metric=${m}`)).json();
      expect(Object.keys(s)).toEqual(['absent', 'retard', 'present', 'total']);
      expect(typeof s.absent.justifie[m]).toBe('number');
      expect(typeof s.absent.non_justifie[m]).toBe('number');
      for (const b of [s.absent, s.retard]) {
        expect(Object.keys(b).sort()).toEqual(['compte', 'demi', 'heure', 'journee', 'justifie', 'non_justifie']);
      }
      expect(Object.keys(s.present).sort()).toEqual(['compte', 'demi', 'heure', 'journee']);
    }
    const s = (await w.get(`${G}/assiduites/${e0}/count/query?split=1`)).json();
    expect(s.absent).toEqual({
      compte: 2,
      journee: 2,
      demi: 3,
      heure: 12,
      justifie: { compte: 0, journee: 0, demi: 0, heure: 0 },
      non_justifie: { compte: 2, journee: 2, demi: 3, heure: 12 },
    });
    expect(s.retard).toMatchObject({ compte: 1, heure: 2, demi: 1 });
    expect(s.total).toEqual({ compte: 4, journee: 2, demi: 4, heure: 15 });
  });

  it('formsemestre counts sum the students (AS15), are cached in the database and follow every write', async () => {
    const url = `${G}/assiduites/formsemestre/${fs}/count/query?split=1&metric=demi`;
    const c1 = (await w.get(url)).json();
    // e0: 4 records; e1: 1 absent 08–09; e2: 1 retard 08–09.
    expect(c1.total.compte).toBe(6);
    expect(c1.absent.compte).toBe(3);
    expect(c1.absent.demi).toBe(4);
    expect(c1.retard.compte).toBe(2);
    expect((await w.get(url)).json()).toEqual(c1);
    const cached = await t.db.kysely.selectFrom('sco_assiduites_count_cache').select('formsemestre_id').execute();
    expect(cached.map((r) => Number(r.formsemestre_id))).toContain(fs);
    expect((await w.get(`${D}/assiduites/formsemestre/${fs}/count`)).json()).toEqual({
      compte: 6,
      journee: 4,
      demi: 6,
      heure: 17,
    });
    // A write through a second instance is seen by both (the cache keys on the database version).
    const other = await t.another();
    const add = await other.inject({
      method: 'POST',
      url: `${G}/assiduite/${e1}/create`,
      headers: { authorization: `Bearer ${await w.token('secr_info')}`, 'content-type': 'application/json' },
      payload: JSON.stringify([{ date_debut: `${tue}T14:00`, date_fin: `${tue}T16:00`, etat: 'ABSENT' }]),
    });
    const extra = add.json().success[0].message.assiduite_id;
    expect((await w.get(url)).json().absent.compte).toBe(4);
    const viaOther = await other.inject({
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${await w.token('super')}` },
    });
    expect(viaOther.json().absent.compte).toBe(4);
    await w.post(`${G}/assiduite/delete`, [extra], 'secr_info');
    expect((await w.get(url)).json()).toEqual(c1);
    expect((await w.get(`${G}/assiduites/formsemestre/999999/count`)).json()).toEqual(
      scoError(404, 'formsemestre inconnu'),
    );
  });

  it('edit one: {"OK": true}; est_just supplied is ignored (AS5); refusals are JSON 404 with the texts', async () => {
    const r = await w.post(
      `${G}/assiduite/${a1}/edit`,
      { etat: 'absent', desc: 'bus', est_just: true, external_data: { enseignant: 'Mme X' } },
      'ens_info',
    );
    expect(r.json()).toEqual({ OK: true });
    const a = (await w.get(`${G}/assiduite/${a1}`)).json();
    expect(a).toMatchObject({ etat: 'ABSENT', desc: 'bus', est_just: false, external_data: { enseignant: 'Mme X' } });
    const before = await rowCounts(w);
    expect((await w.post(`${G}/assiduite/${a1}/edit`, { etat: 'parti' }, 'ens_info')).json()).toEqual(
      scoError(404, "param 'etat': invalide"),
    );
    expect((await w.post(`${G}/assiduite/${a1}/edit`, { moduleimpl_id: miCj }, 'ens_info')).json()).toEqual(
      scoError(404, "param 'moduleimpl_id': invalide"),
    );
    expect((await w.post(`${G}/assiduite/${a1}/edit`, { external_data: [1] }, 'ens_info')).json()).toEqual(
      scoError(404, "param 'external_data': n'est pas un objet JSON"),
    );
    expect((await w.post(`${G}/assiduite/999999/edit`, { etat: 'absent' }, 'ens_info')).json()).toEqual(
      scoError(404, 'assiduité inconnue'),
    );
    expect(await rowCounts(w)).toEqual(before);
    expect(
      (await w.post(`${G}/assiduite/${a1}/edit`, { etat: 'retard', moduleimpl_id: mi[1] }, 'ens_info')).json(),
    ).toEqual({
      OK: true,
    });
    expect((await w.get(`${G}/assiduite/${a1}`)).json()).toMatchObject({ etat: 'RETARD', moduleimpl_id: mi[1] });
  });

  it('edit in batch: envelope, success "OK", each item alone', async () => {
    const before = await rowCounts(w);
    const r = await w.post(
      `${D}/assiduites/edit`,
      [{ assiduite_id: a2, desc: 'présent au TP' }, { assiduite_id: 999999, etat: 'absent' }, { desc: 'x' }, 'nope'],
      'secr_info',
    );
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({
      errors: [
        { indice: 1, message: 'Assiduite non existante' },
        { indice: 2, message: "param 'assiduite_id': manquant" },
        { indice: 3, message: "L'élément n'est pas un objet JSON" },
      ],
      success: [{ indice: 0, message: 'OK' }],
    });
    expect((await w.get(`${G}/assiduite/${a2}`)).json().desc).toBe('présent au TP');
    const after = await rowCounts(w);
    expect(after.sco_assiduite).toBe(before.sco_assiduite);
    expect(after.audit_log).toBe(before.audit_log + 1);
    expect((await w.post(`${G}/assiduites/edit`, { assiduite_id: a2 }, 'secr_info')).json()).toEqual(
      scoError(404, "Le contenu envoyé n'est pas une liste"),
    );
  });

  it('bad input on create: each refused item gets its text, valid ones are written, nothing else changes', async () => {
    // A student inscribed nowhere, and e2 taken out of the first module.
    const [lone] = await t.db.kysely
      .insertInto('sco_etudiant')
      .values({
        dept_id: w.demo.depts.INFO,
        civilite: 'M',
        nom: 'SEUL',
        prenom: 'Jean',
        sort_key: 'seul;jean',
        code_nip: 'LONE1',
      })
      .returning('id')
      .execute();
    await t.db.kysely
      .deleteFrom('sco_moduleimpl_inscription')
      .where('etudid', '=', e2)
      .where('moduleimpl_id', '=', mi[0])
      .execute();
    const wed = new Date(Date.parse(`${mon}T00:00:00Z`) + 2 * 86_400_000).toISOString().slice(0, 10);
    const sat = new Date(Date.parse(`${mon}T00:00:00Z`) + 5 * 86_400_000).toISOString().slice(0, 10);
    const before = await rowCounts(w);
    const ok = { date_debut: `${wed}T08:00`, date_fin: `${wed}T09:00`, etat: 'absent' };
    const items: [unknown, string | null][] = [
      [{ ...ok, etudid: e1 }, null],
      [
        { ...ok, etudid: e1, date_debut: `${wed}T08:30` },
        'Duplication: la période rentre en conflit avec une plage enregistrée',
      ],
      [
        { ...ok, etudid: e0, date_debut: `${mon}T09:00`, date_fin: `${mon}T11:00` },
        'Duplication: la période rentre en conflit avec une plage enregistrée',
      ],
      [
        { ...ok, etudid: e1, date_debut: `${wed}T10:00`, date_fin: `${wed}T09:00` },
        'La date de fin doit être postérieure à la date de début',
      ],
      [
        { ...ok, etudid: e1, date_debut: `${wed}T10:00`, date_fin: `${wed}T10:00` },
        'La date de fin doit être postérieure à la date de début',
      ],
      [
        { ...ok, etudid: e1, date_debut: '2001-01-08T08:00', date_fin: '2001-01-08T09:00' },
        "L'étudiant n'est pas inscrit à un semestre couvrant cette période",
      ],
      [{ ...ok, etudid: Number(lone.id) }, "L'étudiant n'est pas inscrit à un semestre couvrant cette période"],
      [
        { ...ok, etudid: e1, date_debut: `${wed}T12:00`, date_fin: `${wed}T12:30`, moduleimpl_id: 999999 },
        "param 'moduleimpl_id': invalide",
      ],
      [
        { ...ok, etudid: e1, date_debut: `${wed}T12:30`, date_fin: `${wed}T13:00`, moduleimpl_id: miCj },
        "param 'moduleimpl_id': invalide",
      ],
      [{ ...ok, etudid: e1, moduleimpl_id: 'abc' }, "param 'moduleimpl_id': invalide"],
      [{ ...ok, etudid: e2, moduleimpl_id: mi[0] }, "L'étudiant n'est pas inscrit au module"],
      [{ ...ok, etudid: e1, etat: 'malade' }, "param 'etat': invalide"],
      [{ ...ok, etudid: e1, etat: undefined }, "param 'etat': manquant"],
      [{ ...ok, etudid: e1, date_debut: '08/10/2026 08:00' }, "param 'date_debut': format invalide"],
      [{ ...ok, etudid: e1, date_fin: '2026-02-30T08:00' }, "param 'date_fin': format invalide"],
      [{ etudid: e1, etat: 'absent' }, "param 'date_debut': manquant, param 'date_fin': manquant"],
      [
        { ...ok, etudid: e1, date_debut: `${sat}T08:00`, date_fin: `${sat}T09:00` },
        "La date de début n'est pas un jour travaillé, La date de fin n'est pas un jour travaillé",
      ],
      [
        { ...ok, etudid: e1, date_debut: `${wed}T11:00`, date_fin: `${wed}T12:00`, external_data: 'texte' },
        "param 'external_data': n'est pas un objet JSON",
      ],
      [{ ...ok, etudid: 'x' }, "param 'etudid': invalide"],
      [{ ...ok, etudid: 1e20 }, "param 'etudid': invalide"],
      [
        { ...ok, etudid: e1, date_debut: `${wed}T13:30`, date_fin: `${wed}T14:00`, moduleimpl_id: 1e20 },
        "param 'moduleimpl_id': invalide",
      ],
      [{ ...ok, etudid: 999999 }, "param 'etudid': invalide"],
      [{ ...ok, etudid: await w.etudOf(fsCj) }, "param 'etudid': invalide"],
      [42, "L'élément n'est pas un objet JSON"],
      [
        { ...ok, etudid: e1, date_debut: `${wed}T13:00`, date_fin: `${wed}T13:30`, desc: 'a\u0000b' },
        "param 'desc': invalide",
      ],
      [{ ...ok, etudid: e1, date_debut: `${wed}T09:00`, date_fin: `${wed}T10:00`, moduleimpl_id: mi[2] }, null],
    ];
    const r = await w.post(
      `${D}/assiduites/create`,
      items.map(([i]) => i),
      'secr_info',
    );
    expect(r.statusCode).toBe(200);
    const body = r.json();
    const expectedErrors = items.flatMap(([, m], indice) => (m === null ? [] : [{ indice, message: m }]));
    expect(body.errors).toEqual(expectedErrors);
    expect(body.success.map((s: { indice: number }) => s.indice)).toEqual([0, items.length - 1]);
    const after = await rowCounts(w);
    // Two rows, one version bump, one audit record: nothing else.
    expect(after).toEqual({
      ...before,
      sco_assiduite: before.sco_assiduite + 2,
      versions: before.versions + 1,
      audit_log: before.audit_log + 1,
    });
    // Whole-request refusals.
    const again = await rowCounts(w);
    expect((await w.post(`${G}/assiduite/${e1}/create`, { ...ok }, 'secr_info')).json()).toEqual(
      scoError(404, "Le contenu envoyé n'est pas une liste"),
    );
    expect((await w.post(`${G}/assiduite/${e1}/create`, '[{"etat":', 'secr_info')).json()).toEqual(
      scoError(400, 'assiduite_create: invalid json'),
    );
    expect((await w.post(`${G}/assiduite/${e1}/create`, [], 'secr_info')).json()).toEqual({ errors: [], success: [] });
    expect(
      (await w.post(`${G}/assiduite/${e1}/create`, [{ ...ok, etudid: 1 }, {}], 'secr_info')).json().errors,
    ).toEqual([
      { indice: 0, message: 'Duplication: la période rentre en conflit avec une plage enregistrée' },
      {
        indice: 1,
        message: "param 'etat': manquant, param 'date_debut': manquant, param 'date_fin': manquant",
      },
    ]);
    expect(await rowCounts(w)).toEqual(again);
  });

  it('delete in batch: truthy success[0].message, errors [] (compat 19); unknown ids refused alone', async () => {
    const mk = await w.post(
      `${G}/assiduite/${e1}/create`,
      [{ date_debut: `${tue}T16:00`, date_fin: `${tue}T17:00`, etat: 'absent' }],
      'secr_info',
    );
    const id = mk.json().success[0].message.assiduite_id;
    const r = await w.post(`${G}/assiduite/delete`, [id], 'secr_info');
    expect(r.json().errors).toEqual([]);
    expect(r.json().success[0].message).toBeTruthy();
    expect((await w.get(`${G}/assiduite/${id}`)).statusCode).toBe(404);
    const before = await rowCounts(w);
    expect((await w.post(`${G}/assiduite/delete`, [id, 'x', a0, a0], 'ens_cj')).json()).toEqual({
      errors: [
        { indice: 0, message: 'Assiduite non existante' },
        { indice: 1, message: 'Assiduite non existante' },
        { indice: 2, message: 'opération non autorisée' },
        { indice: 3, message: 'opération non autorisée' },
      ],
      success: [],
    });
    expect((await w.post(`${G}/assiduite/delete`, [1e20, '99999999999999999999'], 'secr_info')).json().errors).toEqual([
      { indice: 0, message: 'Assiduite non existante' },
      { indice: 1, message: 'Assiduite non existante' },
    ]);
    // A student of another department: forbidden on the global prefix (D4), unknown on a department prefix (D5).
    const cj = await w.etudOf(fsCj);
    const item = { etudid: cj, date_debut: `${mon}T08:00`, date_fin: `${mon}T09:00`, etat: 'absent' };
    expect((await w.post(`${G}/assiduites/create`, [item], 'secr_info')).json().errors).toEqual([
      { indice: 0, message: 'opération non autorisée' },
    ]);
    expect((await w.post(`${D}/assiduites/create`, [item], 'secr_info')).json().errors).toEqual([
      { indice: 0, message: "param 'etudid': invalide" },
    ]);
    expect((await w.post(`/ScoDoc/CJ/api/assiduite/delete`, [a0], 'ens_cj')).json().errors).toEqual([
      { indice: 0, message: 'Assiduite non existante' },
    ]);
    expect((await w.post(`${G}/assiduite/delete`, { id: a0 }, 'secr_info')).json()).toEqual(
      scoError(404, "Le contenu envoyé n'est pas une liste"),
    );
    expect(await rowCounts(w)).toEqual(before);
  });

  it('permissions: 401 without token, ScoView to read, ScoAbsChange to write, department rules (D4, D5)', async () => {
    const reads = [
      `/assiduite/${a0}`,
      `/assiduite/${a0}/justificatifs`,
      `/assiduite/${a0}/justificatifs/long`,
      `/assiduites/${e0}`,
      `/assiduites/etudid/${e0}/query`,
      `/assiduites/nip/${nip0}/count/query`,
      `/assiduites/ine/${ine0}/count`,
      `/assiduites/formsemestre/${fs}`,
      `/assiduites/formsemestre/${fs}/count/query`,
      `/assiduites/group/query?etudids=${e0}`,
    ];
    const writes: [string, unknown][] = [
      [`/assiduite/${e0}/create`, []],
      [`/assiduite/nip/${nip0}/create`, []],
      ['/assiduites/create', []],
      [`/assiduite/${a0}/edit`, {}],
      ['/assiduites/edit', []],
      ['/assiduite/delete', []],
    ];
    for (const p of [G, D]) {
      for (const u of reads) {
        expect((await w.get(p + u, null)).json(), u).toEqual(scoError(401, 'Non autorise (logic)'));
        expect((await w.get(p + u, 'observateur')).json(), u).toEqual(scoError(403, 'opération non autorisée'));
        expect((await w.get(p + u, 'nobody')).statusCode, u).toBe(403);
        expect((await w.get(p + u, 'lecteur_api')).statusCode, u).toBe(200);
      }
      for (const [u, b] of writes) {
        expect((await w.post(p + u, b, null)).statusCode, u).toBe(401);
        expect((await w.post(p + u, b, 'lecteur_api')).json(), u).toEqual(scoError(403, 'opération non autorisée'));
        expect((await w.post(p + u, b, 'observateur')).statusCode, u).toBe(403);
      }
    }
    // An Ens of CJ: INFO objects are unknown under /ScoDoc/CJ/api, forbidden on the global prefix.
    expect((await w.get(`/ScoDoc/CJ/api/assiduite/${a0}`, 'ens_cj')).statusCode).toBe(404);
    expect((await w.get(`${G}/assiduite/${a0}`, 'ens_cj')).json()).toEqual(scoError(403, 'opération non autorisée'));
    expect((await w.post(`${G}/assiduite/${e0}/create`, [], 'ens_cj')).json()).toEqual(
      scoError(403, 'opération non autorisée'),
    );
    expect((await w.post(`/ScoDoc/CJ/api/assiduite/${a0}/edit`, { desc: 'x' }, 'ens_cj')).statusCode).toBe(404);
    // Old ≤ 9.5 routes are not served (AS16).
    expect((await w.get(`${G}/absences/etudid/${e0}`)).json()).toEqual(scoError(404));
  });
});

describe(`ScoDoc attendance lists without N+1 on ${testDialect}`, () => {
  it('lists run a fixed number of statements, whatever the number of students and records', async () => {
    const count = async (url: string) => {
      await w.get(url);
      const before = t.db.queryCount();
      const r = await w.get(url);
      expect([url, r.statusCode]).toEqual([url, 200]);
      return t.db.queryCount() - before;
    };
    // Last year's S2: one student with one record and a justificatif, against this year's S1 (many).
    const fs2 = w.demo.formsemestres[1].id;
    const e = await w.etudOf(fs2, 1);
    const m = monday((await formsemestreDates(w, fs2)).date_debut, 2);
    await w.post(
      `${G}/assiduite/${e}/create`,
      [{ date_debut: `${m}T08:00`, date_fin: `${m}T09:00`, etat: 'absent' }],
      'chef_info',
    );
    await w.post(
      `${G}/justificatif/${e}/create`,
      [{ date_debut: `${m}T00:00`, date_fin: `${m}T23:00`, etat: 'valide' }],
      'chef_info',
    );
    await w.post(
      `${G}/justificatif/${e0}/create`,
      [{ date_debut: `${mon}T00:00`, date_fin: `${mon}T23:00`, etat: 'attente' }],
      'ens_info',
    );
    for (const q of ['', '?with_justifs=1']) {
      const many = await count(`${G}/assiduites/formsemestre/${fs}/query${q}`);
      expect([q, many]).toEqual([q, await count(`${G}/assiduites/formsemestre/${fs2}/query${q}`)]);
      expect(many).toBeLessThanOrEqual(8);
    }
    const g1 = await count(`${G}/assiduites/group/query?etudids=${e0}&with_justifs=1`);
    expect(await count(`${G}/assiduites/group/query?etudids=${[e0, e1, e2, e].join(',')}&with_justifs=1`)).toBe(g1);
    expect(await count(`${G}/justificatifs/formsemestre/${fs}`)).toBe(
      await count(`${G}/justificatifs/formsemestre/${fs2}`),
    );
    expect(await count(`${G}/justificatifs/dept/${w.demo.depts.INFO}`)).toBeLessThanOrEqual(
      (await count(`${G}/justificatifs/dept/${w.demo.depts.CJ}`)) + 2,
    );
  });
});

describe(`ScoDoc assiduités written concurrently on ${testDialect}`, () => {
  it('two instances creating the same slot at once: exactly one is written (AS3 holds across instances)', async () => {
    const other = await t.another();
    const e = await w.etudOf(fs, 7);
    const thu = new Date(Date.parse(`${mon}T00:00:00Z`) + 3 * 86_400_000).toISOString().slice(0, 10);
    const body = JSON.stringify([{ date_debut: `${thu}T08:00`, date_fin: `${thu}T10:00`, etat: 'absent' }]);
    const headers = { authorization: `Bearer ${await w.token('secr_info')}`, 'content-type': 'application/json' };
    for (let round = 0; round < 3; round++) {
      const url = `${G}/assiduite/${e}/create`;
      const slot = JSON.parse(body);
      slot[0].date_debut = `${thu}T${10 + 2 * round}:00`;
      slot[0].date_fin = `${thu}T${11 + 2 * round}:00`;
      const payload = JSON.stringify(slot);
      const [r1, r2] = await Promise.all([
        t.app.inject({ method: 'POST', url, headers, payload }),
        other.inject({ method: 'POST', url, headers, payload }),
      ]);
      const both = [r1.json(), r2.json()];
      expect(both.map((b) => b.success.length).sort()).toEqual([0, 1]);
      expect(both.flatMap((b) => b.errors.map((x: { message: string }) => x.message))).toEqual([
        'Duplication: la période rentre en conflit avec une plage enregistrée',
      ]);
    }
    expect((await w.get(`${G}/assiduites/${e}`)).json()).toHaveLength(3);
  });
});

describe(`ScoDoc assiduités across daylight-saving changes on ${testDialect}`, () => {
  it('October: +02:00 before, +01:00 after; a record spanning the change counts its working hours', async () => {
    const y = Number(fsDates.date_debut.slice(0, 4));
    const sun = lastSunday(y, 10);
    const day = (n: number) => new Date(Date.parse(`${sun}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    const [fri, mon2] = [day(-2), day(1)];
    const e = await w.etudOf(fs, 5);
    const r = await w.post(
      `${G}/assiduite/${e}/create`,
      [
        { date_debut: `${fri}T08:00`, date_fin: `${fri}T09:00`, etat: 'absent' },
        { date_debut: `${mon2}T10:00:00`, date_fin: `${mon2}T11:00:00`, etat: 'absent' },
        // Same wall-clock slot sent with explicit offsets and Z.
        { date_debut: `${fri}T10:00:00+02:00`, date_fin: `${fri}T09:00:00Z`, etat: 'retard' },
        // Spans the change; touches Monday 10:00 (allowed, AS3).
        { date_debut: `${fri}T16:00`, date_fin: `${mon2}T10:00`, etat: 'present' },
      ],
      'secr_info',
    );
    expect(r.json().errors).toEqual([]);
    const l = (await w.get(`${G}/assiduites/${e}`)).json();
    expect(l.map((a: { date_debut: string; date_fin: string }) => [a.date_debut, a.date_fin])).toEqual([
      [`${fri}T08:00:00+02:00`, `${fri}T09:00:00+02:00`],
      [`${fri}T10:00:00+02:00`, `${fri}T11:00:00+02:00`],
      [`${fri}T16:00:00+02:00`, `${mon2}T10:00:00+01:00`],
      [`${mon2}T10:00:00+01:00`, `${mon2}T11:00:00+01:00`],
    ]);
    const s = (await w.get(`${G}/assiduites/${e}/count/query?split=1`)).json();
    // Fri 16–18 (2 h) + Mon 08–10 (2 h) = 4 h, though the instant difference is 67 h.
    expect(s.present).toEqual({ compte: 1, journee: 2, demi: 2, heure: 4 });
    expect(s.absent).toMatchObject({ compte: 2, journee: 2, demi: 2, heure: 2 });
  });

  it('March: a student of the past S2 (+01:00 before, +02:00 after), queries with naive bounds', async () => {
    const fs2 = w.demo.formsemestres[1].id;
    const y = Number((await formsemestreDates(w, fs2)).date_debut.slice(0, 4));
    const sun = lastSunday(y, 3);
    const day = (n: number) => new Date(Date.parse(`${sun}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    const [fri, mon2] = [day(-2), day(1)];
    const e = await w.etudOf(fs2, 3);
    const r = await w.post(
      `${G}/assiduite/${e}/create`,
      [
        { date_debut: `${fri}T14:00`, date_fin: `${fri}T15:30`, etat: 'absent' },
        { date_debut: `${mon2}T14:00`, date_fin: `${mon2}T15:30`, etat: 'absent' },
      ],
      'chef_info',
    );
    expect(r.json().errors).toEqual([]);
    const l = (await w.get(`${G}/assiduites/${e}/query?date_debut=${fri}&date_fin=${mon2}`)).json();
    expect(l.map((a: { date_debut: string }) => a.date_debut)).toEqual([
      `${fri}T14:00:00+01:00`,
      `${mon2}T14:00:00+02:00`,
    ]);
    expect((await w.get(`${G}/assiduites/${e}/query?date_debut=${mon2}T15:30`)).json()).toHaveLength(1);
    expect((await w.get(`${G}/assiduites/${e}/query?date_debut=${mon2}T15:31`)).json()).toHaveLength(0);
    expect((await w.get(`${G}/assiduites/${e}/count`)).json()).toEqual({ compte: 2, journee: 2, demi: 2, heure: 3 });
  });
});
