/**
 * ScoDoc attendance (issue 8, "Speed"), SQLite: one formsemestre of 300 students with 40 assiduités each
 * (12 000 records, a quarter justified), in a department of its own (other suites share the database).
 * - `assiduites/formsemestre/<id>/count/query?split=1&metric=demi`: p99 ≤ 30 ms at 20 connections;
 * - `assiduites/nip/<nip>/query?with_justifs=1` over random students: ≥ 50 % of the baseline's req/s;
 * - a roll call: `assiduites/create` with 30 items ≤ 30 ms, with 300 items ≤ 150 ms (one transaction each);
 * - a VALIDE justificatif spanning a student's 40 records, recomputing them in the write: ≤ 20 ms.
 * Smoke mode: 30 students with 5 records each.
 */
import { sql } from 'kysely';
import { recomputeEstJust } from '../../src/scodoc/routes/assiduites/justification.js';
import { instantOfLocalDay } from '../../src/scodoc/routes/assiduites/local-datetime.js';
import { issueToken } from '../../src/scodoc/routes/tokens/tokens.queries.js';
import { bulkInsert, bulkInsertIds } from '../../src/scodoc/seed/bulk.js';
import { createScoUser } from '../../src/scodoc/seed/users.js';
import type { BenchRequest, BenchSuite } from '../case.js';

