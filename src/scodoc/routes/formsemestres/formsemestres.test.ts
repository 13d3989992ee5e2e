import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testDialect } from '../../../../test/harness.js';
import { anneeScolaire, todayIso } from '../../dates.js';
import { buildWorld, scoError, typesOf, type World } from '../../testing/world.js';

let t: TestApp;
let w: World;
let cur: number;
let past: number;
beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t);
  cur = w.demo.formsemestres[2].id; // INFO S1 in progress
  past = w.demo.formsemestres[0].id; // INFO S1 of last year
});
afterAll(async () => t?.close());

// scodoc.md §5.4 (compat §3.3, §5.30–5.34).
const FS_TYPES = {
  id: 'number',
  formsemestre_id: 'number',
  dept_id: 'number',
  formation_id: 'number',
  semestre_id: 'number',
  titre: 'string',
  titre_court: 'string',
  titre_num: 'string',
  titre_formation: 'string',
  session_id: 'string',
  date_debut: 'string',
  date_fin: 'string',
  date_debut_iso: 'string',
  date_fin_iso: 'string',
  annee_scolaire: 'number',
  etat: 'boolean',
  modalite: 'string',
  gestion_semestrielle: 'boolean',
  gestion_compensation: 'boolean',
  block_moyennes: 'boolean',
  bul_hide_xml: 'boolean',
  bul_bgcolor: 'string',
  resp_can_edit: 'boolean',
  resp_can_change_ens: 'boolean',
  ens_can_edit_eval: 'boolean',
  elt_sem_apo: 'null',
  elt_annee_apo: 'null',
  etape_apo: 'string',
  scodoc7_id: 'null',
  responsables: 'array',
  parcours: 'array',
  departement: 'object',
  formation: 'object',
};

