/**
 * РКИ users API (issue 3, "Speed"): 100 000 readers in one organisation on SQLite.
 * - get/{id} over random ids: ≥ 60 % of the baseline's req/s;
 * - list pages `limit=10&offset=…` over varied offsets, and with an `email` substring filter (pieces of
 *   real readers' emails, as typed in a search box): p99 ≤ 20 ms at 50 connections;
 * - one argon2id hash at the configured cost (10–50 ms wanted), measured here.
 */
import { hashPassword } from '../../src/auth/password.js';
import { signRkiToken } from '../../src/rki/auth/jwt-hs256.js';
import { todayIn } from '../../src/rki/dates.js';
import { demoReader, demoReaders } from '../../src/rki/demo-readers.js';
import { createOrg } from '../../src/rki/orgs/orgs.js';
import { bulkInsertReaders } from '../../src/rki/readers/bulk-insert.js';
import type { BenchRequest, BenchSuite } from '../case.js';

/** A deterministic pseudo-random sequence, so runs compare. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

export const rkiSuite: BenchSuite = {
  name: 'rki',
  async prepare({ db, config, smoke, log }) {
    const count = smoke ? 1_000 : 100_000;
    const org = await createOrg(db, config, 'Bench university');
    const hash = await hashPassword('bench-password', config.argon2);
    const today = todayIn(config.rki.timeZone)();
    const t0 = performance.now();
    await bulkInsertReaders(db, org.clientId, demoReaders(count, today), hash, today);
    log(`rki: ${count} readers in organisation ${org.clientId} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    const ids = await db.kysely
      .selectFrom('rki_users')
      .select([(eb) => eb.fn.min('id').as('lo'), (eb) => eb.fn.max('id').as('hi')])
      .where('org_id', '=', org.clientId)
      .executeTakeFirstOrThrow();
    const lo = Number(ids.lo);
    const hi = Number(ids.hi);

    const headers = () => ({
      authorization: `Bearer ${signRkiToken(org.secret, { client_id: org.clientId, time: Math.floor(Date.now() / 1000), ip: '0.0.0.0' })}`,
      accept: 'application/json',
    });
    const get = (path: string, h: Record<string, string>): BenchRequest => ({
      method: 'GET',
      path: `/security${path}${path.includes('?') ? '&' : '?'}client_id=${org.clientId}`,
      headers: h,
    });
    // 200 requests a case: the runner hands them to the load generator as one argument (Linux caps one
    // argument at 128 KiB).
    const many = (n: number, make: (i: number, h: Record<string, string>) => BenchRequest) => () => {
      const h = headers();
      return Array.from({ length: n }, (_, i) => make(i, h));
    };

    return [
      {
        mode: 'load',
        name: 'GET /security/users/get/{id}',
        connections: 10,
        requests: many(200, (i, h) => get(`/users/get/${lo + lcg(i + 1)(hi - lo + 1)}`, h)),
        target: { kind: 'ratio', min: 0.6 },
      },
      {
        mode: 'load',
        name: 'GET /security/users?limit=10&offset=… (varied offsets)',
        connections: 50,
        requests: many(200, (i, h) => get(`/users?limit=10&offset=${lcg(i + 7)(count)}`, h)),
        target: { kind: 'p99', maxMs: 20 },
      },
      {
        mode: 'load',
        name: 'GET /security/users?email=…&limit=10 (substring of a reader’s email)',
        connections: 50,
        requests: many(200, (i, h) => {
          // A piece of a reader's address as typed in a search box: from the 3rd–5th character to just
          // past the @, upper-cased (e.g. "VALENKO.AN47@M"), so neither a prefix nor the stored case.
          const email = demoReader(1 + lcg(i + 13)(count), today).email;
          const from = 2 + (i % 3);
          const piece = email.slice(from, email.indexOf('@') + (i % 4)).toUpperCase();
          return get(`/users?email=${encodeURIComponent(piece)}&limit=10&offset=0`, h);
        }),
        target: { kind: 'p99', maxMs: 20 },
      },
      {
        mode: 'measure',
        name: 'argon2id hash (users/add cost)',
        async measure() {
          const times: number[] = [];
          for (let i = 0; i < 5; i++) {
            const t = performance.now();
            await hashPassword(`password-${i}`, config.argon2);
            times.push(performance.now() - t);
          }
          times.sort((a, b) => a - b);
          return { value: Math.round(times[2] * 10) / 10, unit: 'ms' };
        },
        target: { kind: 'report' },
      },
    ];
  },
};
