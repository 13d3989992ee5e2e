/**
 * Service modes (issue 6, "Speed"), SQLite: a generated CMDB of 100 000 CIs in a forest of depth ≤ 8 (one
 * root holds a 10 000-CI subtree) and 100 000 modes of 1–10 CIs, written with bulk inserts; the closure
 * table is filled by one recursive INSERT … SELECT, the trigram search index from JSON batches.
 * - list with search + sort, one page of 50: p99 ≤ 20 ms at 20 connections;
 * - GET /{id}: ≥ 60 % of the bare-Fastify baseline's req/s;
 * - active-config-items for one CI at a time (ancestors' CiAndChildren modes considered): p99 ≤ 10 ms;
 * - creating a mode on a CI with a 10 000-CI subtree: ≤ 50 ms.
 * The token belongs to a CMDB administrator (an integration account, which sees every mode).
 */
import { type Kysely, sql } from 'kysely';
import { hashPassword } from '../../src/auth/password.js';
import { createPersonalToken } from '../../src/service-modes/personal-tokens.js';
import { gramsOf, searchText } from '../../src/service-modes/search-grams.js';
import type { BenchRequest, BenchSuite } from '../case.js';

/** Deterministic pseudo-random numbers, so runs compare. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

async function bulkInsert(trx: Kysely<any>, table: string, rows: Record<string, unknown>[]) {
  if (rows.length === 0) return;
  // SQLite allows 32 766 bound variables a statement.
  const per = Math.floor(30_000 / Object.keys(rows[0]).length);
  for (let i = 0; i < rows.length; i += per)
    await trx
      .insertInto(table)
      .values(rows.slice(i, i + per))
      .execute();
}

const VERBS = ['Обновление', 'Замена', 'Перезагрузка', 'Миграция', 'Patch', 'Upgrade', 'Backup', 'Maintenance'];
const OBJECTS = ['ядра', 'СУБД', 'сервера', 'коммутатора', 'storage', 'kernel', 'firmware', 'network', 'cluster'];
const HOUR = 3_600_000;

export const serviceModesSuite: BenchSuite = {
  name: 'service-modes',
  async prepare({ db, config, smoke, log }) {
    const ciCount = smoke ? 2_000 : 100_000;
    const modeCount = smoke ? 2_000 : 100_000;
    const bigSubtree = smoke ? 200 : 10_000;
    const rnd = lcg(6);
    const now = Math.floor(Date.now() / 1000) * 1000;
    const t0 = performance.now();
    const hash = await hashPassword('bench-password', config.argon2);

    const { accountId, deepCis } = await db.kysely.transaction().execute(async (trx) => {
      const acc = await trx
        .insertInto('accounts')
        .values({
          username: 'sm-bench',
          email: null,
          email_norm: null,
          password_hash: hash,
          active: 1,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const accountId = Number(acc.id);
      await trx.insertInto('sm_admins').values({ account_id: accountId }).execute();
      const workgroups = Array.from({ length: 10 }, (_, i) => ({ id: i + 1, name: `wg-${i + 1}` }));
      await bulkInsert(trx, 'sm_workgroups', workgroups);
      await bulkInsert(trx, 'sm_memberships', [{ workgroup_id: 1, account_id: accountId, role: 'Edit' }]);
      await bulkInsert(trx, 'sm_ci_types', [
        { id: 1, name: 'Server' },
        { id: 2, name: 'Application' },
      ]);
      // Forest: CI 1 roots a subtree of `bigSubtree` CIs; the rest hang under 200 roots; depth ≤ 7 (8 levels).
      const depth = new Int8Array(ciCount + 1);
      const parent = new Int32Array(ciCount + 1);
      const cis: Record<string, unknown>[] = [];
      const roots = smoke ? 20 : 200;
      for (let id = 1; id <= ciCount; id++) {
        let p = 0;
        if (id > 1 && id <= bigSubtree) p = 1 + rnd(id - 1);
        else if (id > bigSubtree + roots) p = bigSubtree + 1 + rnd(id - bigSubtree - 1);
        while (p && depth[p] >= 7) p = parent[p];
        parent[id] = p;
        depth[id] = p ? depth[p] + 1 : 0;
        cis.push({
          id,
          name: `ci-${id}`,
          description: null,
          type_id: depth[id] >= 5 ? 2 : 1,
          owner_workgroup_id: 1 + (id % 10),
          parent_id: p || null,
          labels: JSON.stringify({ rack: `r${id % 300}` }),
          created_at: now,
          updated_at: now,
        });
      }
      await bulkInsert(trx, 'sm_config_items', cis);
      await sql`insert into sm_ci_closure (ancestor_id, descendant_id, distance)
        with recursive up(anc, des, d) as (
          select id, id, 0 from sm_config_items
          union all
          select c.parent_id, up.des, up.d + 1 from up join sm_config_items c on c.id = up.anc where c.parent_id is not null
        ) select anc, des, d from up`.execute(trx);

      const modes: Record<string, unknown>[] = [];
      const entries: Record<string, unknown>[] = [];
      for (let id = 1; id <= modeCount; id++) {
        const start = now + (rnd(360) - 180) * 24 * HOUR + rnd(24) * HOUR;
        const end = start + (1 + rnd(48)) * HOUR;
        const title = `${VERBS[rnd(VERBS.length)]} ${OBJECTS[rnd(OBJECTS.length)]} srv-${rnd(2000)}`;
        const labels: Record<string, string> = rnd(3) === 0 ? { change: `CHG-${id}`, team: `team-${rnd(40)}` } : {};
        modes.push({
          id,
          title,
          date_start: start,
          date_end: end,
          cancelled_at: rnd(50) === 0 && start > now ? now : null,
          labels: JSON.stringify(labels),
          search_text: searchText(title, labels),
          version: 1,
          created_by: accountId,
          created_at: now,
          updated_at: now,
        });
        const n = 1 + rnd(10);
        const seen = new Set<number>();
        for (let k = 0; k < n; k++) {
          const ci = 1 + rnd(ciCount);
          if (seen.has(ci)) continue;
          seen.add(ci);
          const children = rnd(10) < 3;
          entries.push({
            mode_id: id,
            ci_id: ci,
            scope: children ? 'CiAndChildren' : 'Ci',
            depth: children ? rnd(4) : 0,
            date_start: start,
            date_end: end,
            position: k,
          });
        }
      }
      await bulkInsert(trx, 'sm_modes', modes);
      await bulkInsert(trx, 'sm_mode_entries', entries);
      // The search index: every mode's distinct trigrams and, per gram, how many modes hold it.
      const stats = new Map<string, number>();
      let grams: [string, number][] = [];
      const flush = async () => {
        if (db.dialect === 'sqlite') {
          await sql`insert into sm_mode_grams (gram, mode_id)
            select json_extract(value, '$[0]'), json_extract(value, '$[1]') from json_each(${JSON.stringify(grams)})`.execute(
            trx,
          );
        } else {
          await bulkInsert(
            trx,
            'sm_mode_grams',
            grams.map(([gram, mode_id]) => ({ gram, mode_id })),
          );
        }
        grams = [];
      };
      for (const m of modes) {
        for (const g of gramsOf(m.search_text as string)) {
          grams.push([g, m.id as number]);
          stats.set(g, (stats.get(g) ?? 0) + 1);
        }
        if (grams.length >= 200_000) await flush();
      }
      await flush();
      await bulkInsert(
        trx,
        'sm_gram_stats',
        [...stats].map(([gram, n]) => ({ gram, n })),
      );
      if (db.dialect === 'postgres') {
        // Rows were written with explicit ids: move the identity sequences past them.
        for (const table of ['sm_workgroups', 'sm_ci_types', 'sm_config_items', 'sm_modes']) {
          await sql`select setval(pg_get_serial_sequence(${table}, 'id'), (select max(id) from ${sql.table(table)}))`.execute(
            trx,
          );
        }
      }
      // Which workgroups see each mode (kept by mode-visibility.ts on every write).
      await sql`insert into sm_mode_workgroups (mode_id, workgroup_id)
        select distinct e.mode_id, c.owner_workgroup_id from sm_mode_entries e
          join sm_ci_closure cl on cl.descendant_id = e.ci_id
          join sm_config_items c on c.id = cl.ancestor_id`.execute(trx);
      await sql`update sm_counters set value = (select count(*) from sm_modes) where key = 'modes'`.execute(trx);
      const deepCis: number[] = [];
      for (let id = 1; id <= ciCount && deepCis.length < 200; id += 1 + rnd(997)) if (depth[id] >= 4) deepCis.push(id);
      return { accountId, deepCis };
    });
    if (db.dialect === 'sqlite') await sql`analyze`.execute(db.kysely);
    const token = (await createPersonalToken(db.kysely, accountId, { expiresAt: now + 30 * 24 * HOUR }, now)).token;
    log(`service-modes: ${ciCount} CIs, ${modeCount} modes (${((performance.now() - t0) / 1000).toFixed(1)} s)`);

    const auth = { authorization: `Bearer ${token}` };
    const base = '/api/public/sm/v1/rsm-maintenance';
    const pick = lcg(66);
    const many = (n: number, make: (i: number) => BenchRequest) => () => Array.from({ length: n }, (_, i) => make(i));
    const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

    return [
      {
        mode: 'load',
        name: 'list search+sort, page of 50',
        connections: 20,
        // What operators type: a host name, a change number, a team (≈50, ≈1 and ≈800 matching modes).
        requests: many(200, (i) => ({
          method: 'GET',
          path: `${base}?search=${[`srv-${1000 + pick(1000)}`, `chg-${1 + pick(modeCount)}`, `team-${pick(40)}`][i % 3]}&sortCol=${['dateStart', 'title', 'dateEnd'][pick(3)]}&sortDir=desc&perPage=50&page=1`,
          headers: auth,
        })),
        target: { kind: 'p99', maxMs: 20 },
      },
      {
        mode: 'load',
        name: 'GET /{id}',
        connections: 20,
        requests: many(200, () => ({ method: 'GET', path: `${base}/${1 + pick(modeCount)}`, headers: auth })),
        target: { kind: 'ratio', min: 0.6 },
      },
      {
        mode: 'load',
        name: 'active-config-items, one CI',
        connections: 20,
        requests: many(200, (i) => ({
          method: 'GET',
          path: `${base}/active-config-items?configItemIds=${deepCis[i % deepCis.length]}&at=${iso(now + (pick(360) - 180) * 24 * HOUR)}`,
          headers: auth,
        })),
        target: { kind: 'p99', maxMs: 10 },
      },
      {
        mode: 'single',
        name: `create a mode on a CI with a ${bigSubtree}-CI subtree`,
        runs: 20,
        request: (run) => ({
          method: 'POST',
          path: base,
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({
            title: `bench ${run}`,
            dateStart: iso(now + 24 * HOUR),
            dateEnd: iso(now + 26 * HOUR),
            configItems: [{ id: 1, scope: 'CiAndChildren', depth: 0 }],
            labels: { bench: String(run) },
          }),
        }),
        target: { kind: 'median', maxMs: 50 },
      },
    ];
  },
};
