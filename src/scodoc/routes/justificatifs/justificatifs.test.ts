import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testDialect } from '../../../../test/harness.js';
import { maskOf } from '../../permissions.js';
import { createScoUser } from '../../seed/users.js';
import { buildWorld, DEMO_PASSWORD, scoError, type World } from '../../testing/world.js';
import {
  formsemestreDates,
  JUSTIFICATIF_FIELDS,
  LOCAL_DATETIME,
  lastSunday,
  monday,
  resultsVersion,
  rowCounts,
  shapeErrors,
} from '../assiduites/attendance-world.js';

let t: TestApp;
let w: World;
let fs: number;
let e0: number;
let nip0: string;
let ine0: string;
let mon: string;
const G = '/ScoDoc/api';
const D = '/ScoDoc/INFO/api';
const day = (iso: string, n: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n', 'latin1');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32, 1)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(32, 2)]);

function multipart(files: { field?: string; name: string; type?: string; data: Buffer }[]) {
  const boundary = '----campus-test-boundary';
  const parts = files.map((f) =>
    Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.field ?? 'files'}"; filename="${f.name}"\r\n` +
          `Content-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      f.data,
      Buffer.from('\r\n'),
    ]),
  );
  return {
    payload: Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

async function upload(id: number, files: Parameters<typeof multipart>[0], user = 'secr_info', prefix = G) {
  const m = multipart(files);
  return t.app.inject({
    method: 'POST',
    url: `${prefix}/justificatif/${id}/import`,
    headers: { authorization: `Bearer ${await w.token(user)}`, 'content-type': m.contentType },
    payload: m.payload,
  });
}

async function estJust(id: number) {
  return (await w.get(`${G}/assiduite/${id}`)).json().est_just as boolean;
}

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t);
  fs = w.demo.formsemestres[2].id;
  e0 = await w.etudOf(fs, 0);
  const e = await t.db.kysely
    .selectFrom('sco_etudiant')
    .select(['code_nip', 'code_ine'])
    .where('id', '=', e0)
    .executeTakeFirstOrThrow();
  nip0 = e.code_nip;
  ine0 = e.code_ine;
  mon = monday((await formsemestreDates(w, fs)).date_debut, 5);
  // A reader holding ScoAbsJustifView (AS8: in no default role).
  await t.db.kysely
    .insertInto('sco_role')
    .values({ name: 'JustifViewer', permissions: maskOf(['ScoView', 'ScoAbsJustifView']) })
    .execute();
  w.ids.justif_viewer = await createScoUser(
    t.db.kysely,
    { user_name: 'justif_viewer', password: DEMO_PASSWORD, nom: 'Vue', roles: [['JustifViewer', w.demo.depts.INFO]] },
    t.config.argon2,
  );
});
afterAll(async () => t?.close());

describe(`ScoDoc justificatifs on ${testDialect}`, () => {
  let abs: number[];
  let j1: number;

  it('create as the PHP portal does (nip, raw JSON as a form): justif_id and couverture (compat 20)', async () => {
    const r = await w.post(
      `${D}/assiduite/etudid/${e0}/create`,
      [
        { date_debut: `${mon}T08:00`, date_fin: `${mon}T10:00`, etat: 'absent' },
        { date_debut: `${mon}T10:00`, date_fin: `${mon}T12:00`, etat: 'retard' },
        { date_debut: `${mon}T14:00`, date_fin: `${mon}T16:00`, etat: 'present' },
        { date_debut: `${mon}T16:00`, date_fin: `${day(mon, 1)}T10:00`, etat: 'absent' },
      ],
      'secr_info',
    );
    abs = r.json().success.map((s: { message: { assiduite_id: number } }) => s.message.assiduite_id);
    expect(abs).toHaveLength(4);
    const before = await resultsVersion(w, fs);
    const c = await t.app.inject({
      method: 'POST',
      url: `${G}/justificatif/nip/${nip0}/create`,
      headers: {
        authorization: `Bearer ${await w.token('secr_info')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      // Covers Monday fully: the ABSENT and RETARD records, not the PRESENT one, not the one ending Tuesday.
      payload: JSON.stringify([
        { date_debut: `${mon}T00:00`, date_fin: `${day(mon, 1)}T00:00`, etat: 'valide', raison: 'Certificat médical' },
      ]),
    });
    expect(c.statusCode).toBe(200);
    expect(c.json().errors).toEqual([]);
    const ok = c.json().success[0];
    expect(ok.indice).toBe(0);
    expect(Number.isInteger(ok.message.justif_id)).toBe(true);
    j1 = ok.message.justif_id;
    expect(ok.message.couverture).toEqual([abs[0], abs[1]]);
    expect([await estJust(abs[0]), await estJust(abs[1]), await estJust(abs[2]), await estJust(abs[3])]).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(await resultsVersion(w, fs)).toBe(before + 1);
  });

  it('the justificatif object; raison and fichier only for ScoAbsJustifView or the author (AS8)', async () => {
    const mine = (await w.get(`${G}/justificatif/${j1}`, 'secr_info')).json();
    expect(shapeErrors(mine, JUSTIFICATIF_FIELDS)).toEqual([]);
    expect(mine).toMatchObject({
      justif_id: j1,
      etudid: e0,
      code_nip: nip0,
      etat: 'VALIDE',
      raison: 'Certificat médical',
      fichier: null,
      user_name: 'secr_info',
      user_id: w.ids.secr_info,
    });
    for (const k of ['date_debut', 'date_fin', 'entry_date']) expect(mine[k]).toMatch(LOCAL_DATETIME);
    expect(mine.date_debut.slice(0, 16)).toBe(`${mon}T00:00`);
    expect(Number.isNaN(new Date(mine.entry_date).getTime())).toBe(false);
    expect((await w.get(`${G}/justificatif/${j1}`, 'justif_viewer')).json().raison).toBe('Certificat médical');
    expect((await w.get(`${G}/justificatif/${j1}`, 'super')).json().raison).toBe('Certificat médical');
    const other = (await w.get(`${G}/justificatif/${j1}`, 'lecteur_api')).json();
    expect(other.raison).toBeNull();
    expect(other.fichier).toBeNull();
    expect(shapeErrors(other, JUSTIFICATIF_FIELDS)).toEqual([]);
    expect((await w.get(`${G}/justificatif/999999`)).json()).toEqual(scoError(404, 'justificatif inconnu'));
    expect((await w.get(`/ScoDoc/CJ/api/justificatif/${j1}`)).json()).toEqual(scoError(404, 'justificatif inconnu'));
  });

  it('lists: every student form × /query × both prefixes, dept/<id>, formsemestre/<id>; oldest first (compat 26)', async () => {
    const j0 = (
      await w.post(
        `${G}/justificatif/${e0}/create`,
        [{ date_debut: `${day(mon, -7)}T08:00`, date_fin: `${day(mon, -7)}T18:00`, etat: 'attente' }],
        'ens_info',
      )
    ).json().success[0].message.justif_id;
    for (const p of [G, D]) {
      for (const k of [`${e0}`, `etudid/${e0}`, `nip/${nip0}`, `ine/${ine0}`]) {
        for (const q of ['', '/query', '/query?']) {
          const l = (await w.get(`${p}/justificatifs/${k}${q}`, 'lecteur_api')).json();
          expect(
            l.map((j: { justif_id: number }) => j.justif_id),
            `${p}/justificatifs/${k}${q}`,
          ).toEqual([j0, j1]);
        }
      }
      for (const u of [`/justificatifs/dept/${w.demo.depts.INFO}`, `/justificatifs/formsemestre/${fs}`]) {
        for (const q of ['', '/query']) {
          const l = (await w.get(`${p}${u}${q}`)).json();
          expect(l.map((j: { justif_id: number }) => j.justif_id)).toEqual([j0, j1]);
        }
      }
    }
    const only = (await w.get(`${G}/justificatifs/${e0}/query?etat=VALIDE,non_valide`)).json();
    expect(only.map((j: { etat: string }) => j.etat)).toEqual(['VALIDE']);
    expect((await w.get(`${G}/justificatifs/${e0}/query?date_debut=${mon}`)).json()).toHaveLength(1);
    expect((await w.get(`${G}/justificatifs/${e0}/query?user_id=${w.ids.ens_info}`)).json()).toHaveLength(1);
    expect((await w.get(`${G}/justificatifs/dept/${w.demo.depts.CJ}`)).json()).toEqual([]);
    expect((await w.get(`/ScoDoc/CJ/api/justificatifs/dept/${w.demo.depts.INFO}`)).json()).toEqual(
      scoError(404, 'departement inconnu'),
    );
    expect((await w.get(`${G}/justificatifs/dept/999999`)).json()).toEqual(scoError(404, 'departement inconnu'));
    expect((await w.get(`${G}/justificatifs/formsemestre/999999`)).json()).toEqual(
      scoError(404, 'formsemestre inconnu'),
    );
    await w.post(`${G}/justificatif/delete`, [j0], 'secr_info');
  });

  it('assiduite/<id>/justificatifs[/long] and justificatif/<id>/justifies', async () => {
    expect((await w.get(`${G}/assiduite/${abs[0]}/justificatifs`)).json()).toEqual([j1]);
    const long = (await w.get(`${D}/assiduite/${abs[0]}/justificatifs/long`, 'super')).json();
    expect(long).toHaveLength(1);
    expect(shapeErrors(long[0], JUSTIFICATIF_FIELDS)).toEqual([]);
    expect((await w.get(`${G}/assiduite/${abs[3]}/justificatifs`)).json()).toEqual([]);
    expect((await w.get(`${G}/justificatif/${j1}/justifies`)).json()).toEqual([abs[0], abs[1]]);
    expect((await w.get(`${G}/assiduites/${e0}/query?with_justifs=1`)).json()[0].justificatifs[0].justif_id).toBe(j1);
  });

  it('est_just follows every write of either side (§4, AS5): edit avant/apres, new records, delete', async () => {
    // A justificatif that only overlaps (does not span) a record justifies nothing.
    const partial = (
      await w.post(
        `${G}/justificatif/${e0}/create`,
        [{ date_debut: `${day(mon, 1)}T09:00`, date_fin: `${day(mon, 1)}T18:00`, etat: 'valide' }],
        'secr_info',
      )
    ).json().success[0].message;
    expect(partial.couverture).toEqual([]);
    expect(await estJust(abs[3])).toBe(false);
    // Widened to span it: now justified.
    const ed = await w.post(`${G}/justificatif/${partial.justif_id}/edit`, { date_debut: `${mon}T12:00` }, 'secr_info');
    expect(ed.json()).toEqual({ couverture: { avant: [], apres: [abs[3]] } });
    expect(await estJust(abs[3])).toBe(true);
    // ATTENTE, NON_VALIDE, MODIFIE justify nothing.
    for (const etat of ['attente', 'NON_VALIDE', 'modifie']) {
      const r = await w.post(`${G}/justificatif/${j1}/edit`, { etat }, 'secr_info');
      expect(r.json().couverture.apres).toEqual([]);
      expect(await estJust(abs[0])).toBe(false);
    }
    expect((await w.post(`${G}/justificatif/${j1}/edit`, { etat: 'valide' }, 'secr_info')).json()).toEqual({
      couverture: { avant: [], apres: [abs[0], abs[1]] },
    });
    // A record created inside a VALIDE justificatif is justified at once; PRESENT never is.
    const late = (
      await w.post(
        `${G}/assiduite/${e0}/create`,
        [
          { date_debut: `${mon}T12:00`, date_fin: `${mon}T13:00`, etat: 'retard' },
          { date_debut: `${mon}T13:00`, date_fin: `${mon}T14:00`, etat: 'present' },
        ],
        'secr_info',
      )
    )
      .json()
      .success.map((s: { message: { assiduite_id: number } }) => s.message.assiduite_id);
    expect([await estJust(late[0]), await estJust(late[1])]).toEqual([true, false]);
    // An edit to PRESENT clears it; back to ABSENT sets it.
    await w.post(`${G}/assiduite/${late[0]}/edit`, { etat: 'present' }, 'secr_info');
    expect(await estJust(late[0])).toBe(false);
    await w.post(`${G}/assiduite/${late[0]}/edit`, { etat: 'absent' }, 'secr_info');
    expect(await estJust(late[0])).toBe(true);
    // Counts see it: split justifie / non_justifie.
    const s = (await w.get(`${G}/assiduites/${e0}/count/query?split=1&metric=heure`)).json();
    // Justified: Mon 08–10 (2 h) + Mon 12–13 (1 h) + Mon 16 → Tue 10 (2 + 2 h) = 7 h ABSENT; RETARD 10–12 2 h.
    expect(s.absent.justifie.heure).toBe(7);
    expect(s.absent.non_justifie.heure).toBe(0);
    expect(s.retard.justifie.heure).toBe(2);
    // Deleting the justificatif resets its records.
    const del = await w.post(`${G}/justificatif/delete`, [partial.justif_id], 'secr_info');
    expect(del.json()).toEqual({ errors: [], success: [{ indice: 0, message: 'OK' }] });
    expect(await estJust(abs[3])).toBe(false);
    expect(await estJust(abs[0])).toBe(true);
    await w.post(`${G}/assiduite/delete`, late, 'secr_info');
  });

  it('bad input: per-item texts, valid items written, nothing else changes; edit refusals as JSON 404', async () => {
    const before = await rowCounts(w);
    const ok = { date_debut: `${day(mon, 2)}T08:00`, date_fin: `${day(mon, 2)}T18:00`, etat: 'attente' };
    const items: [unknown, string | null][] = [
      [{ ...ok, etat: 'accepte' }, "param 'etat': invalide"],
      [{ ...ok, etat: undefined }, "param 'etat': manquant"],
      [{ ...ok, date_fin: `${day(mon, 2)}T07:00` }, 'La date de fin doit être postérieure à la date de début'],
      [{ ...ok, date_debut: 'lundi' }, "param 'date_debut': format invalide"],
      [
        { ...ok, date_debut: '2001-01-08T08:00', date_fin: '2001-01-08T10:00' },
        "L'étudiant n'est pas inscrit à un semestre couvrant cette période",
      ],
      [{ ...ok, external_data: 3 }, "param 'external_data': n'est pas un objet JSON"],
      [{ ...ok, raison: 12 }, "param 'raison': invalide"],
      ['x', "L'élément n'est pas un objet JSON"],
      [ok, null],
    ];
    const r = await w.post(
      `${G}/justificatif/${e0}/create`,
      items.map(([i]) => i),
      'secr_info',
    );
    expect(r.json().errors).toEqual(items.flatMap(([, m], indice) => (m === null ? [] : [{ indice, message: m }])));
    expect(r.json().success.map((s: { indice: number }) => s.indice)).toEqual([items.length - 1]);
    const created = r.json().success[0].message.justif_id;
    expect(await rowCounts(w)).toEqual({
      ...before,
      sco_justificatif: before.sco_justificatif + 1,
      versions: before.versions + 1,
      audit_log: before.audit_log + 1,
    });
    const again = await rowCounts(w);
    expect((await w.post(`${G}/justificatif/${e0}/create`, ok, 'secr_info')).json()).toEqual(
      scoError(404, "Le contenu envoyé n'est pas une liste"),
    );
    expect((await w.post(`${G}/justificatif/${created}/edit`, { etat: 'ok' }, 'secr_info')).json()).toEqual(
      scoError(404, "param 'etat': invalide"),
    );
    expect(
      (await w.post(`${G}/justificatif/${created}/edit`, { date_fin: `${day(mon, 1)}T08:00` }, 'secr_info')).json(),
    ).toEqual(scoError(404, 'La date de fin doit être postérieure à la date de début'));
    expect((await w.post(`${G}/justificatif/999999/edit`, { etat: 'valide' }, 'secr_info')).json()).toEqual(
      scoError(404, 'justificatif inconnu'),
    );
    expect((await w.post(`${G}/justificatif/delete`, [999999, 'x', created], 'secr_info')).json()).toEqual({
      errors: [
        { indice: 0, message: 'Justificatif non existant' },
        { indice: 1, message: 'Justificatif non existant' },
      ],
      success: [{ indice: 2, message: 'OK' }],
    });
    const after = await rowCounts(w);
    expect(after.sco_justificatif).toBe(again.sco_justificatif - 1);
    expect(after.sco_assiduite).toBe(again.sco_assiduite);
  });

  it('files: import (field `files`), list, export (GET and POST), remove; bytes in the database (AS7)', async () => {
    const r = await upload(j1, [{ name: 'certificat.pdf', type: 'application/pdf', data: PDF }]);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ filename: 'certificat.pdf' });
    // Any field name, several files, names reduced to a safe base name, declared type ignored.
    const r2 = await upload(j1, [
      { field: 'scan', name: '../../etc/scan.png', type: 'text/plain', data: PNG },
      { field: 'files', name: 'C:\\Users\\x\\photo.jpg', data: JPEG },
    ]);
    expect(r2.json()).toEqual({ filename: 'photo.jpg' });
    const list = (await w.get(`${G}/justificatif/${j1}/list`, 'secr_info')).json();
    expect(list).toEqual({ filenames: ['certificat.pdf', 'photo.jpg', 'scan.png'], total: 3 });
    expect((await w.get(`${G}/justificatif/${j1}`, 'secr_info')).json().fichier).toEqual(expect.any(String));
    for (const method of ['GET', 'POST'] as const) {
      const x = await t.app.inject({
        method,
        url: `${D}/justificatif/${j1}/export/certificat.pdf`,
        headers: { authorization: `Bearer ${await w.token('justif_viewer')}` },
      });
      expect(x.statusCode).toBe(200);
      expect(x.headers['content-type']).toBe('application/pdf');
      expect(Buffer.compare(x.rawPayload, PDF)).toBe(0);
    }
    const png = await w.get(`${G}/justificatif/${j1}/export/scan.png`, 'secr_info');
    expect(png.headers['content-type']).toBe('image/png');
    // Same name replaces.
    await upload(j1, [{ name: 'scan.png', data: JPEG }]);
    const again = await w.get(`${G}/justificatif/${j1}/export/scan.png`, 'secr_info');
    expect(again.headers['content-type']).toBe('image/jpeg');
    expect((await w.get(`${G}/justificatif/${j1}/list`, 'secr_info')).json().total).toBe(3);
    expect((await w.get(`${G}/justificatif/${j1}/export/nope.pdf`, 'secr_info')).json()).toEqual(
      scoError(404, 'fichier inconnu'),
    );
    // The stored row: bytes, SHA-256, size, uploader.
    const row = await t.db.kysely
      .selectFrom('sco_justificatif_file')
      .selectAll()
      .where('justif_id', '=', j1)
      .where('filename', '=', 'certificat.pdf')
      .executeTakeFirstOrThrow();
    expect(Number(row.size)).toBe(PDF.length);
    expect(row.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Number(row.user_id)).toBe(w.ids.secr_info);
    // Remove a list, then all.
    expect(
      (await w.post(`${G}/justificatif/${j1}/remove`, { remove: 'list', filenames: ['scan.png'] }, 'secr_info')).json(),
    ).toEqual({ response: 'removed' });
    expect((await w.get(`${G}/justificatif/${j1}/list`, 'secr_info')).json().filenames).toEqual([
      'certificat.pdf',
      'photo.jpg',
    ]);
    expect((await w.post(`${G}/justificatif/${j1}/remove`, { remove: 'tout' }, 'secr_info')).json()).toEqual(
      scoError(404, "param 'remove': invalide"),
    );
    expect((await w.post(`${G}/justificatif/${j1}/remove`, { remove: 'all' }, 'secr_info')).json()).toEqual({
      response: 'removed',
    });
    expect((await w.get(`${G}/justificatif/${j1}/list`, 'secr_info')).json()).toEqual({ filenames: [], total: 0 });
    expect((await w.get(`${G}/justificatif/${j1}`, 'secr_info')).json().fichier).toBeNull();
  });

  it('file limits: type from the bytes, size, count, no file — refused whole, nothing stored', async () => {
    const before = await rowCounts(w);
    const txt = await upload(j1, [{ name: 'faux.pdf', type: 'application/pdf', data: Buffer.from('pas un PDF') }]);
    expect(txt.json()).toEqual(scoError(400, 'type de fichier non autorisé'));
    const exe = await upload(j1, [
      { name: 'ok.pdf', data: PDF },
      { name: 'x.png', data: Buffer.from('MZ\x90\x00') },
    ]);
    expect(exe.json()).toEqual(scoError(400, 'type de fichier non autorisé'));
    // 10 MiB + 1 byte of a real PDF header: too large (413).
    const big = Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024 + 1 - PDF.length, 0x20)]);
    const tooBig = await upload(j1, [{ name: 'gros.pdf', data: big }]);
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json()).toEqual({
      error: 'Request Entity Too Large',
      status: 413,
      message: 'fichier trop volumineux',
    });
    // Exactly 10 MiB is accepted.
    const max = await upload(j1, [{ name: 'max.pdf', data: big.subarray(0, 10 * 1024 * 1024) }]);
    expect(max.json()).toEqual({ filename: 'max.pdf' });
    // 20 files per justificatif.
    const many = Array.from({ length: 20 }, (_, i) => ({ name: `p${i}.pdf`, data: PDF }));
    expect((await upload(j1, many)).json()).toEqual(scoError(400, 'trop de fichiers pour ce justificatif'));
    const none = await t.app.inject({
      method: 'POST',
      url: `${G}/justificatif/${j1}/import`,
      headers: { authorization: `Bearer ${await w.token('secr_info')}`, 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(none.json()).toEqual(scoError(404, "Il n'y a pas de fichier joint"));
    expect((await upload(j1, [{ name: 'vide.pdf', data: Buffer.alloc(0) }])).json()).toEqual(
      scoError(404, "Il n'y a pas de fichier joint"),
    );
    const after = await rowCounts(w);
    expect(after).toEqual({
      ...before,
      sco_justificatif_file: before.sco_justificatif_file + 1,
      versions: before.versions + 1,
      audit_log: before.audit_log + 1,
    });
    await w.post(`${G}/justificatif/${j1}/remove`, { remove: 'all' }, 'secr_info');
  });

  it('file permissions: ScoAbsChange to import; ScoAbsJustifView or the uploader to list, export, remove (AS8)', async () => {
    const j = (
      await w.post(
        `${G}/justificatif/${e0}/create`,
        [{ date_debut: `${day(mon, 3)}T08:00`, date_fin: `${day(mon, 3)}T18:00`, etat: 'attente', raison: 'RDV' }],
        'chef_info',
      )
    ).json().success[0].message.justif_id;
    expect((await upload(j, [{ name: 'a.pdf', data: PDF }], 'lecteur_api')).json()).toEqual(
      scoError(403, 'opération non autorisée'),
    );
    expect((await upload(j, [{ name: 'a.pdf', data: PDF }], 'ens_info', D)).json()).toEqual({ filename: 'a.pdf' });
    for (const u of ['lecteur_api', 'secr_info']) {
      expect((await w.get(`${G}/justificatif/${j}/list`, u)).json(), u).toEqual(
        scoError(403, 'opération non autorisée'),
      );
      expect((await w.get(`${G}/justificatif/${j}/export/a.pdf`, u)).statusCode, u).toBe(403);
      expect((await w.get(`${G}/justificatif/${j}`, u)).json().raison, u).toBeNull();
    }
    expect((await w.post(`${G}/justificatif/${j}/remove`, { remove: 'all' }, 'secr_info')).statusCode).toBe(403);
    // The uploader (ens_info), the author (chef_info), ScoAbsJustifView holders, SuperAdmin.
    for (const u of ['ens_info', 'chef_info', 'justif_viewer', 'super']) {
      expect((await w.get(`${G}/justificatif/${j}/list`, u)).json(), u).toEqual({ filenames: ['a.pdf'], total: 1 });
    }
    expect((await w.get(`${G}/justificatif/${j}`, 'justif_viewer')).json().raison).toBe('RDV');
    expect((await w.get(`/ScoDoc/CJ/api/justificatif/${j}/list`, 'super')).json()).toEqual(
      scoError(404, 'justificatif inconnu'),
    );
    for (const u of [`/justificatif/${j}/list`, `/justificatif/${j}/export/a.pdf`, `/justificatif/${j}`]) {
      expect((await w.get(G + u, null)).json()).toEqual(scoError(401, 'Non autorise (logic)'));
      expect((await w.get(G + u, 'observateur')).statusCode).toBe(403);
    }
    // justif_viewer may see but not write.
    expect((await w.post(`${G}/justificatif/${j}/remove`, { remove: 'all' }, 'justif_viewer')).statusCode).toBe(403);
    // Deleting the justificatif deletes its files in the same transaction (AS9).
    expect((await w.post(`${G}/justificatif/delete`, [j], 'secr_info')).json().success).toEqual([
      { indice: 0, message: 'OK' },
    ]);
    const left = await t.db.kysely
      .selectFrom('sco_justificatif_file')
      .select('id')
      .where('justif_id', '=', j)
      .execute();
    expect(left).toEqual([]);
  });

  it('write permissions: 401, 403 without ScoAbsChange, other department on the dept prefix → 404', async () => {
    const writes: [string, unknown][] = [
      [`/justificatif/${e0}/create`, []],
      [`/justificatif/ine/${ine0}/create`, []],
      [`/justificatif/${j1}/edit`, {}],
      ['/justificatif/delete', []],
      [`/justificatif/${j1}/remove`, { remove: 'all' }],
    ];
    for (const p of [G, D]) {
      for (const [u, b] of writes) {
        expect((await w.post(p + u, b, null)).statusCode, u).toBe(401);
        expect((await w.post(p + u, b, 'lecteur_api')).json(), u).toEqual(scoError(403, 'opération non autorisée'));
      }
    }
    expect((await w.post(`/ScoDoc/CJ/api/justificatif/${j1}/edit`, { etat: 'attente' }, 'ens_cj')).statusCode).toBe(
      404,
    );
    expect((await w.post(`${G}/justificatif/${e0}/create`, [], 'ens_cj')).statusCode).toBe(403);
    expect((await w.post(`/ScoDoc/CJ/api/justificatif/delete`, [j1], 'ens_cj')).json().errors).toEqual([
      { indice: 0, message: 'Justificatif non existant' },
    ]);
  });

  it('a justificatif across the October change: +02:00 at its start, +01:00 at its end', async () => {
    const y = Number((await formsemestreDates(w, fs)).date_debut.slice(0, 4));
    const sun = lastSunday(y, 10);
    const r = await w.post(
      `${G}/justificatif/${e0}/create`,
      [{ date_debut: `${day(sun, -2)}T00:00`, date_fin: `${day(sun, 2)}T00:00`, etat: 'valide' }],
      'secr_info',
    );
    const j = r.json().success[0].message.justif_id;
    const o = (await w.get(`${G}/justificatif/${j}`)).json();
    expect(o.date_debut).toBe(`${day(sun, -2)}T00:00:00+02:00`);
    expect(o.date_fin).toBe(`${day(sun, 2)}T00:00:00+01:00`);
    // A Monday absence after the change is covered by it.
    const a = (
      await w.post(
        `${G}/assiduite/${e0}/create`,
        [{ date_debut: `${day(sun, 1)}T08:00`, date_fin: `${day(sun, 1)}T23:00`, etat: 'absent' }],
        'secr_info',
      )
    ).json().success[0].message.assiduite_id;
    expect(await estJust(a)).toBe(true);
  });
});
