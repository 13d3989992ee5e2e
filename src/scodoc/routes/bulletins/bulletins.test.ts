import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testDialect } from '../../../../test/harness.js';
import { seedNotesDemo } from '../../seed/notes.js';
import { buildWorld, scoError, typesOf, type World } from '../../testing/world.js';
import { setLogo } from '../logos/logos.queries.js';
import { pdfImageCount, pdfPageCount, pdfText } from './pdf-text.js';
import { solidPng } from './png.js';

const SAMPLE = (await import(
  // The real ScoDoc sample, copied into the repository (CI runs from a clean clone).
  '../../grades/fixtures/formsemestre_bulletinetud-sans-classements-coef-txt.json',
  {
    with: { type: 'json' },
  }
)) as { default: Record<string, any> };

let t: TestApp;
let w: World;
let cur: number; // INFO S1 in progress (BUT)
let cj: number; // CJ DUT (classic), seeded notes
let mi: number;
let miCode: string;
let e1: number;
let e2: number;
let evalId: number;
let hiddenEval: number;
beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t);
  cur = w.demo.formsemestres[2].id;
  cj = w.demo.formsemestres[4].id;
  await seedNotesDemo(t.db.kysely, { timeZone: t.config.scodoc.timeZone, formsemestreIds: [cj, cur] });
  const m = await t.db.kysely
    .selectFrom('sco_moduleimpl as mi')
    .innerJoin('sco_module as m', 'm.id', 'mi.module_id')
    .select(['mi.id', 'm.code'])
    .where('mi.formsemestre_id', '=', cur)
    .orderBy('m.numero')
    .executeTakeFirstOrThrow();
  mi = Number(m.id);
  miCode = m.code;
  e1 = await w.etudOf(cur, 0);
  e2 = await w.etudOf(cur, 1);
  evalId = (
    await w.post(`/ScoDoc/api/moduleimpl/${mi}/evaluation/create`, {
      description: 'Interro surprise',
      coefficient: 1.5,
      note_max: 10,
      publish_incomplete: true,
      date_debut: '2026-10-12T14:00',
      date_fin: '2026-10-12T15:30',
    })
  ).json().id;
  hiddenEval = (
    await w.post(`/ScoDoc/api/moduleimpl/${mi}/evaluation/create`, { description: 'Cachée', visibulletin: false })
  ).json().id;
  await w.post(`/ScoDoc/api/evaluation/${evalId}/notes/set`, {
    notes: [
      [e1, 7.25],
      [e2, 'ABS'],
    ],
  });
  await setLogo(t.db.kysely, 0, 'header', 'image/png', solidPng(60, 24, [30, 80, 160]));
  await setLogo(t.db.kysely, 0, 'bul_sig_left', 'image/png', solidPng(40, 16, [0, 0, 0]));
  await setLogo(t.db.kysely, w.demo.depts.INFO, 'bul_sig_right', 'image/png', solidPng(40, 16, [90, 0, 0]));
});
afterAll(async () => t?.close());

const url = (fs: number, etudid: number, tail = '') =>
  `/ScoDoc/api/etudiant/etudid/${etudid}/formsemestre/${fs}/bulletin${tail}`;

