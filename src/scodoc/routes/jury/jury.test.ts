import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testDialect } from '../../../../test/harness.js';
import { seedNotesDemo } from '../../seed/notes.js';
import { buildWorld, scoError, type World } from '../../testing/world.js';

let t: TestApp;
let w: World;
let s1: number; // INFO BUT S1, last year
let s2: number; // INFO BUT S2, last year
let cj: number; // CJ DUT S1 (classic)
const parseRaw = (body: string) => JSON.parse(body.replace(/\bNaN\b/g, 'null'));
beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t);
  s1 = w.demo.formsemestres[0].id;
  s2 = w.demo.formsemestres[1].id;
  cj = w.demo.formsemestres[4].id;
  await seedNotesDemo(t.db.kysely, { timeZone: t.config.scodoc.timeZone, formsemestreIds: [s1, s2, cj] });
});
afterAll(async () => t?.close());

describe(`ScoDoc jury on ${testDialect}`, () => {
  it('classic proposals follow the DUT table (§6.13): ADM iff moy_gen ≥ 10 and UE bars ok; UE codes ADM/CMP/AJ', async () => {
    const props = (await w.get(`/ScoDoc/api/formsemestre/${cj}/jury/propositions`)).json();
    const rows = parseRaw((await w.get(`/ScoDoc/api/formsemestre/${cj}/resultats?format=raw`)).body);
    expect(props).toHaveLength(40);
    const ues = Object.keys(rows[0]).filter((k) => k.startsWith('moy_ue_'));
    for (const p of props) {
      const r = rows.find((x: { etudid: number }) => x.etudid === p.etudid);
      const moy = r.moy_gen as number;
      const bars = ues.every((k) => r[k] === null || r[k] >= 8 - 0.00499999999999);
      // first semester, no previous decision: ADM (ok, ok), ATT (moy < 10, bars ok, not last), ATB (bars < 8)
      const expected = moy >= 10 - 0.00499999999999 && bars ? 'ADM' : !bars ? 'ATB' : 'ATT';
      expect([p.etudid, p.semestre.code]).toEqual([p.etudid, expected]);
      expect(p.alternatives[0].code).toBe(expected);
      for (const u of p.ues) {
        const m = r[`moy_ue_${u.ue_id}`];
        expect(u.code).toBe(m >= 10 - 0.00499999999999 ? 'ADM' : expected === 'ADM' ? 'CMP' : 'AJ');
      }
      expect(p.autorisations).toEqual(
        expected === 'ADM' || expected === 'ATT' || expected === 'ATB' ? [{ semestre_id: 2 }] : [],
      );
    }
  });

  it('recording: accept the proposals, override one, decisions_jury and the bulletin show them', async () => {
    const props = (await w.get(`/ScoDoc/api/formsemestre/${cj}/jury/propositions`)).json();
    const target = props[0].etudid;
    const r = await w.post(`/ScoDoc/CJ/api/formsemestre/${cj}/jury/record`, {
      accept_proposals: true,
      decisions: [{ etudid: target, semestre: 'ADJ' }],
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().etudids).toHaveLength(40);
    const dj = (await w.get(`/ScoDoc/api/formsemestre/${cj}/decisions_jury`)).json();
    for (const d of dj) {
      const p = props.find((x: { etudid: number }) => x.etudid === d.etudid);
      expect(d.decision_sem.code).toBe(d.etudid === target ? 'ADJ' : p.semestre.code);
      expect(Object.keys(d.decisions_ue).length).toBe(p.ues.length);
      expect(d.autorisations).toEqual(p.autorisations);
    }
    const b = (await w.get(`/ScoDoc/api/etudiant/etudid/${target}/formsemestre/${cj}/bulletin`)).json();
    expect(b.decision).toMatchObject({ code: 'ADJ', etat: 'I' });
    expect(b.situation).toContain('Décision jury: Validé par le Jury');
    // a changed note now reports the student as having a decision
    const ev = await t.db.kysely
      .selectFrom('sco_evaluation as e')
      .innerJoin('sco_moduleimpl as mi', 'mi.id', 'e.moduleimpl_id')
      .select('e.id')
      .where('mi.formsemestre_id', '=', cj)
      .where('e.evaluation_type', '=', 0)
      .executeTakeFirstOrThrow();
    const ns = await w.post(`/ScoDoc/api/evaluation/${ev.id}/notes/set`, { notes: [[target, 19.5]] });
    expect(ns.json().etudids_with_decision).toEqual([target]);
    expect(ns.json().messages).toHaveLength(1);
  });

  it('BUT even semester: RCUEs pair S1 and S2 UEs by competence, moy = mean (D33), decisions_jury as clients read it', async () => {
    const props = (await w.get(`/ScoDoc/api/formsemestre/${s2}/jury/propositions`)).json();
    const r1 = parseRaw((await w.get(`/ScoDoc/api/formsemestre/${s1}/resultats?format=raw`)).body);
    const r2 = parseRaw((await w.get(`/ScoDoc/api/formsemestre/${s2}/resultats?format=raw`)).body);
    const p = props.find((x: { rcues: unknown[] }) => x.rcues.length === 6);
    expect(p).toBeDefined();
    for (const rc of p.rcues) {
      const a = r1.find((x: { etudid: number }) => x.etudid === p.etudid)[`moy_ue_${rc.ue_id1}`];
      const b = r2.find((x: { etudid: number }) => x.etudid === p.etudid)[`moy_ue_${rc.ue_id2}`];
      expect(rc.moy).toBeCloseTo((a + b) / 2, 10);
      expect(rc.code).toBe(rc.moy >= 10 - 0.00499999999999 ? 'ADM' : 'AJ');
    }
    const validated = p.rcues.filter((x: { code: string }) => x.code === 'ADM').length;
    expect(['ADM', 'PASD', 'RED']).toContain(p.annee.code);
    if (validated === 6) expect(p.annee.code).toBe('ADM');
    expect(p.annee.ordre).toBe(1);
    const rec = await w.post(`/ScoDoc/api/formsemestre/${s2}/jury/record`, {
      accept_proposals: true,
      etudids: [p.etudid],
    });
    expect(rec.json()).toEqual({ etudids: [p.etudid] });
    const dj = (await w.get(`/ScoDoc/api/formsemestre/${s2}/decisions_jury`)).json();
    const d = dj.find((x: { etudid: number }) => x.etudid === p.etudid);
    expect(d.rcues).toHaveLength(6);
    expect(d.rcues.map((x: { ue_2: { ue_id: number } }) => x.ue_2.ue_id)).toEqual(
      p.rcues.map((x: { ue_id2: number }) => x.ue_id2),
    );
    for (const rc of d.rcues) {
      expect(typeof rc.moy).toBe('number');
      expect(typeof rc.ue_2.moy).toBe('number');
      expect(rc.ue_1.moy === null || typeof rc.ue_1.moy === 'number').toBe(true);
    }
    expect(d.annee).toMatchObject({ code: p.annee.code, ordre: 1 });
    const bul = (await w.get(`/ScoDoc/api/etudiant/etudid/${p.etudid}/formsemestre/${s2}/bulletin`)).json();
    expect(bul.semestre.decision_annee).toEqual({ code: p.annee.code });
    expect(bul.semestre.decision_rcue[0].niveau.competence.titre).toBe('Réaliser');
    expect(bul.semestre.decision_ue.length).toBeGreaterThan(0);
  });

  it('bad codes and students → 400; delete a recorded validation (9.6 route); permissions', async () => {
    const etudid = await w.etudOf(cj, 1);
    const bad = await w.post(`/ScoDoc/api/formsemestre/${cj}/jury/record`, {
      decisions: [{ etudid, semestre: 'XYZ' }],
    });
    expect(bad.json()).toEqual(scoError(400, 'jury_record: invalid semestre code "XYZ"'));
    const other = await w.etudOf(s2, 0);
    const ni = await w.post(`/ScoDoc/api/formsemestre/${cj}/jury/record`, {
      decisions: [{ etudid: other, semestre: 'ADM' }],
    });
    expect(ni.json()).toEqual(scoError(400, `jury_record: etudiant ${other} non inscrit dans ce formsemestre`));
    expect((await w.post(`/ScoDoc/api/formsemestre/${cj}/jury/record`, {})).json()).toEqual(
      scoError(400, 'jury_record: nothing to record (give decisions or accept_proposals)'),
    );
    const row = await t.db.kysely
      .selectFrom('sco_jury_semestre')
      .select('id')
      .where('formsemestre_id', '=', cj)
      .where('etudid', '=', etudid)
      .executeTakeFirstOrThrow();
    const url = `/ScoDoc/api/etudiant/${etudid}/jury/validation_formsemestre/${row.id}/delete`;
    expect((await w.post(url, undefined, 'reader')).json()).toEqual(scoError(403, 'opération non autorisée'));
    expect((await w.post(url)).json()).toEqual({ OK: true });
    expect((await w.post(url)).json()).toEqual(scoError(404, 'validation inconnue'));
    const dj = (await w.get(`/ScoDoc/api/formsemestre/${cj}/decisions_jury`)).json();
    expect(dj.find((x: { etudid: number }) => x.etudid === etudid).decision_sem).toBeNull();
    expect(
      (await w.post(`/ScoDoc/api/formsemestre/${cj}/jury/record`, { accept_proposals: true }, 'reader')).statusCode,
    ).toBe(403);
  });
});
