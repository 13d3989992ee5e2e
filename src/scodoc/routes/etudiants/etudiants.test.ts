import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testDialect } from '../../../../test/harness.js';
import { buildWorld, scoError, typesOf, type World } from '../../testing/world.js';
import { DEFAULT_PHOTO } from './photo-default.js';

let t: TestApp;
let w: World;
let etudid: number;
beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t);
  etudid = await w.etudOf(w.demo.formsemestres[2].id, 0);
});
afterAll(async () => t?.close());

// scodoc.md §5.2 short form (+ 9.5 état civil, + email read by list clients).
const SHORT = [
  'id',
  'code_nip',
  'code_ine',
  'dept_id',
  'civilite',
  'civilite_etat_civil',
  'nom',
  'nom_usuel',
  'prenom',
  'prenom_etat_civil',
  'sort_key',
  'email',
];
// scodoc.md §5.2 long form.
const LONG = [
  ...SHORT,
  'etudid',
  'dept_acronym',
  'nomprenom',
  'date_naissance',
  'lieu_naissance',
  'dept_naissance',
  'nationalite',
  'statut',
  'boursier',
  'photo_filename',
  'scodoc7_id',
  'emailperso',
  'admission',
  'adresses',
];
const ADMISSION = [
  'annee',
  'bac',
  'specialite',
  'annee_bac',
  'math',
  'physique',
  'anglais',
  'francais',
  'rang',
  'qualite',
  'rapporteur',
  'decision',
  'score',
  'commentaire',
  'nomlycee',
  'villelycee',
  'codepostallycee',
  'codelycee',
  'type_admission',
  'boursier_prec',
  'classement',
  'apb_groupe',
  'apb_classement_gr',
];
const ADRESSE = [
  'email',
  'emailperso',
  'domicile',
  'codepostaldomicile',
  'villedomicile',
  'paysdomicile',
  'telephone',
  'telephonemobile',
  'fax',
  'typeadresse',
  'description',
];