describe(`ScoDoc formsemestres on ${testDialect}`, () => {
  it('GET /formsemestre/<id>: field set and forms of the reference', async () => {
    for (const prefix of ['/ScoDoc/api', '/ScoDoc/INFO/api', '/ScoDoc/api/INFO']) {
      const r = await w.get(`${prefix}/formsemestre/${cur}`);
      expect(r.statusCode).toBe(200);
      const fs = r.json();
      expect(typesOf(fs)).toEqual(FS_TYPES);
      const y = anneeScolaire(todayIso(t.config.scodoc.timeZone));
      expect(fs.id).toBe(fs.formsemestre_id);
      expect(fs.annee_scolaire).toBe(y);
      expect(fs.date_debut).toBe(`01/08/${y}`);
      expect(fs.date_debut_iso).toBe(`${y}-08-01`);
      expect(fs.date_fin).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
      expect(fs.titre_num).toBe('BUT Informatique semestre 1');
      expect(fs.session_id).toBe(`INFO-BUT-FI-S1-${y}`);
      expect(fs.etape_apo).toBe('V1INF,V1INFA');
      expect(fs.responsables).toEqual([w.ids.chef_info]);
      expect(fs.formation).toMatchObject({ id: fs.formation_id, acronyme: 'BUT INFO', type_parcours: 700 });
      expect(fs.departement).toMatchObject({ id: fs.dept_id, acronym: 'INFO' });
    }
    // parcours (compat §5.34)
    const s3 = (await w.get(`/ScoDoc/api/formsemestre/${w.demo.formsemestres[3].id}`)).json();
    expect(s3.parcours.map((p: { code: string }) => p.code)).toEqual(['A', 'B']);
    expect(s3.parcours[0].annees['1'].competences).toHaveProperty('Réaliser');
    expect(s3.session_id).toMatch(/-S3-\d{4}$/);
    // Hot path: token with grants, formsemestre, its responsables and parcours.
    await w.get(`/ScoDoc/api/formsemestre/${cur}`);
    const before = t.db.queryCount();
    await w.get(`/ScoDoc/api/formsemestre/${cur}`);
    expect(t.db.queryCount() - before).toBe(3);
  });

  it('unknown, non-integer, other-department formsemestre → JSON 404; no permission → 403', async () => {
    expect((await w.get('/ScoDoc/api/formsemestre/999999')).json()).toEqual(scoError(404, 'formsemestre inconnu'));
    expect((await w.get('/ScoDoc/api/formsemestre/abc')).statusCode).toBe(404);
    expect((await w.get(`/ScoDoc/CJ/api/formsemestre/${cur}`)).json()).toEqual(scoError(404, 'formsemestre inconnu'));
    expect((await w.get(`/ScoDoc/api/formsemestre/${cur}`, 'ens_cj')).statusCode).toBe(403);
  });

  it('formsemestres/query: AND of criteria, [] for unknown nip (compat §5.35), chronological, int annee', async () => {
    const y = anneeScolaire(todayIso(t.config.scodoc.timeZone));
    const all = (await w.get('/ScoDoc/api/formsemestres/query')).json();
    expect(all).toHaveLength(5);
    const debuts = all.map((f: { date_debut_iso: string }) => f.date_debut_iso);
    expect([...debuts].sort()).toEqual(debuts);
    expect((await w.get(`/ScoDoc/api/formsemestres/query?annee_scolaire=${y}`)).json()).toHaveLength(3);
    expect((await w.get(`/ScoDoc/api/formsemestres/query?annee_scolaire=${y}&dept_acronym=CJ`)).json()).toHaveLength(1);
    expect((await w.get(`/ScoDoc/api/formsemestres/query?dept_id=${w.demo.depts.CJ}&etape_apo=V1INF`)).json()).toEqual(
      [],
    );
    expect(
      (await w.get('/ScoDoc/api/formsemestres/query?etape_apo=V1INFA')).json().map((f: { id: number }) => f.id),
    ).toEqual([cur]);
    expect((await w.get('/ScoDoc/api/formsemestres/query?nip=nope')).json()).toEqual([]);
    expect((await w.get('/ScoDoc/api/formsemestres/query?annee_scolaire=abc')).json()).toEqual([]);
    const etud = await w.etudOf(past, 3);
    const nip = (await w.get(`/ScoDoc/api/etudiant/etudid/${etud}`)).json().code_nip;
    const ofNip = (await w.get(`/ScoDoc/api/formsemestres/query?nip=${nip}&formation_id=`)).json();
    expect(ofNip.map((f: { semestre_id: number }) => f.semestre_id)).toEqual([1, 2, 3]);
    expect((await w.get('/ScoDoc/CJ/api/formsemestres/query')).json()).toHaveLength(1);
  });

  it('formsemestre/<id>/etudiants[/long][/query?etat=]: students with groups, one fixed number of queries', async () => {
    const r = await w.get(`/ScoDoc/api/formsemestre/${cur}/etudiants`);
    const list = r.json();
    expect(list).toHaveLength(40);
    for (const k of [
      'id',
      'code_nip',
      'code_ine',
      'dept_id',
      'civilite',
      'nom',
      'nom_usuel',
      'prenom',
      'sort_key',
      'groups',
    ]) {
      expect(list[0]).toHaveProperty(k);
    }
    expect(typeof list[0].prenom).toBe('string');
    expect(list[0].groups.map((g: { partition_name: string }) => g.partition_name)).toEqual(['TD', 'TP']);
    for (const g of list[0].groups) {
      expect(typesOf(g)).toEqual({
        id: 'number',
        group_id: 'number',
        group_name: 'string',
        edt_id: 'null',
        partition_id: 'number',
        partition_name: 'string',
        numero: 'number',
        bul_show_rank: 'boolean',
        show_in_lists: 'boolean',
        formsemestre_id: 'number',
      });
    }
    const long = (await w.get(`/ScoDoc/api/formsemestre/${cur}/etudiants/long`)).json();
    expect(long[0].admission).toMatchObject({ bac: expect.any(String), annee: expect.any(Number) });
    expect(typeof long[0].boursier).toBe('boolean');
    expect(long[0].date_naissance).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(long[0].sort_key).toBe(long[0].sort_key.toLowerCase());
    expect(long[0].sort_key.split(';')).toHaveLength(2);
    // etat filter
    const pastAll = (await w.get(`/ScoDoc/api/formsemestre/${past}/etudiants`)).json();
    const pastI = (await w.get(`/ScoDoc/api/formsemestre/${past}/etudiants/query?etat=I`)).json();
    const pastD = (await w.get(`/ScoDoc/api/formsemestre/${past}/etudiants/long/query?etat=D`)).json();
    expect(pastI.length + pastD.length).toBe(pastAll.length);
    expect(pastD).toHaveLength(1);
    expect((await w.get(`/ScoDoc/api/formsemestre/${past}/etudiants/query?etat=XYZ`)).json()).toEqual([]);
    // No query per student (N+1): the same statement count for 20 and 40 students.
    const count = async (id: number) => {
      const before = t.db.queryCount();
      await w.get(`/ScoDoc/api/formsemestre/${id}/etudiants/long`);
      return t.db.queryCount() - before;
    };
    await count(past);
    expect(await count(cur)).toBe(await count(past));
  });

  it('create, edit, inscriptions (I, D, DEF and undo), ScoImplement / ScoEtudInscrit', async () => {
    const formation = (await w.get(`/ScoDoc/api/formsemestre/${cur}`)).json().formation_id;
    const body = {
      formation_id: formation,
      semestre_id: 2,
      titre: 'BUT Info alternance',
      date_debut: '01/02/2030',
      date_fin: '2030-07-31',
      modalite: 'FA',
      responsables: [w.ids.ens_info],
      etape_apo: ['V1X', 'V1Y'],
    };
    expect((await w.post('/ScoDoc/api/formsemestre/create', body, 'ens_info')).statusCode).toBe(403);
    const c = await w.post('/ScoDoc/api/formsemestre/create', body, 'chef_info', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(c.statusCode).toBe(200);
    const fs = c.json();
    expect(fs).toMatchObject({
      semestre_id: 2,
      date_debut: '01/02/2030',
      date_fin_iso: '2030-07-31',
      modalite: 'FA',
      etape_apo: 'V1X,V1Y',
      annee_scolaire: 2029,
      etat: true,
    });
    expect(fs.session_id).toBe('INFO-BUT-FA-S2-2029');
    const mis = await t.db.kysely
      .selectFrom('sco_moduleimpl')
      .select('id')
      .where('formsemestre_id', '=', fs.id)
      .execute();
    expect(mis).toHaveLength(9);
    expect(
      (await w.post('/ScoDoc/api/formsemestre/create', { ...body, date_debut: '31/02/2030' }, 'chef_info')).statusCode,
    ).toBe(400);
    const e = await w.post(
      `/ScoDoc/api/formsemestre/${fs.id}/edit`,
      { etape_apo: 'A1,A2', titre: 'Nouveau titre', bul_hide_xml: true },
      'chef_info',
    );
    expect(e.json()).toMatchObject({ etape_apo: 'A1,A2', titre: 'Nouveau titre', bul_hide_xml: true });

    const etudid = await w.etudOf(cur, 5);
    const ins = await w.post(`/ScoDoc/api/formsemestre/${fs.id}/etudiant/${etudid}/inscrit`, undefined, 'chef_info');
    expect(ins.json()).toMatchObject({ formsemestre_id: fs.id, etudid, etat: 'I' });
    const studs = (await w.get(`/ScoDoc/api/formsemestre/${fs.id}/etudiants`)).json();
    expect(studs.map((s: { id: number }) => s.id)).toEqual([etudid]);
    expect(studs[0].groups).toEqual([]);
    const dem = await w.post(
      `/ScoDoc/api/formsemestre/${fs.id}/etudiant/${etudid}/demission`,
      { date: '15/03/2030' },
      'chef_info',
    );
    expect(dem.json()).toMatchObject({ etat: 'D', date_etat: '15/03/2030' });
    expect((await w.get(`/ScoDoc/api/formsemestre/${fs.id}/etudiants/query?etat=D`)).json()).toHaveLength(1);
    expect(
      (
        await w.post(`/ScoDoc/api/formsemestre/${fs.id}/etudiant/${etudid}/annule_demission`, undefined, 'chef_info')
      ).json().etat,
    ).toBe('I');
    expect(
      (await w.post(`/ScoDoc/api/formsemestre/${fs.id}/etudiant/${etudid}/defaillance`, {}, 'chef_info')).json().etat,
    ).toBe('DEF');
    const des = await w.post(`/ScoDoc/api/formsemestre/${fs.id}/etudiant/${etudid}/desinscrit`, undefined, 'chef_info');
    expect(des.statusCode).toBe(200);
    expect((await w.get(`/ScoDoc/api/formsemestre/${fs.id}/etudiants`)).json()).toEqual([]);
    expect(
      (await w.post(`/ScoDoc/api/formsemestre/${fs.id}/etudiant/${etudid}/desinscrit`, undefined, 'chef_info'))
        .statusCode,
    ).toBe(404);
    // A student of another department cannot be inscribed.
    const cjEtud = await w.etudOf(w.demo.formsemestres[4].id);
    expect(
      (await w.post(`/ScoDoc/api/formsemestre/${fs.id}/etudiant/${cjEtud}/inscrit`, undefined, 'super')).statusCode,
    ).toBe(404);
    // Locked formsemestre refuses inscriptions.
    expect(
      (await w.post(`/ScoDoc/api/formsemestre/${past}/etudiant/${etudid}/inscrit`, undefined, 'chef_info')).json(),
    ).toEqual(scoError(403, 'formsemestre verrouillé'));
  });

  it('moduleimpl/<id>: §5.5 fields with module; edit; inscriptions', async () => {
    const mi = await t.db.kysely
      .selectFrom('sco_moduleimpl')
      .select('id')
      .where('formsemestre_id', '=', cur)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const r = await w.get(`/ScoDoc/api/moduleimpl/${mi.id}`);
    expect(typesOf(r.json())).toEqual({
      id: 'number',
      moduleimpl_id: 'number',
      module_id: 'number',
      formsemestre_id: 'number',
      responsable_id: 'number',
      computation_expr: 'null',
      ens: 'array',
      module: 'object',
    });
    expect(r.body).toMatch(/"coefficient":1\.0/);
    expect(Object.keys(r.json().module)).toEqual([
      'id',
      'module_id',
      'formation_id',
      'ue_id',
      'matiere_id',
      'titre',
      'abbrev',
      'code',
      'code_apogee',
      'coefficient',
      'ects',
      'heures_cours',
      'heures_td',
      'heures_tp',
      'semestre_id',
      'numero',
      'module_type',
    ]);
    expect((await w.get('/ScoDoc/api/moduleimpl/999999')).json()).toEqual(scoError(404, 'moduleimpl inconnu'));
    const e = await w.post(
      `/ScoDoc/api/moduleimpl/${mi.id}/edit`,
      { responsable_id: w.ids.ens_info, ens: [w.ids.secr_info] },
      'chef_info',
    );
    expect(e.json()).toMatchObject({ responsable_id: w.ids.ens_info, ens: [w.ids.secr_info] });
    const ins = (await w.get(`/ScoDoc/api/moduleimpl/${mi.id}/inscriptions`)).json();
    expect(ins).toHaveLength(40);
    const etudid = ins[0].etudid;
    await w.post(`/ScoDoc/api/moduleimpl/${mi.id}/etudiant/${etudid}/desinscrit`, undefined, 'chef_info');
    expect((await w.get(`/ScoDoc/api/moduleimpl/${mi.id}/inscriptions`)).json()).toHaveLength(39);
    await w.post(`/ScoDoc/api/moduleimpl/${mi.id}/etudiant/${etudid}/inscrit`, undefined, 'chef_info');
    expect((await w.get(`/ScoDoc/api/moduleimpl/${mi.id}/inscriptions`)).json()).toHaveLength(40);
  });
});
