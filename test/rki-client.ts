/**
 * Test kit for the РКИ API: an organisation with its secret, and requests made as the PHP SDK makes them
 * (client_id first in the query, a fresh HS256 token per request), as GET or POST with the parameters in
 * the query, a form body or a JSON body.
 */
import type { LightMyRequestResponse } from 'fastify';
import { signRkiToken } from '../src/rki/auth/jwt-hs256.js';
import { createOrg } from '../src/rki/orgs/orgs.js';
import type { TestApp } from './harness.js';

export type Params = Readonly<Record<string, string | number | readonly string[]>>;

export type Transport = 'get' | 'post-query' | 'post-form' | 'post-json';
export const TRANSPORTS: readonly Transport[] = ['get', 'post-query', 'post-form', 'post-json'];

/** PHP http_build_query: space as `+`, repeated keys for arrays. */
export function buildQuery(params: Params): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (Array.isArray(v)) for (const item of v) q.append(k, item);
    else q.append(k, String(v));
  }
  return q.toString();
}

export interface RkiOrgClient {
  readonly clientId: number;
  readonly secret: string;
  token(claims?: Partial<{ client_id: unknown; time: unknown; ip: unknown }>): string;
  call(path: string, params?: Params, transport?: Transport, headers?: Record<string, string>): Promise<Reply>;
}

export interface Reply {
  readonly status: number;
  readonly body: any;
  readonly raw: string;
  readonly headers: LightMyRequestResponse['headers'];
}

export async function rkiOrg(t: TestApp, name = 'Организация'): Promise<RkiOrgClient> {
  const { clientId, secret } = await createOrg(t.db, t.config, name);
  const token: RkiOrgClient['token'] = (claims = {}) =>
    signRkiToken(secret, {
      client_id: String(clientId),
      time: Math.floor(Date.now() / 1000),
      ip: '10.0.0.5',
      ...claims,
    } as never);
  return {
    clientId,
    secret,
    token,
    async call(path, params = {}, transport = 'get', headers = {}) {
      const all = { client_id: clientId, ...params };
      const auth = { authorization: `Bearer ${token()}`, ...headers };
      return send(t, path, all, transport, auth);
    },
  };
}

/** One request to `/security<path>`; `headers` replace the defaults. */
export async function send(
  t: TestApp,
  path: string,
  params: Params,
  transport: Transport,
  headers: Record<string, string>,
): Promise<Reply> {
  const qs = buildQuery(params);
  const base = `/security${path}`;
  const res =
    transport === 'get'
      ? await t.app.inject({ method: 'GET', url: `${base}?${qs}`, headers })
      : transport === 'post-query'
        ? await t.app.inject({ method: 'POST', url: `${base}?${qs}`, headers })
        : transport === 'post-form'
          ? await t.app.inject({
              method: 'POST',
              url: base,
              headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers },
              payload: qs,
            })
          : await t.app.inject({
              method: 'POST',
              url: base,
              headers: { 'content-type': 'application/json', ...headers },
              payload: JSON.stringify(params),
            });
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    body = undefined;
  }
  return { status: res.statusCode, body, raw: res.body, headers: res.headers };
}

/** Rows of a table (to check that a rejected request wrote nothing). */
export async function countRows(t: TestApp, table: string): Promise<number> {
  const r = await t.db.kysely
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
