import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testDialect } from '../../../../test/harness.js';
import { buildWorld, scoError, typesOf, type World } from '../../testing/world.js';
import { importFormation, parseFormationExport } from './formation-import.js';

// ScoDoc's own exports (../shared/reference/scodoc/, copied as fixtures).
const JSON_EXPORT = readFileSync(new URL('./fixtures/exemple_formation_dut_info.json', import.meta.url), 'utf8');
const XML_EXPORT = readFileSync(new URL('./fixtures/formation-exemple-1.xml', import.meta.url), 'utf8');

let t: TestApp;
let w: World;
let but: number;
beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t);
  but = (await w.get(`/ScoDoc/api/formsemestre/${w.demo.formsemestres[2].id}`)).json().formation_id;
});
afterAll(async () => t?.close());

// scodoc.md §5.3 `formation`.
const FORMATION = {
  id: 'number',
  formation_id: 'number',
  dept_id: 'number',
  acronyme: 'string',
  titre: 'string',
  titre_officiel: 'string',
  version: 'number',
  type_parcours: 'number',
  formation_code: 'string',
  code_specialite: 'string',
  referentiel_competence_id: 'number',
};

describe(`ScoDoc formations on ${testDialect}`, () => {
  it('GET /formations (with departement), /formations_ids, /formation/<id>', async () => {
    const list = (await w.get('/ScoDoc/api/formations')).json();
    expect(list).toHaveLength(2);
    const { departement, ...f } = list[0];
    expect(typesOf(f)).toEqual(FORMATION);
    expect(departement).toMatchObject({ id: f.dept_id, acronym: 'INFO' });
    expect((await w.get('/ScoDoc/api/formations_ids')).json()).toEqual(list.map((x: { id: number }) => x.id));
    expect((await w.get('/ScoDoc/CJ/api/formations_ids')).json()).toHaveLength(1);
    expect((await w.get(`/ScoDoc/api/formation/${but}`)).json()).toEqual(f);
    expect((await w.get('/ScoDoc/api/formation/999999')).json()).toEqual(scoError(404, 'formation inconnue'));
    expect((await w.get(`/ScoDoc/CJ/api/formation/${but}`)).statusCode).toBe(404);
  });

  it('export / export_with_ids: ue > matiere > module tree, floats written as floats (D10)', async () => {
    const r = await w.get(`/ScoDoc/api/formation/${but}/export`);
    const ex = r.json();
    expect(ex).not.toHaveProperty('id');
    expect(ex.ue).toHaveLength(12);
    const ue = ex.ue[0];
    for (const k of [
      'acronyme',
      'titre',
      'numero',
      'type',
      'ue_code',
      'ects',
      'is_external',
      'code_apogee',
      'coefficient',
      'semestre_idx',
      'color',
      'reference',
      'matiere',
    ])
      expect(ue).toHaveProperty(k);
    const mod = ue.matiere[0].module[0];
    for (const k of [
      'titre',
      'abbrev',
      'code',
      'heures_cours',
      'heures_td',
      'heures_tp',
      'coefficient',
      'ects',
      'semestre_id',
      'numero',
      'code_apogee',
      'module_type',
      'coefficients',
    ])
      expect(mod).toHaveProperty(k);
    expect(mod).not.toHaveProperty('module_id');
    expect(r.body).toMatch(/"ects":5\.0/);
    expect(r.body).toMatch(/"heures_td":20\.0/);
    expect(mod.coefficients[0]).toEqual({ ue_reference: expect.any(Number), coef: expect.any(Number) });
    const withIds = (await w.get(`/ScoDoc/api/formation/${but}/export_with_ids`)).json();
    expect(withIds.id).toBe(but);
    expect(withIds.ue[0].matiere[0].module[0]).toHaveProperty('module_id');
  });

  it('referentiel_competences: the référentiel of a BUT; JSON 404 for a formation without one', async () => {
    const ref = (await w.get(`/ScoDoc/api/formation/${but}/referentiel_competences`)).json();
    for (const k of [
      'dept_id',
      'annexe',
      'specialite',
      'specialite_long',
      'type_structure',
      'type_departement',
      'type_titre',
      'version_orebut',
      'scodoc_date_loaded',
      'scodoc_orig_filename',
      'competences',
      'parcours',
    ]) {
      expect(ref).toHaveProperty(k);
    }
    expect(ref.competences['Réaliser']).toMatchObject({ titre: 'Réaliser', composantes: expect.any(Array), numero: 1 });
    const dut = (await w.get('/ScoDoc/api/formations'))
      .json()
      .find((f: { type_parcours: number }) => f.type_parcours === 100);
    const none = await w.get(`/ScoDoc/api/formation/${dut.id}/referentiel_competences`);
    expect(none.statusCode).toBe(404);
    expect(none.json()).toMatchObject({ error: 'Not Found', status: 404 });
  });

  it('imports the JSON and XML exports of ScoDoc; a second import becomes version 2; round-trips through export', async () => {
    const j = await importFormation(t.db.kysely, w.demo.depts.INFO, parseFormationExport(JSON_EXPORT));
    expect(j).toMatchObject({ version: 1 });
    const x = await importFormation(t.db.kysely, w.demo.depts.INFO, parseFormationExport(XML_EXPORT));
    expect(x.version).toBe(2);
    expect(x.ues).toBe(j.ues);
    expect(x.modules).toBe(j.modules);
    const a = (await w.get(`/ScoDoc/api/formation/${j.formation_id}/export`)).json();
    const b = (await w.get(`/ScoDoc/api/formation/${x.formation_id}/export`)).json();
    const strip = (e: any) => ({ ...e, version: 0, ue: e.ue.map((u: any) => ({ ...u, reference: 0 })) });
    expect(strip(b)).toEqual(strip(a));
    const sample = JSON.parse(JSON_EXPORT);
    expect(a.acronyme).toBe(sample.acronyme);
    expect(a.ue[0].matiere[0].module[0].code).toBe(sample.ue[0].matiere[0].module[0].code);
    // Through the API (Campus extension), BUT export re-imported with its coefficients.
    const butExport = (await w.get(`/ScoDoc/api/formation/${but}/export`)).json();
    const r = await w.post('/ScoDoc/INFO/api/formation/import', { data: butExport }, 'chef_info');
    expect(r.statusCode).toBe(200);
    const again = (await w.get(`/ScoDoc/api/formation/${r.json().id}/export`)).json();
    expect(again.ue[0].matiere[0].module[0].coefficients).toHaveLength(
      butExport.ue[0].matiere[0].module[0].coefficients.length,
    );
    const xml = await w.post('/ScoDoc/api/formation/import', { dept: 'CJ', data: XML_EXPORT }, 'super');
    expect(xml.json()).toMatchObject({ acronyme: 'DUT Info', dept_id: w.demo.depts.CJ });
    expect((await w.post('/ScoDoc/api/formation/import', { dept: 'CJ', data: '<formation' }, 'super')).statusCode).toBe(
      400,
    );
    expect((await w.post('/ScoDoc/api/formation/import', { dept: 'CJ', data: {} }, 'super')).json()).toEqual(
      scoError(400, 'formation_import: acronyme is required'),
    );
    expect(
      (await w.post('/ScoDoc/api/formation/import', { dept: 'CJ', data: XML_EXPORT }, 'chef_info')).statusCode,
    ).toBe(403);
  });
});
