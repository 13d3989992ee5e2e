/**
 * Authentication of organisations (rki.md, "Campus accepts" and "Campus decisions"): an HS256 JWT signed
 * with the organisation's secret, `client_id` in the parameters equal to the claim, `time` in the window;
 * the secret stored sealed under the server key.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testDialect } from '../../../test/harness.js';
import { type RkiOrgClient, rkiOrg, send, TRANSPORTS } from '../../../test/rki-client.js';
import { signRkiToken } from './jwt-hs256.js';

let t: TestApp;
let a: RkiOrgClient;
let b: RkiOrgClient;

beforeAll(async () => {
  t = await createTestApp({ RKI_AUTH_FAILURES_PER_MINUTE: '100000' });
  a = await rkiOrg(t, 'А');
  b = await rkiOrg(t, 'Б');
});
afterAll(async () => {
  await t?.close();
});

const b64 = (o: unknown) => Buffer.from(typeof o === 'string' ? o : JSON.stringify(o)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
function jws(header: unknown, payload: unknown, secret: string) {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

const NO_TOKEN = JSON.stringify({
  success: false,
  message: 'Не передан токен авторизации',
  status: 401,
  data: null,
  errors: [],
});
const BAD = JSON.stringify({
  success: false,
  message: 'Неверный токен авторизации',
  status: 401,
  data: null,
  errors: [],
});
const STALE = JSON.stringify({
  success: false,
  message: 'Срок действия токена авторизации истек',
  status: 401,
  data: null,
  errors: [],
});

async function tryAuth(authorization: string | undefined, clientId: unknown = a.clientId, path = '/users') {
  const params: Record<string, string> = clientId === undefined ? {} : { client_id: String(clientId) };
  return send(t, path, params, 'get', authorization === undefined ? {} : { authorization });
}

describe(`РКИ authentication on ${testDialect}`, () => {
  it('accepts the SDK’s token, with client_id as a number or a string, Bearer in any case', async () => {
    for (const client_id of [a.clientId, String(a.clientId)]) {
      const token = signRkiToken(a.secret, { client_id, time: now(), ip: null });
      expect(token.startsWith('eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.')).toBe(true);
      for (const scheme of ['Bearer', 'bearer', 'BEARER']) {
        expect((await tryAuth(`${scheme} ${token}`)).status).toBe(200);
      }
    }
    // Another header order, an `ip` of 0.0.0.0: only alg and the signature matter.
    const other = jws({ alg: 'HS256', typ: 'JWT' }, { client_id: a.clientId, time: now(), ip: '0.0.0.0' }, a.secret);
    expect((await tryAuth(`Bearer ${other}`)).status).toBe(200);
  });

  it.each(TRANSPORTS)('answers 401 without token or client_id (%s)', async (transport) => {
    for (const [params, headers] of [
      [{ client_id: String(a.clientId) }, {}],
      [{}, { authorization: `Bearer ${a.token()}` }],
      [{ client_id: '' }, { authorization: `Bearer ${a.token()}` }],
    ] as const) {
      for (const path of [
        '/users',
        '/users/get/1',
        '/users/add',
        '/users/delete/1',
        '/users/restore/1',
        '/users/edit/1',
      ]) {
        const r = await send(t, path, params, path.includes('edit') ? 'post-form' : transport, headers);
        expect(r.status).toBe(401);
        expect(r.raw).toBe(NO_TOKEN);
        expect(r.headers['cache-control']).toBe('no-store');
      }
    }
  });

  it('answers one text for every forgery', async () => {
    const time = now();
    const cases: [string, string | undefined, unknown][] = [
      ['not a JWT', 'Bearer abc', a.clientId],
      ['Basic scheme', `Basic ${Buffer.from('a:b').toString('base64')}`, a.clientId],
      ['two segments', `Bearer ${a.token().split('.').slice(0, 2).join('.')}`, a.clientId],
      ['alg none', `Bearer ${b64({ typ: 'JWT', alg: 'none' })}.${b64({ client_id: a.clientId, time })}.`, a.clientId],
      [
        'alg HS512',
        `Bearer ${jws({ typ: 'JWT', alg: 'HS512' }, { client_id: a.clientId, time }, a.secret)}`,
        a.clientId,
      ],
      [
        'alg RS256',
        `Bearer ${jws({ typ: 'JWT', alg: 'RS256' }, { client_id: a.clientId, time }, a.secret)}`,
        a.clientId,
      ],
      ['bad signature', `Bearer ${a.token().slice(0, -2)}xx`, a.clientId],
      ['signature with padding', `Bearer ${a.token()}=`, a.clientId],
      ['other org’s secret', `Bearer ${signRkiToken(b.secret, { client_id: a.clientId, time, ip: null })}`, a.clientId],
      [
        'claim of another org',
        `Bearer ${signRkiToken(a.secret, { client_id: b.clientId, time, ip: null })}`,
        a.clientId,
      ],
      ['param of another org', `Bearer ${a.token()}`, b.clientId],
      ['unknown org', `Bearer ${signRkiToken(a.secret, { client_id: 999999, time, ip: null })}`, 999999],
      ['non-numeric client_id', `Bearer ${a.token()}`, 'abc'],
      ['client_id " 1"', `Bearer ${a.token({ client_id: ` ${a.clientId}` })}`, a.clientId],
      ['no time', `Bearer ${jws({ typ: 'JWT', alg: 'HS256' }, { client_id: a.clientId }, a.secret)}`, a.clientId],
      ['time as text', `Bearer ${a.token({ time: String(time) })}`, a.clientId],
      ['payload not an object', `Bearer ${jws({ typ: 'JWT', alg: 'HS256' }, '[1]', a.secret)}`, a.clientId],
      ['SQL in client_id', `Bearer ${a.token()}`, "1' or '1'='1"],
    ];
    for (const [name, header, clientId] of cases) {
      const r = await tryAuth(header, clientId);
      expect(r.raw, name).toBe(BAD);
      expect(r.status, name).toBe(401);
    }
  });

  it('checks time after the signature, within the configured window', async () => {
    const window = t.config.rki.tokenWindowSeconds;
    expect((await tryAuth(`Bearer ${a.token({ time: now() - window + 5 })}`)).status).toBe(200);
    expect((await tryAuth(`Bearer ${a.token({ time: now() + window - 5 })}`)).status).toBe(200);
    expect((await tryAuth(`Bearer ${a.token({ time: now() - window - 5 })}`)).raw).toBe(STALE);
    expect((await tryAuth(`Bearer ${a.token({ time: now() + window + 5 })}`)).raw).toBe(STALE);
    // A stale token with a bad signature is a forgery, not a stale token.
    const forged = signRkiToken(b.secret, { client_id: a.clientId, time: 1, ip: null });
    expect((await tryAuth(`Bearer ${forged}`)).raw).toBe(BAD);
  });

  it('keeps the secret sealed at rest, bound to its organisation', async () => {
    const rows = await t.db.kysely.selectFrom('rki_orgs').selectAll().execute();
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(JSON.stringify(row)).not.toContain(a.secret);
      expect(JSON.stringify(row)).not.toContain(b.secret);
      expect(row.secret_sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(Number(row.key_version)).toBe(1);
    }
    expect(a.secret).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(a.secret).not.toBe(b.secret);
    // Swapping the sealed secrets between organisations makes both unusable (associated data).
    const [ra, rb] = [rows.find((r) => Number(r.id) === a.clientId)!, rows.find((r) => Number(r.id) === b.clientId)!];
    const swap = async (x: string, y: string) => {
      await t.db.kysely.updateTable('rki_orgs').set({ secret_sealed: x }).where('id', '=', a.clientId).execute();
      await t.db.kysely.updateTable('rki_orgs').set({ secret_sealed: y }).where('id', '=', b.clientId).execute();
    };
    await swap(rb.secret_sealed, ra.secret_sealed);
    expect((await tryAuth(`Bearer ${a.token()}`)).raw).toBe(BAD);
    expect(
      (await tryAuth(`Bearer ${signRkiToken(b.secret, { client_id: a.clientId, time: now(), ip: null })}`)).raw,
    ).toBe(BAD);
    await swap(ra.secret_sealed, rb.secret_sealed);
    expect((await tryAuth(`Bearer ${a.token()}`)).status).toBe(200);
  });
});