function lcg(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

const DAY = 86_400_000;
const iso = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

export const scodocAssiduitesSuite: BenchSuite = {
  name: 'scodoc-assiduites',
  async prepare({ db, config, smoke, log }) {
    const students = smoke ? 30 : 300;
    const perStudent = smoke ? 5 : 40;
    const tz = config.scodoc.timeZone;
    const now = Date.now();
    const t0 = performance.now();
    // A term that started 120 days ago: its working days hold the records, then the bench's own writes.
    const today = Math.floor(now / DAY);
    const first = today - 120;
    const workdays: number[] = [];
    for (let d = first; workdays.length < 130; d++) if ((d + 4) % 7 !== 0 && (d + 4) % 7 !== 6) workdays.push(d);
    const k = db.kysely;
    const fixture = await k.transaction().execute(async (trx) => {
      const [dept] = await bulkInsertIds(trx, 'sco_departement', [
        { acronym: 'ASSI', dept_name: 'Bench assiduités', visible: 1, date_creation: now },
      ]);
      const [formation] = await bulkInsertIds(trx, 'sco_formation', [
        { dept_id: dept, acronyme: 'BUT B', titre: 'BUT bench', type_parcours: 700, formation_code: 'FBENCH' },
      ]);
      const modules = await bulkInsertIds(
        trx,
        'sco_module',
        Array.from({ length: 8 }, (_, i) => ({ formation_id: formation, code: `RB${i}`, titre: `Ressource ${i}` })),
      );
      const [fs] = await bulkInsertIds(trx, 'sco_formsemestre', [
        {
          dept_id: dept,
          formation_id: formation,
          semestre_id: 1,
          titre: 'BUT bench',
          date_debut: iso(first),
          date_fin: iso(first + 240),
        },
      ]);
      const mis = await bulkInsertIds(
        trx,
        'sco_moduleimpl',
        modules.map((m) => ({ formsemestre_id: fs, module_id: m })),
      );
      const etudids = await bulkInsertIds(
        trx,
        'sco_etudiant',
        Array.from({ length: students }, (_, i) => ({
          dept_id: dept,
          code_nip: `ASSI${String(i).padStart(5, '0')}`,
          civilite: i % 2 ? 'M' : 'F',
          nom: `NOM${i}`,
          prenom: `Prenom${i}`,
          sort_key: `nom${i};prenom${i}`,
        })),
      );
      await bulkInsert(
        trx,
        'sco_inscription',
        etudids.map((e) => ({ etudid: e, formsemestre_id: fs, etat: 'I' })),
      );
      await bulkInsert(
        trx,
        'sco_moduleimpl_inscription',
        mis.flatMap((m) => etudids.map((e) => ({ moduleimpl_id: m, etudid: e }))),
      );
      const user = await createScoUser(
        trx,
        { user_name: 'bench_assi', nom: 'Bench', roles: [['Secr', dept]] },
        config.argon2,
      );
      // 40 records a student: one per working day (morning or afternoon, 1–4 h), mostly absences.
      const rows: Record<string, unknown>[] = [];
      const justifs: Record<string, unknown>[] = [];
      for (const [s, etudid] of etudids.entries()) {
        const r = lcg(etudid);
        for (let j = 0; j < perStudent; j++) {
          const day = workdays[j];
          const from = (r(2) ? 8 : 14) * 60;
          const to = from + 60 * (1 + r(4));
          rows.push({
            etudid,
            moduleimpl_id: r(3) ? mis[r(mis.length)] : null,
            date_debut: instantOfLocalDay(day, from, tz),
            date_fin: instantOfLocalDay(day, to, tz),
            etat: [2, 2, 2, 1, 0][r(5)],
            description: null,
            entry_date: now,
            user_id: user,
            est_just: 0,
            external_data: r(4) ? null : '{"enseignant":"M. Bench"}',
          });
        }
        // Every other student has a VALIDE justificatif for a week of the first half.
        if (s % 2 === 0) {
          justifs.push({
            etudid,
            date_debut: instantOfLocalDay(workdays[5], 0, tz),
            date_fin: instantOfLocalDay(workdays[10], 0, tz),
            etat: 0,
            raison: 'Certificat',
            entry_date: now,
            user_id: user,
          });
        }
      }
      await bulkInsert(trx, 'sco_assiduite', rows);
      await bulkInsert(trx, 'sco_justificatif', justifs);
      for (let i = 0; i < etudids.length; i += 300) await recomputeEstJust(trx, etudids.slice(i, i + 300));
      return { fs, etudids, user };
    });
    await sql`analyze`.execute(k);
    log(
      `scodoc-assiduites: ${students} students × ${perStudent} assiduités in formsemestre ${fixture.fs} ` +
        `(${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );
    const { token } = await issueToken(k, config.serverKey, fixture.user, 24 * 3600);
    const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };
    const jsonHeaders = { ...headers, 'content-type': 'application/json' };
    const nips = fixture.etudids.map((_, i) => `ASSI${String(i).padStart(5, '0')}`);
    const get = (path: string): BenchRequest => ({ method: 'GET', path: `/ScoDoc/api${path}`, headers });
    const slot = (day: number, h: number) => ({
      date_debut: `${iso(day)}T${String(h).padStart(2, '0')}:00`,
      date_fin: `${iso(day)}T${String(h).padStart(2, '0')}:45`,
    });
    // Bench writes land after the 40 records: days 45… of the term, one day a run.
    const rollCall = (run: number, n: number, dayIndex: number): BenchRequest => ({
      method: 'POST',
      path: '/ScoDoc/api/assiduites/create',
      headers: jsonHeaders,
      body: JSON.stringify(
        Array.from({ length: n }, (_, i) => ({
          etudid: fixture.etudids[(run * n + i) % fixture.etudids.length],
          ...slot(workdays[dayIndex], 8 + (run % 8)),
          etat: i % 7 ? 'present' : 'absent',
        })),
      ),
    });
    return [
      {
        mode: 'load',
        name: `GET /ScoDoc/api/assiduites/formsemestre/<id>/count/query?split=1&metric=demi (${students} × ${perStudent})`,
        connections: 20,
        requests: () => [get(`/assiduites/formsemestre/${fixture.fs}/count/query?split=1&metric=demi`)],
        target: { kind: 'p99', maxMs: 30 },
      },
      {
        mode: 'load',
        name: 'GET /ScoDoc/api/assiduites/nip/<nip>/query?with_justifs=1',
        connections: 10,
        requests: () =>
          Array.from({ length: 200 }, (_, i) =>
            get(`/assiduites/nip/${nips[lcg(i + 3)(nips.length)]}/query?with_justifs=1`),
          ),
        target: { kind: 'ratio', min: 0.5 },
      },
      {
        mode: 'single',
        name: 'POST /ScoDoc/api/assiduites/create, 30 items (roll call)',
        runs: 20,
        request: (run) => rollCall(run, 30, 45 + Math.floor(run / 8)),
        target: { kind: 'max', maxMs: 30 },
      },
      {
        mode: 'single',
        name: `POST /ScoDoc/api/assiduites/create, ${students} items in one transaction`,
        runs: 10,
        request: (run) => rollCall(0, students, 50 + run),
        target: { kind: 'max', maxMs: 150 },
      },
      {
        mode: 'single',
        name: `POST /ScoDoc/api/justificatif/nip/<nip>/create VALIDE spanning ${perStudent} assiduités`,
        runs: 20,
        request: (run) => ({
          method: 'POST',
          path: `/ScoDoc/api/justificatif/nip/${nips[(2 * run + 1) % nips.length]}/create`,
          headers: jsonHeaders,
          body: JSON.stringify([
            {
              date_debut: `${iso(workdays[0])}T00:00`,
              date_fin: `${iso(workdays[perStudent - 1] + 1)}T00:00`,
              etat: 'valide',
              raison: 'Hospitalisation',
            },
          ]),
        }),
        target: { kind: 'max', maxMs: 20 },
      },
    ];
  },
};
