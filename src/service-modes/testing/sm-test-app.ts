/**
 * Test support for the service-modes plugin: a fresh database (test/harness.ts, both dialects), the plugin
 * mounted as in app.ts but with a pinned, movable clock, and factories for accounts, tokens, workgroups
 * and CIs written through the same functions the routes and the CLI use.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { createTestDatabase, type TestDatabase, testConfig } from '../../../test/harness.js';
import { createAccount } from '../../auth/accounts.js';
import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import { corePlugin } from '../../db/plugin.js';
import { createPersonalToken } from '../personal-tokens.js';
import { serviceModesPlugin } from '../plugin.js';
import { type Access, insertCi, insertNamed, setMembership } from '../routes/cmdb/cmdb.queries.js';
import { parseInstant } from '../time.js';

export const PREFIX = '/api/public/sm';
export const MODES = `${PREFIX}/v1/rsm-maintenance`;

export interface SmTestApp {
  readonly app: FastifyInstance;
  readonly db: Database;
  readonly config: Config;
  readonly testDb: TestDatabase;
  /** The pinned clock: `now` in ms; `set` takes an RFC 3339 date. */
  readonly clock: { now: number; set(iso: string): void; advance(ms: number): void };
  /** Another app (second instance) on the same database and clock. */
  another(): Promise<FastifyInstance>;
  account(
    username: string,
    opts?: { admin?: boolean },
  ): Promise<{ id: number; token: string; auth: Record<string, string> }>;
  workgroup(name: string): Promise<number>;
  member(workgroupId: number, accountId: number, role: Access): Promise<void>;
  ci(name: string, owner: number, parent?: number | null, labels?: Record<string, string>): Promise<number>;
  count(table: string): Promise<number>;
  close(): Promise<void>;
}

async function build(db: Database, config: Config, clock: () => number): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 } });
  await app.register(corePlugin, { config, db });
  await app.register(serviceModesPlugin, { prefix: PREFIX, clock });
  await app.ready();
  return app;
}

export async function createSmTestApp(startIso = '2021-07-01T12:00:00+03:00'): Promise<SmTestApp> {
  const testDb = await createTestDatabase();
  const config = testConfig({ DATABASE_URL: testDb.url });
  const clock = {
    now: parseInstant(startIso)!,
    set(iso: string) {
      this.now = parseInstant(iso)!;
    },
    advance(ms: number) {
      this.now += ms;
    },
  };
  const db = testDb.db;
  const app = await build(db, config, () => clock.now);
  const others: FastifyInstance[] = [];
  return {
    app,
    db,
    config,
    testDb,
    clock,
    async another() {
      const o = await build(testDb.openAnother(), config, () => clock.now);
      others.push(o);
      return o;
    },
    async account(username, opts = {}) {
      const acc = await createAccount(db.kysely, { username, password: `pw-${username}` }, config.argon2);
      if (opts.admin) await db.kysely.insertInto('sm_admins').values({ account_id: acc.id }).execute();
      const t = await createPersonalToken(db.kysely, acc.id, { expiresAt: clock.now + 365 * 86_400_000 }, clock.now);
      return { id: acc.id, token: t.token, auth: { authorization: `Bearer ${t.token}` } };
    },
    async workgroup(name) {
      return (await insertNamed(db.kysely, 'sm_workgroups', name)).id;
    },
    async member(workgroupId, accountId, role) {
      await setMembership(db.kysely, workgroupId, accountId, role);
    },
    async ci(name, owner, parent = null, labels = {}) {
      return db.kysely
        .transaction()
        .execute((trx) =>
          insertCi(
            trx,
            { name, description: null, typeId: null, ownerWorkgroupId: owner, parentId: parent, labels },
            clock.now,
          ),
        );
    },
    async count(table) {
      const r = await db.kysely
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async close() {
      for (const o of others) await o.close();
      await app.close();
      await testDb.drop();
    },
  };
}

/** JSON request headers with a token. */
export function json(auth: Record<string, string>): Record<string, string> {
  return { ...auth, 'content-type': 'application/json' };
}
