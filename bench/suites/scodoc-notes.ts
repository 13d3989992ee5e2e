/**
 * ScoDoc grades (issue 5, "Speed"), SQLite: a BUT formsemestre of 300 students, 25 modules (20 ressources,
 * 5 SAÉs) over 6 UEs, 4 évaluations each (30 000 notes, a few ABS/EXC), on top of the demo data set.
 * - `formsemestre/<id>/resultats` cold (results version bumped and DB cache emptied before each run) ≤ 150 ms;
 *   warm p50 ≤ 15 ms;
 * - `formsemestre/<id>/bulletins` (300) cold ≤ 400 ms;
 * - one student's bulletin JSON warm ≥ 40 % of the baseline req/s; one PDF bulletin ≤ 100 ms;
 * - `evaluation/<id>/notes/set` of 300 notes (values changing every run: 300 updates + history) ≤ 100 ms.
 * Smoke mode: 30 students, 5 modules, 2 évaluations each.
 */
import type { Kysely } from 'kysely';
import { hashPassword } from '../../src/auth/password.js';
import { issueToken } from '../../src/scodoc/routes/tokens/tokens.queries.js';
import { bulkInsert, bulkInsertIds } from '../../src/scodoc/seed/bulk.js';
import { seedLargeFormsemestre, seedScodocDemo } from '../../src/scodoc/seed/demo.js';
import type { BenchCase, BenchRequest, BenchSuite } from '../case.js';

/** mulberry32: deterministic, so runs compare. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GradesDataSet {
  readonly formsemestreId: number;
  readonly etudids: readonly number[];
  readonly evaluationIds: readonly number[];
}

/** The issue's data set: its own BUT formation (6 UEs, `modules` modules), a formsemestre, notes. */
export async function seedGradesDataSet(
  db: Kysely<any>,
  o: { students: number; modules: number; evals: number; timeZone: string },
): Promise<GradesDataSet> {
  const fsId = await seedLargeFormsemestre(db, o.students, o.timeZone);
  return db.transaction().execute(async (trx) => {
    const rnd = prng(5);
    const fs = await trx
      .selectFrom('sco_formsemestre')
      .select(['dept_id', 'date_debut'])
      .where('id', '=', fsId)
      .executeTakeFirstOrThrow();
    const [formation] = await bulkInsertIds(trx, 'sco_formation', [
      {
        dept_id: fs.dept_id,
        acronyme: 'BUT BENCH',
        titre: 'BUT Bench',
        titre_officiel: 'BUT Bench',
        version: 1,
        type_parcours: 700,
        formation_code: `FCOD-BENCH-${fsId}`,
      },
    ]);
    const ues = await bulkInsertIds(
      trx,
      'sco_ue',
      Array.from({ length: 6 }, (_, u) => ({
        formation_id: formation,
        acronyme: `UEB${u + 1}`,
        titre: `Compétence ${u + 1}`,
        numero: u,
        type: 0,
        ects: 5,
        is_external: 0,
        semestre_idx: 1,
        competence: `Compétence ${u + 1}`,
        niveau: 1,
      })),
    );
    const modules = await bulkInsertIds(
      trx,
      'sco_module',
      Array.from({ length: o.modules }, (_, m) => ({
        formation_id: formation,
        ue_id: ues[0],
        titre: `${m % 5 === 4 ? 'SAÉ' : 'Ressource'} ${m + 1}`,
        abbrev: `M${m + 1}`,
        code: `${m % 5 === 4 ? 'SAE' : 'R'}B${String(m + 1).padStart(2, '0')}`,
        coefficient: 1,
        semestre_id: 1,
        numero: m,
        module_type: m % 5 === 4 ? 3 : 2,
      })),
    );
    await bulkInsert(
      trx,
      'sco_module_ue_coef',
      modules.flatMap((mid, m) =>
        ues
          .filter((_, u) => (m + u) % 3 !== 0)
          .map((ue, u) => ({ module_id: mid, ue_id: ue, coef: 1 + ((m * 5 + u) % 7) })),
      ),
    );
    await trx.updateTable('sco_formsemestre').set({ formation_id: formation }).where('id', '=', fsId).execute();
    const mis = await bulkInsertIds(
      trx,
      'sco_moduleimpl',
      modules.map((module_id) => ({ formsemestre_id: fsId, module_id })),
    );
    const etudids = (
      await trx
        .selectFrom('sco_inscription')
        .select('etudid')
        .where('formsemestre_id', '=', fsId)
        .orderBy('etudid')
        .execute()
    ).map((r) => Number(r.etudid));
    await bulkInsert(
      trx,
      'sco_moduleimpl_inscription',
      mis.flatMap((mi) => etudids.map((etudid) => ({ moduleimpl_id: mi, etudid }))),
    );
    const debut = Date.parse(`${fs.date_debut}T08:00:00Z`);
    const evals = await bulkInsertIds(
      trx,
      'sco_evaluation',
      mis.flatMap((mi, m) =>
        Array.from({ length: o.evals }, (_, k) => ({
          moduleimpl_id: mi,
          description: `Évaluation ${k + 1}`,
          date_debut: debut + (m * o.evals + k) * 86_400_000,
          date_fin: debut + (m * o.evals + k) * 86_400_000 + 7_200_000,
          coefficient: 1 + (k % 3),
          note_max: k === 3 ? 10 : 20,
          evaluation_type: 0,
          numero: k,
          publish_incomplete: 0,
          visibulletin: 1,
        })),
      ),
    );
    const notes: Record<string, unknown>[] = [];
    evals.forEach((evaluation_id, k) => {
      const max = k % o.evals === 3 ? 10 : 20;
      for (const etudid of etudids) {
        const r = rnd();
        const value = r < 0.02 ? null : r < 0.03 ? -1000 : Math.round(rnd() * max * 4) / 4;
        notes.push({ evaluation_id, etudid, value, comment: '', date: Date.now() });
      }
    });
    await bulkInsert(trx, 'sco_note', notes);
    return { formsemestreId: fsId, etudids, evaluationIds: evals };
  });
}

