/**
 * Test world for the ScoDoc routes: the demo data set (scale 1) on the test database, plus users for
 * the permission matrix, and helpers to call the API with a token. Used by the *.test.ts files only.
 */
import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from '../../../test/harness.js';
import { hashPassword } from '../../auth/password.js';
import { issueToken } from '../routes/tokens/tokens.queries.js';
import { type DemoSummary, seedScodocDemo } from '../seed/demo.js';
import { createScoUser } from '../seed/users.js';

export const DEMO_PASSWORD = 'Demo-Passw0rd!';

export interface World {
  readonly t: TestApp;
  readonly demo: DemoSummary;
  /** super: SuperAdmin; reader: ScoView everywhere; nobody: no role; */
  readonly ids: Record<string, number>;
  token(user: string): Promise<string>;
  get(url: string, user?: string | null, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(
    url: string,
    body?: unknown,
    user?: string | null,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  /** A student id (etudid) of a formsemestre, by position in sort_key order. */
  etudOf(fsId: number, i?: number): Promise<number>;
}

export async function buildWorld(t: TestApp): Promise<World> {
  const hash = await hashPassword(DEMO_PASSWORD, t.config.argon2);
  const demo = await seedScodocDemo(t.db.kysely, { scale: 1, timeZone: t.config.scodoc.timeZone, passwordHash: hash });
  const db = t.db.kysely;
  const ids: Record<string, number> = { ...demo.users };
  ids.super = await createScoUser(
    db,
    { user_name: 'super', password: DEMO_PASSWORD, nom: 'Super', prenom: 'Admin', roles: [['SuperAdmin', null]] },
    t.config.argon2,
  );
  ids.reader = await createScoUser(
    db,
    { user_name: 'reader', password: DEMO_PASSWORD, nom: 'Lecteur', roles: [['LecteurAPI', null]] },
    t.config.argon2,
  );
  ids.nobody = await createScoUser(
    db,
    { user_name: 'nobody', password: DEMO_PASSWORD, nom: 'Personne' },
    t.config.argon2,
  );
  const tokens = new Map<string, string>();
  const token = async (user: string) => {
    let tok = tokens.get(user);
    if (!tok) {
      const id = ids[user];
      if (id === undefined) throw new Error(`unknown test user ${user}`);
      tok = (await issueToken(db, t.config.serverKey, id, t.config.scodoc.tokenTtlSeconds)).token;
      tokens.set(user, tok);
    }
    return tok;
  };
  const auth = async (user: string | null | undefined): Promise<Record<string, string>> =>
    user === null ? {} : { authorization: `Bearer ${await token(user ?? 'super')}` };
  return {
    t,
    demo,
    ids,
    token,
    async get(url, user, headers = {}) {
      return t.app.inject({ method: 'GET', url, headers: { ...(await auth(user)), ...headers } });
    },
    async post(url, body, user, headers = {}) {
      return t.app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json', ...(await auth(user)), ...headers },
        ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
    },
    async etudOf(fsId, i = 0) {
      const rows = await db
        .selectFrom('sco_inscription as i')
        .innerJoin('sco_etudiant as e', 'e.id', 'i.etudid')
        .select('e.id')
        .where('i.formsemestre_id', '=', fsId)
        .orderBy('e.sort_key')
        .orderBy('e.id')
        .execute();
      return Number(rows[i].id);
    },
  };
}

/** The ScoDoc error body (scodoc.md §1.4). */
export function scoError(status: number, message?: string) {
  const reason: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    405: 'Method Not Allowed',
  };
  return message === undefined ? { error: reason[status], status } : { error: reason[status], status, message };
}

/** Keys and JS types of a JSON object, for field-set assertions against the reference. */
export function typesOf(o: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) out[k] = v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
  return out;
}