describe(`ScoDoc étudiants on ${testDialect}`, () => {
  it('GET /etudiant/etudid|nip|ine/<x>: long form with admission and adresses (compat §5.29)', async () => {
    const e = (await w.get(`/ScoDoc/api/etudiant/etudid/${etudid}`)).json();
    expect(Object.keys(e).sort()).toEqual([...LONG].sort());
    expect(Object.keys(e.admission).sort()).toEqual([...ADMISSION].sort());
    expect(Object.keys(e.adresses[0]).sort()).toEqual([...ADRESSE].sort());
    expect(e).toMatchObject({ id: etudid, etudid, dept_acronym: 'INFO', dept_id: w.demo.depts.INFO });
    expect(e.nom).toBe(e.nom.toUpperCase());
    expect(e.nomprenom).toMatch(/^(M\.|Mme) /);
    expect(typesOf(e)).toMatchObject({
      id: 'number',
      dept_id: 'number',
      code_nip: 'string',
      boursier: 'boolean',
      admission: 'object',
      adresses: 'array',
    });
    const byNip = (await w.get(`/ScoDoc/api/etudiant/nip/${e.code_nip}`)).json();
    const byIne = (await w.get(`/ScoDoc/api/etudiant/ine/${e.code_ine}`)).json();
    expect(byNip).toEqual(e);
    expect(byIne).toEqual(e);
    for (const url of [
      '/ScoDoc/api/etudiant/nip/nope',
      '/ScoDoc/api/etudiant/etudid/999999',
      '/ScoDoc/api/etudiant/etudid/x1',
    ]) {
      const r = await w.get(url);
      expect(r.statusCode).toBe(404);
      expect(r.json()).toMatchObject({ error: 'Not Found', status: 404 });
    }
    expect((await w.get(`/ScoDoc/CJ/api/etudiant/etudid/${etudid}`)).json()).toEqual(scoError(404, 'etudiant inconnu'));
  });

  it('NIP unique per department only; /etudiant/nip picks the most recently inscribed, /etudiants/nip lists all (D19)', async () => {
    const e = (await w.get(`/ScoDoc/api/etudiant/etudid/${etudid}`)).json();
    // Same NIP in the same department: refused.
    const dup = await w.post(
      '/ScoDoc/INFO/api/etudiant/create',
      { nom: 'Doublon', prenom: 'Jean', civilite: 'M', code_nip: e.code_nip },
      'chef_info',
    );
    expect(dup.json()).toEqual(scoError(400, 'etudiant_create: code_nip already used in this department'));
    // Same NIP in CJ: allowed, and a direct INSERT of a duplicate in INFO is refused by the database.
    const c = await w.post(
      '/ScoDoc/api/etudiant/create',
      {
        dept: 'CJ',
        nom: 'dupont',
        prenom: 'Jean',
        civilite: 'M',
        code_nip: e.code_nip,
        date_naissance: '23/08/2001',
        admission: { bac: 'G', annee: 2024 },
        email: 'jean@example.org',
      },
      'super',
    );
    expect(c.statusCode).toBe(200);
    const other = c.json();
    expect(other).toMatchObject({
      nom: 'DUPONT',
      dept_acronym: 'CJ',
      date_naissance: '2001-08-23',
      email: 'jean@example.org',
      sort_key: 'dupont;jean',
    });
    expect(other.admission).toMatchObject({ bac: 'G', annee: 2024 });
    await expect(
      t.db.kysely
        .insertInto('sco_etudiant')
        .values({
          dept_id: w.demo.depts.INFO,
          code_nip: e.code_nip,
          civilite: 'M',
          nom: 'X',
          prenom: 'Y',
          sort_key: 'x;y',
        })
        .execute(),
    ).rejects.toThrow();
    // The INFO student is inscribed (current S1); the CJ one not at all → INFO wins.
    expect((await w.get(`/ScoDoc/api/etudiant/nip/${e.code_nip}`)).json().id).toBe(etudid);
    const all = (await w.get(`/ScoDoc/api/etudiants/nip/${e.code_nip}`)).json();
    expect(all.map((x: { id: number }) => x.id)).toEqual([etudid, other.id]);
    // Inscribing the CJ student in a later formsemestre makes it the most recent.
    const cjFs = w.demo.formsemestres[4].id;
    await w.post(`/ScoDoc/api/formsemestre/${cjFs}/etudiant/${other.id}/inscrit`, undefined, 'super');
    await t.db.kysely
      .updateTable('sco_formsemestre')
      .set({ date_debut: '2099-01-01', date_fin: '2099-06-30' })
      .where('id', '=', cjFs)
      .execute();
    expect((await w.get(`/ScoDoc/api/etudiant/nip/${e.code_nip}`)).json().id).toBe(other.id);
    // Dept prefix: only that department's student.
    expect(
      (await w.get(`/ScoDoc/INFO/api/etudiants/nip/${e.code_nip}`)).json().map((x: { id: number }) => x.id),
    ).toEqual([etudid]);
    expect((await w.get(`/ScoDoc/INFO/api/etudiant/nip/${e.code_nip}`)).json().id).toBe(etudid);
    expect((await w.get('/ScoDoc/api/etudiants/nip/none')).json()).toEqual([]);
    expect((await w.get('/ScoDoc/api/etudiants/etudid/999999')).json()).toEqual([]);
    // NIPs are exact strings: "007" ≠ "7", percent-decoded (compat §5.11).
    await w.post(
      '/ScoDoc/api/etudiant/create',
      { dept: 'CJ', nom: 'Bond', prenom: 'James', civilite: 'M', code_nip: '007 A' },
      'super',
    );
    expect((await w.get('/ScoDoc/api/etudiant/nip/007%20A')).json().nom).toBe('BOND');
    expect((await w.get('/ScoDoc/api/etudiant/nip/7%20A')).statusCode).toBe(404);
    await t.db.kysely
      .updateTable('sco_formsemestre')
      .set({ date_debut: '2000-01-01', date_fin: '2000-06-30' })
      .where('id', '=', cjFs)
      .execute();
  });

  it('etudiants/courants[/long]: students of formsemestres in progress (compat §5.38)', async () => {
    const list = (await w.get('/ScoDoc/api/etudiants/courants')).json();
    expect(list).toHaveLength(60); // INFO S1 (40) + S3 (20); the CJ S1 was moved to 2000 above
    for (const k of ['id', 'code_nip', 'nom', 'prenom', 'civilite']) expect(list[0]).toHaveProperty(k);
    expect((await w.get('/ScoDoc/CJ/api/etudiants/courants/long')).json()).toEqual([]);
    const long = (await w.get('/ScoDoc/INFO/api/etudiants/courants/long')).json();
    expect(long).toHaveLength(60);
    expect(long[0]).toHaveProperty('admission');
  });

  it('etudiant/<K>/formsemestres is chronological; groups by formsemestre/ and semestre/', async () => {
    const second = await w.etudOf(w.demo.formsemestres[0].id, 2);
    const fss = (await w.get(`/ScoDoc/api/etudiant/etudid/${second}/formsemestres`)).json();
    expect(fss.map((f: { semestre_id: number }) => f.semestre_id)).toEqual([1, 2, 3]);
    expect(fss[0]).toHaveProperty('session_id');
    const s3 = w.demo.formsemestres[3].id;
    const g1 = (await w.get(`/ScoDoc/api/etudiant/etudid/${second}/formsemestre/${s3}/groups`)).json();
    const g2 = (await w.get(`/ScoDoc/api/etudiant/etudid/${second}/semestre/${s3}/groups`)).json();
    expect(g1).toEqual(g2);
    expect(g1.map((g: { partition_name: string }) => g.partition_name)).toEqual(['TD', 'TP', 'Parcours']);
    expect((await w.get(`/ScoDoc/api/etudiant/etudid/${second}/formsemestre/999999/groups`)).statusCode).toBe(404);
  });

  it('photo: default JPEG when none (D14, never JSON), upload an image then read it back', async () => {
    const r = await w.get(`/ScoDoc/api/etudiant/etudid/${etudid}/photo`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('image/jpeg');
    expect(r.rawPayload.equals(DEFAULT_PHOTO.data)).toBe(true);
    const png = DEFAULT_PHOTO.data;
    const boundary = 'XyZ';
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="me.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
      ),
      Buffer.from(png.map((b, i) => (i > 60 && i < 64 ? b : b))),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const tok = await w.token('chef_info');
    const up = await t.app.inject({
      method: 'POST',
      url: `/ScoDoc/api/etudiant/etudid/${etudid}/photo`,
      headers: { authorization: `Bearer ${tok}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    expect(up.statusCode).toBe(200);
    const back = await w.get(`/ScoDoc/api/etudiant/etudid/${etudid}/photo`);
    expect(back.rawPayload.equals(png)).toBe(true);
    expect((await w.get(`/ScoDoc/api/etudiant/etudid/${etudid}`)).json().photo_filename).toBe('me.jpg');
    const notImage = await t.app.inject({
      method: 'POST',
      url: `/ScoDoc/api/etudiant/etudid/${etudid}/photo`,
      headers: { authorization: `Bearer ${tok}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.txt"\r\n\r\nhello\r\n--${boundary}--\r\n`,
    });
    expect(notImage.json()).toEqual(scoError(400, 'etudiant_photo: not a PNG or JPEG image'));
    expect((await w.get('/ScoDoc/api/etudiant/etudid/999999/photo')).headers['content-type']).toMatch(/json/);
  });

  it('edit: fields, admission, address; ScoEtudInscrit required', async () => {
    expect((await w.post(`/ScoDoc/api/etudiant/etudid/${etudid}/edit`, { nom: 'x' }, 'ens_info')).statusCode).toBe(403);
    const r = await w.post(
      `/ScoDoc/api/etudiant/etudid/${etudid}/edit`,
      { nom_usuel: 'Épouse', boursier: false, admission: { bac: 'STI2D' }, adresses: [{ telephone: '0102030405' }] },
      'chef_info',
    );
    expect(r.statusCode).toBe(200);
    const e = r.json();
    expect(e).toMatchObject({ nom_usuel: 'Épouse', boursier: false });
    expect(e.sort_key.startsWith('epouse;')).toBe(true);
    expect(e.admission.bac).toBe('STI2D');
    expect(e.adresses[0].telephone).toBe('0102030405');
    expect((await w.post(`/ScoDoc/api/etudiant/etudid/${etudid}/edit`, { civilite: 'Z' }, 'chef_info')).json()).toEqual(
      scoError(400, 'etudiant_edit: invalid civilite'),
    );
    expect(
      (await w.post('/ScoDoc/api/etudiant/create', { nom: 'A', prenom: 'B', civilite: 'F' }, 'chef_info')).json(),
    ).toEqual(scoError(400, 'etudiant_create: dept is required'));
  });

  it('etudiants/name/<start> (9.6): prefix of the name, accents and case ignored, min_len and limit', async () => {
    const e = (await w.get(`/ScoDoc/api/etudiant/etudid/${etudid}`)).json();
    const start = e.sort_key.split(';')[0].slice(0, 3).toUpperCase();
    const found = (await w.get(`/ScoDoc/api/etudiants/name/${encodeURIComponent(start)}`)).json();
    expect(found.map((x: { id: number }) => x.id)).toContain(etudid);
    for (const x of found) expect(x.sort_key.startsWith(start.toLowerCase())).toBe(true);
    expect((await w.get('/ScoDoc/api/etudiants/name/ab')).json()).toEqual([]);
    expect((await w.get(`/ScoDoc/api/etudiants/name/${start}?limit=1`)).json()).toHaveLength(1);
    expect(
      (await w.get(`/ScoDoc/CJ/api/etudiants/name/${start}`))
        .json()
        .every((x: { dept_id: number }) => x.dept_id === w.demo.depts.CJ),
    ).toBe(true);
  });

  it('list routes run a fixed number of statements', async () => {
    const count = async (url: string) => {
      const before = t.db.queryCount();
      await w.get(url);
      return t.db.queryCount() - before;
    };
    const a = await count('/ScoDoc/api/departement/INFO/etudiants');
    const b = await count('/ScoDoc/api/departement/CJ/etudiants');
    expect(a).toBe(b);
    expect(a).toBeLessThanOrEqual(4);
    expect(await count('/ScoDoc/api/etudiants/courants/long')).toBeLessThanOrEqual(4);
    // Hot path: token with grants, étudiant.
    await count(`/ScoDoc/api/etudiant/etudid/${etudid}`);
    expect(await count(`/ScoDoc/api/etudiant/etudid/${etudid}`)).toBe(2);
  });
});