export const scodocNotesSuite: BenchSuite = {
  name: 'scodoc-notes',
  async prepare({ db, config, smoke, log }) {
    const t0 = performance.now();
    const passwordHash = await hashPassword('bench-Passw0rd', config.argon2);
    const demo = await seedScodocDemo(db.kysely, { scale: 1, timeZone: config.scodoc.timeZone, passwordHash });
    const size = smoke ? { students: 30, modules: 5, evals: 2 } : { students: 300, modules: 25, evals: 4 };
    const data = await seedGradesDataSet(db.kysely, { ...size, timeZone: config.scodoc.timeZone });
    const fs = data.formsemestreId;
    log(
      `scodoc-notes: ${size.students} students × ${size.modules} modules × ${size.evals} évaluations in formsemestre ${fs} ` +
        `(${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );
    // chef_info: Admin of INFO (ScoView, ScoEditAllNotes).
    const { token } = await issueToken(db.kysely, config.serverKey, demo.users.chef_info, 24 * 3600);
    const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };
    const get = (path: string): BenchRequest => ({ method: 'GET', path: `/ScoDoc/api${path}`, headers });
    /** Cold: the next read must recompute (memo and database cache both miss). */
    const invalidate = async () => {
      await db.kysely.deleteFrom('sco_results_cache').where('formsemestre_id', '=', fs).execute();
      await db.kysely
        .updateTable('sco_results_version')
        .set((eb) => ({ version: eb('version', '+', 1) }))
        .where('formsemestre_id', '=', fs)
        .execute();
    };
    const pick = prng(11);
    const bulletin = (etudid: number, tail = '') =>
      get(`/etudiant/etudid/${etudid}/formsemestre/${fs}/bulletin${tail}`);
    const evalId = data.evaluationIds[0];
    const cases: BenchCase[] = [
      {
        mode: 'single',
        name: `GET formsemestre/<id>/resultats cold (${size.students} students)`,
        runs: smoke ? 3 : 15,
        async request() {
          await invalidate();
          return get(`/formsemestre/${fs}/resultats`);
        },
        target: { kind: 'median', maxMs: 150 },
      },
      {
        mode: 'load',
        name: `GET formsemestre/<id>/resultats warm (${size.students} students)`,
        connections: 4,
        requests: () => [get(`/formsemestre/${fs}/resultats`)],
        target: { kind: 'p50', maxMs: 15 },
      },
      {
        mode: 'single',
        name: `GET formsemestre/<id>/bulletins cold (${size.students} bulletins)`,
        runs: smoke ? 2 : 9,
        async request() {
          await invalidate();
          return get(`/formsemestre/${fs}/bulletins`);
        },
        target: { kind: 'median', maxMs: 400 },
      },
      {
        mode: 'load',
        name: 'GET one student’s bulletin JSON warm',
        connections: 10,
        requests: () =>
          Array.from({ length: 100 }, () => bulletin(data.etudids[Math.floor(pick() * data.etudids.length)])),
        target: { kind: 'ratio', min: 0.4 },
      },
      {
        mode: 'single',
        name: 'GET one PDF bulletin',
        runs: smoke ? 3 : 20,
        request: (run) => bulletin(data.etudids[run % data.etudids.length], '/pdf'),
        target: { kind: 'median', maxMs: 100 },
      },
      {
        mode: 'single',
        name: `POST evaluation/<id>/notes/set of ${size.students} notes`,
        runs: smoke ? 3 : 15,
        request: (run) => ({
          method: 'POST',
          path: `/ScoDoc/api/evaluation/${evalId}/notes/set`,
          headers: { ...headers, 'content-type': 'application/json' },
          // every run changes every note (300 updates, 300 history rows)
          body: JSON.stringify({ notes: data.etudids.map((e, k) => [e, ((k + run) % 40) / 2]) }),
        }),
        target: { kind: 'median', maxMs: 100 },
      },
    ];
    return cases;
  },
};
