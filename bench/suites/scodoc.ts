/**
 * ScoDoc API (issue 4, "Speed"): the demo data set at --scale 50 on SQLite, plus one formsemestre of
 * 300 students in TD/TP groups.
 * - `GET /ScoDoc/api/etudiant/etudid/<id>` and `/formsemestre/<id>` over random ids: ≥ 60 % of the
 *   baseline's req/s;
 * - `GET /ScoDoc/api/formsemestre/<id>/etudiants/long` (300 students with groups): p99 ≤ 25 ms at 20
 *   connections.
 * Smoke mode: scale 1 and 30 students.
 */
import { hashPassword } from '../../src/auth/password.js';
import { issueToken } from '../../src/scodoc/routes/tokens/tokens.queries.js';
import { seedLargeFormsemestre, seedScodocDemo } from '../../src/scodoc/seed/demo.js';
import type { BenchRequest, BenchSuite } from '../case.js';

/** A deterministic pseudo-random sequence, so runs compare. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

export const scodocSuite: BenchSuite = {
  name: 'scodoc',
  async prepare({ db, config, smoke, log }) {
    const scale = smoke ? 1 : 50;
    const t0 = performance.now();
    // One hash for every demo account (they share the password).
    const passwordHash = await hashPassword('bench-Passw0rd', config.argon2);
    const demo = await seedScodocDemo(db.kysely, { scale, timeZone: config.scodoc.timeZone, passwordHash });
    const big = await seedLargeFormsemestre(db.kysely, smoke ? 30 : 300, config.scodoc.timeZone);
    log(
      `scodoc: scale ${scale}: ${demo.students} students, ${demo.formsemestres.length + 1} formsemestres, ` +
        `large formsemestre ${big} (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );
    // lecteur_api: the spec's LecteurAPI role (ScoView in every department).
    const { token } = await issueToken(db.kysely, config.serverKey, demo.users.lecteur_api, 24 * 3600);
    const etudids = (await db.kysely.selectFrom('sco_etudiant').select('id').orderBy('id').execute()).map((r) =>
      Number(r.id),
    );
    const fsIds = [...demo.formsemestres.map((f) => f.id), big];
    const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };
    const get = (path: string): BenchRequest => ({ method: 'GET', path: `/ScoDoc/api${path}`, headers });
    // 200 requests a case (the runner passes them as one argument, capped at 128 KiB on Linux).
    const many = (make: (i: number) => BenchRequest) => () => Array.from({ length: 200 }, (_, i) => make(i));
    return [
      {
        mode: 'load',
        name: 'GET /ScoDoc/api/etudiant/etudid/<id>',
        connections: 10,
        requests: many((i) => get(`/etudiant/etudid/${etudids[lcg(i + 1)(etudids.length)]}`)),
        target: { kind: 'ratio', min: 0.6 },
      },
      {
        mode: 'load',
        name: 'GET /ScoDoc/api/formsemestre/<id>',
        connections: 10,
        requests: many((i) => get(`/formsemestre/${fsIds[lcg(i + 5)(fsIds.length)]}`)),
        target: { kind: 'ratio', min: 0.6 },
      },
      {
        mode: 'load',
        name: `GET /ScoDoc/api/formsemestre/<id>/etudiants/long (${smoke ? 30 : 300} students with groups)`,
        connections: 20,
        requests: () => [get(`/formsemestre/${big}/etudiants/long`)],
        target: { kind: 'p99', maxMs: 25 },
      },
    ];
  },
};