describe(`ScoDoc bulletins on ${testDialect}`, () => {
  it('BUT bulletin: top level in §5.9 order, envelope of D12, etudiant with relative photo_url (compat §5.39)', async () => {
    const r = await w.get(url(cur, e1));
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/application\/json/);
    const b = r.json();
    expect(Object.keys(b)).toEqual([
      'version',
      'type',
      'date',
      'publie',
      'etat',
      'formsemestre_id',
      'etudiant',
      'formation',
      'options',
      'ressources',
      'saes',
      'ues',
      'ues_capitalisees',
      'semestre',
    ]);
    // Every top-level key of the real 9.1 sample is there.
    for (const k of Object.keys(SAMPLE.default)) expect(b).toHaveProperty(k);
    expect(b).toMatchObject({ type: 'BUT', publie: true, etat: 'I', formsemestre_id: cur });
    expect(b.date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    expect(b.etudiant.photo_url).toBe(`/ScoDoc/INFO/Scolarite/get_photo_image?etudid=${e1}&size=small`);
    expect(b.etudiant.photo_url.split('/')[2]).toBe('INFO');
    expect(b.etudiant).toMatchObject({
      etudid: e1,
      dept_acronym: 'INFO',
      fiche_url: `/ScoDoc/INFO/Scolarite/fiche_etud?etudid=${e1}`,
    });
    for (const k of Object.keys(SAMPLE.default.etudiant)) expect(b.etudiant).toHaveProperty(k);
    expect(Object.keys(b.formation)).toEqual(['id', 'acronyme', 'titre', 'titre_officiel']);
    // options: the sample's names and order, real booleans (compat §5.40)
    expect(Object.keys(b.options)).toEqual(Object.keys(SAMPLE.default.options));
    for (const [k, v] of Object.entries(b.options)) expect(typeof v).toBe(k === 'temporary_txt' ? 'string' : 'boolean');
    expect(b.ues_capitalisees).toEqual({});
  });

  it('BUT bulletin: ues by acronym, ressources/saes by code and joined, évaluations as clients read them (compat §5.42–5.44)', async () => {
    const b = (await w.get(url(cur, e1))).json();
    const acrs = Object.keys(b.ues);
    expect(acrs).toEqual([...acrs].sort());
    expect(acrs).toContain('UE1.1');
    for (const u of Object.values(b.ues) as any[]) {
      expect(typesOf(u)).toMatchObject({
        id: 'number',
        numero: 'number',
        type: 'number',
        moyenne: 'object',
        ECTS: 'object',
        bonus: 'number',
        malus: 'number',
        ressources: 'object',
        saes: 'object',
      });
      expect(Object.keys(u.moyenne)).toEqual(['value', 'min', 'max', 'moy', 'rang', 'total']);
      expect(u.moyenne.value).toMatch(/^(\d{2}\.\d{2}|~)$/);
      for (const k of Object.keys(u.ressources)) expect(b.ressources).toHaveProperty(k);
      for (const k of Object.keys(u.saes)) expect(b.saes).toHaveProperty(k);
      for (const k of Object.keys(SAMPLE.default.ues.UE11)) if (k !== 'moyenne') expect(u).toHaveProperty(k);
    }
    const res = b.ressources[miCode];
    for (const k of Object.keys(SAMPLE.default.ressources.R101)) expect(res).toHaveProperty(k);
    expect(Object.keys(res.moyenne)).toEqual(['value', 'min', 'max', 'moy']);
    const ev = res.evaluations.find((x: any) => x.id === evalId);
    expect(typesOf(ev)).toEqual({
      id: 'number',
      description: 'string',
      date: 'string',
      heure_debut: 'string',
      heure_fin: 'string',
      coef: 'number',
      poids: 'object',
      url: 'string',
      note: 'object',
    });
    for (const k of Object.keys(SAMPLE.default.ressources.R110.evaluations[3])) expect(ev).toHaveProperty(k);
    // 7.25/10 → 14.50/20 (§6.11: scaled to /20)
    expect(ev.note).toEqual({ value: '14.50', min: '14.50', max: '14.50', moy: '14.50' });
    expect(ev).toMatchObject({ date: '2026-10-12', heure_debut: '14:00' });
    expect(Object.keys(ev.poids)).toEqual(Object.keys(ev.poids).sort());
    const r2 = (await w.get(url(cur, e2))).json();
    expect(r2.ressources[miCode].evaluations.find((x: any) => x.id === evalId).note.value).toBe('ABS');
    // the semestre block (compat §5.41)
    const sem = b.semestre;
    expect(typesOf(sem)).toMatchObject({
      numero: 'number',
      groupes: 'array',
      inscription: 'string',
      absences: 'object',
      ECTS: 'object',
      notes: 'object',
      rang: 'object',
      situation: 'string',
      annee_universitaire: 'string',
      date_debut: 'string',
    });
    expect(Object.keys(sem.absences)).toEqual(['injustifie', 'total', 'metrique']);
    expect(sem.absences.metrique.length).toBeGreaterThan(0);
    expect(sem.groupes[0]).toHaveProperty('group_name');
    expect(sem.groupes[0]).toHaveProperty('partition_name');
    expect(sem.rang.value).toMatch(/^\d+( ex)?$/);
    expect(sem.rang.total).toBe(40);
    expect(sem.notes.value).toMatch(/^\d{2}\.\d{2}$/);
    // the raw body keeps Python floats (D10)
    expect((await w.get(url(cur, e1))).body).toMatch(/"coef":\d+\.\d/);
  });

  it('versions: short lists no évaluation, selectedevals drops hidden ones, unknown → 404 "version invalide"', async () => {
    const long = (await w.get(url(cur, e1, '/long'))).json();
    expect(long.ressources[miCode].evaluations.map((e: any) => e.id)).toContain(hiddenEval);
    const sel = (await w.get(url(cur, e1, '/selectedevals'))).json();
    expect(sel.ressources[miCode].evaluations.map((e: any) => e.id)).not.toContain(hiddenEval);
    expect(sel.ressources[miCode].evaluations.map((e: any) => e.id)).toContain(evalId);
    const short = (await w.get(url(cur, e1, '/short'))).json();
    expect(short.ressources[miCode].evaluations).toEqual([]);
    const butcourt = (await w.get(url(cur, e1, '/butcourt'))).json();
    expect(butcourt.ressources[miCode].evaluations.length).toBe(long.ressources[miCode].evaluations.length);
    expect((await w.get(url(cur, e1, '/nimporte'))).json()).toEqual(scoError(404, 'version invalide'));
    const raw = await w.get(`${url(cur, e1)}?format=raw`);
    // §1.3: raw values use the literal NaN (not strict JSON); read it as null here.
    expect(
      JSON.parse(raw.body.replace(/\bNaN\b/g, 'null')).ressources[miCode].evaluations.find((x: any) => x.id === evalId)
        .note.value,
    ).toBe(14.5);
  });

  it('nip / ine / dept prefixes; not inscribed → 404; 401, 403', async () => {
    const e = await t.db.kysely
      .selectFrom('sco_etudiant')
      .select(['code_nip', 'code_ine'])
      .where('id', '=', e1)
      .executeTakeFirstOrThrow();
    const a = (await w.get(`/ScoDoc/INFO/api/etudiant/nip/${e.code_nip}/formsemestre/${cur}/bulletin`)).json();
    const b = (await w.get(`/ScoDoc/api/etudiant/ine/${e.code_ine}/formsemestre/${cur}/bulletin?`)).json();
    expect(a.etudiant.etudid).toBe(e1);
    expect(b.etudiant.etudid).toBe(e1);
    expect((await w.get(url(cj, e1))).json()).toEqual(scoError(404, 'etudiant non inscrit dans ce formsemestre'));
    expect((await w.get(`/ScoDoc/CJ/api/etudiant/etudid/${e1}/formsemestre/${cur}/bulletin`)).statusCode).toBe(404);
    expect((await w.get(url(cur, e1), null)).json()).toEqual(scoError(401, 'Non autorise (logic)'));
    expect((await w.get(url(cur, e1), 'nobody')).json()).toEqual(scoError(403, 'opération non autorisée'));
    expect((await w.get(url(cur, e1, '/pdf'), null)).statusCode).toBe(401);
  });

  it('unpublished (bul_hide_xml): the D12 envelope only, publie false', async () => {
    await t.db.kysely.updateTable('sco_formsemestre').set({ bul_hide_xml: 1 }).where('id', '=', cur).execute();
    const b = (await w.get(url(cur, e1))).json();
    expect(Object.keys(b)).toEqual([
      'version',
      'type',
      'date',
      'publie',
      'etat',
      'formsemestre_id',
      'etudiant',
      'formation',
    ]);
    expect(b.publie).toBe(false);
    expect(b.etudiant.photo_url).toMatch(/^\/ScoDoc\/INFO\/Scolarite\//);
    const c = await t.db.kysely.updateTable('sco_formsemestre').set({ bul_hide_xml: 1 }).where('id', '=', cj).execute();
    expect(c).toBeDefined();
    const cb = (await w.get(url(cj, await w.etudOf(cj, 0)))).json();
    expect(cb).toMatchObject({ publie: false, type: 'classic' });
    expect(Object.keys(cb)).toEqual([
      'etudid',
      'formsemestre_id',
      'date',
      'publie',
      'type',
      'etapes',
      'etape_apo',
      'etape_apo2',
      'etudiant',
    ]);
    await t.db.kysely.updateTable('sco_formsemestre').set({ bul_hide_xml: 0 }).where('id', 'in', [cur, cj]).execute();
    expect((await w.get(url(cur, e1))).json().publie).toBe(true);
  });

  it('classic bulletin: §5.10 fields clients read (compat §5.45), module averages recomputable from the notes', async () => {
    const etudid = await w.etudOf(cj, 3);
    const b = (await w.get(`/ScoDoc/CJ/api/etudiant/etudid/${etudid}/formsemestre/${cj}/bulletin`)).json();
    expect(b).toMatchObject({ type: 'classic', publie: true, etudid, formsemestre_id: cj });
    expect(typesOf(b)).toMatchObject({
      note: 'object',
      rang: 'object',
      rang_group: 'array',
      situation: 'string',
      ue: 'array',
    });
    expect(Object.keys(b.rang)).toEqual(['value', 'ninscrits']);
    expect(b.etudiant).toMatchObject({ sexe: b.etudiant.civilite });
    expect(b.ue).toHaveLength(2);
    const mod = b.ue[0].module[0];
    expect(Object.keys(mod)).toEqual([
      'id',
      'code',
      'coefficient',
      'numero',
      'titre',
      'abbrev',
      'code_apogee',
      'note',
      'rang',
      'effectif',
      'evaluation',
    ]);
    expect(mod.evaluation.length).toBeGreaterThan(0);
    // recompute the module average from the stored notes (§6.3: Σ c·x / Σ c, ABS = 0, EXC neutralised)
    const notes = await t.db.kysely
      .selectFrom('sco_note as n')
      .innerJoin('sco_evaluation as e', 'e.id', 'n.evaluation_id')
      .select(['n.value', 'e.coefficient', 'e.note_max', 'e.evaluation_type'])
      .where('e.moduleimpl_id', '=', mod.id)
      .where('n.etudid', '=', etudid)
      .execute();
    let num = 0;
    let den = 0;
    for (const n of notes) {
      if (Number(n.evaluation_type) !== 0 || Number(n.value) === -1000) continue;
      const x = n.value === null ? 0 : (Number(n.value) * 20) / Number(n.note_max);
      num += Number(n.coefficient) * x;
      den += Number(n.coefficient);
    }
    expect(den).toBeGreaterThan(0);
    expect(mod.note.value).toBe((Math.round((num / den) * 100) / 100).toFixed(2).padStart(5, '0'));
    const lm = (await w.get(`/ScoDoc/api/etudiant/etudid/${etudid}/formsemestre/${cj}/bulletin/long_mat`)).json();
    expect(lm.ue[0].matiere[0].module.length).toBeGreaterThan(0);
  });

  it('formsemestre/<id>/bulletins: one per inscrit, in sort_key order', async () => {
    const r = (await w.get(`/ScoDoc/api/formsemestre/${cur}/bulletins`)).json();
    expect(r).toHaveLength(40);
    expect(r[0].etudiant.etudid).toBe(e1);
    const s = (await w.get(`/ScoDoc/api/formsemestre/${cur}/bulletins/short`)).json();
    expect(s[0].ressources[miCode].evaluations).toEqual([]);
    expect((await w.get(`/ScoDoc/api/formsemestre/${cur}/bulletins/xx`)).statusCode).toBe(404);
  });

  it('PDF: a real, readable bulletin — logo, student, UE tables, notes, decision, signatures unless /nosig', async () => {
    const r = await w.get(url(cur, e1, '/pdf'));
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    expect(r.headers['content-disposition']).toMatch(/^attachment; filename=".*\.pdf"$/);
    expect(r.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(r.rawPayload).join('\n');
    const json = (await w.get(url(cur, e1))).json();
    expect(text).toContain('Relevé de notes');
    expect(text).toContain(`${json.etudiant.prenom} ${json.etudiant.nom}`);
    expect(text).toContain('Moyenne générale');
    expect(text).toContain(json.semestre.notes.value);
    expect(text).toContain('UE1.1');
    expect(text).toContain(miCode);
    expect(text).toContain('Interro surprise');
    expect(text).toContain('14.50');
    expect(text).toContain(`Rang : ${json.semestre.rang.value} / 40`);
    expect(text).toContain('Décision du jury');
    expect(pdfImageCount(r.rawPayload)).toBe(3); // header logo + two signatures
    const nosig = await w.get(url(cur, e1, '/long/pdf/nosig'));
    expect(nosig.headers['content-type']).toBe('application/pdf');
    expect(pdfImageCount(nosig.rawPayload)).toBe(1);
    const court = await w.get(url(cur, e1, '/butcourt/pdf/nosig'));
    const ct = pdfText(court.rawPayload).join('\n');
    expect(ct).toContain(miCode);
    expect(ct).not.toContain('Interro surprise');
    // classic PDF
    const etudid = await w.etudOf(cj, 0);
    const c = await w.get(`/ScoDoc/api/etudiant/etudid/${etudid}/formsemestre/${cj}/bulletin/pdf`);
    const cText = pdfText(c.rawPayload).join('\n');
    expect(cText).toContain('Bulletin de notes');
    expect(cText).toContain('UE11');
    expect(cText).toContain('M1101');
  });

  it('PDF: long bulletins break pages and repeat the table header', async () => {
    // 40 more évaluations in one module: the long version cannot fit on one page.
    for (let k = 0; k < 40; k++) {
      const id = (
        await w.post(`/ScoDoc/api/moduleimpl/${mi}/evaluation/create`, {
          description: `TP noté ${k + 1}`,
          publish_incomplete: true,
        })
      ).json().id;
      await w.post(`/ScoDoc/api/evaluation/${id}/notes/set`, { notes: [[e1, 10 + (k % 10)]] });
    }
    const r = await w.get(url(cur, e1, '/pdf/nosig'));
    expect(pdfPageCount(r.rawPayload)).toBeGreaterThanOrEqual(2);
    const text = pdfText(r.rawPayload);
    expect(text).toContain('TP noté 40');
    expect(text.filter((l) => l === 'Module').length).toBeGreaterThan(6); // one header per UE table, plus repeats
  });
});
