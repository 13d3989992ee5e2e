import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testDialect } from '../../../../test/harness.js';
import { buildWorld, DEMO_PASSWORD, scoError, type World } from '../../testing/world.js';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await createTestApp({ SCODOC_LOGIN_FAILURES_BURST: '3', SCODOC_LOGIN_FAILURES_PER_MINUTE: '1' });
  w = await buildWorld(t);
});
afterAll(async () => t?.close());

const basic = (user: string, pwd: string) => `Basic ${Buffer.from(`${user}:${pwd}`).toString('base64')}`;
const UNAUTH = { error: 'Unauthorized', status: 401, message: 'Non autorise (logic)' };

describe(`ScoDoc tokens on ${testDialect}`, () => {
  it('POST /tokens with Basic returns a 32-char base64 token, whatever the Content-Type and empty body (compat §5.1)', async () => {
    const variants: Record<string, string>[] = [
      {},
      { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '0' },
      { 'content-type': 'application/json' },
      { 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked', expect: '100-continue' },
    ];
    const tokens = new Set<string>();
    for (const headers of variants) {
      const r = await t.app.inject({
        method: 'POST',
        url: '/ScoDoc/api/tokens',
        headers: { authorization: basic('ens_info', DEMO_PASSWORD), ...headers },
        payload: '',
      });
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toMatch(/^application\/json/);
      const body = r.json();
      expect(Object.keys(body)).toEqual(['token']);
      expect(body.token).toMatch(/^[A-Za-z0-9+/]{32}$/);
      tokens.add(body.token);
    }
    // compat §5.5 / D2: logging in again returns the same, still valid token.
    expect(tokens.size).toBe(1);
    const [tok] = [...tokens];
    const ok = await t.app.inject({
      method: 'GET',
      url: '/ScoDoc/api/departements',
      headers: { authorization: `Bearer ${tok}` },
    });
    expect(ok.statusCode).toBe(200);
    // Only the SHA-256 is stored.
    const rows = await t.db.kysely
      .selectFrom('api_tokens')
      .select(['token_hash', 'nonce'])
      .where('kind', '=', 'scodoc')
      .execute();
    expect(rows.some((r) => r.token_hash === tok)).toBe(false);
  });

  it('a real libcurl-style POST (chunked, Expect: 100-continue, empty body) gets its token over a socket (compat §5.1)', async () => {
    const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const port = Number(new URL(address).port);
    const auth = Buffer.from(`ens_info:${DEMO_PASSWORD}`).toString('base64');
    const reply = await new Promise<string>((resolve, reject) => {
      let text = '';
      const s = net.connect(port, '127.0.0.1', () => {
        s.write(
          'POST /ScoDoc/api/tokens HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n' +
            `Authorization: Basic ${auth}\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
            'Transfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n',
        );
      });
      s.on('data', (d) => {
        const before = text;
        text += d.toString();
        if (!before.includes('100 Continue') && text.includes('100 Continue')) s.write('0\r\n\r\n');
      });
      s.on('end', () => resolve(text));
      s.on('error', reject);
      setTimeout(() => reject(new Error(`no answer: ${text}`)), 5000);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 100 Continue/);
    expect(reply).toMatch(/HTTP\/1\.1 200 OK/);
    expect(reply).toMatch(/\{"token":"[A-Za-z0-9+/]{32}"\}/);
  });

  it('tokens also answer on the department prefix (D7) and a password containing ":" works (compat §5.3)', async () => {
    await t.db.kysely.updateTable('accounts').set({ password_hash: null }).where('username', '=', 'nobody').execute();
    const { setPassword } = await import('../../../auth/accounts.js');
    await setPassword(t.db.kysely, w.ids.nobody, 'pa:ss:word', t.config.argon2);
    const r = await t.app.inject({
      method: 'POST',
      url: '/ScoDoc/INFO/api/tokens',
      headers: { authorization: basic('nobody', 'pa:ss:word') },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().token).toHaveLength(32);
  });

  it('bad or missing Basic credentials → 401 without message and WWW-Authenticate; JSON credentials are ignored (compat §5.2)', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: '/ScoDoc/api/tokens',
      headers: { authorization: basic('secr_info', 'wrong') },
    });
    expect(bad.statusCode).toBe(401);
    expect(bad.json()).toEqual(scoError(401));
    expect(bad.headers['www-authenticate']).toBe('Basic realm="Authentication Required"');
    const json = await t.app.inject({
      method: 'POST',
      url: '/ScoDoc/api/tokens',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'secr_info', password: DEMO_PASSWORD }),
    });
    expect(json.statusCode).toBe(401);
    expect(json.json()).toEqual(scoError(401));
  });

  it('inactive users get no token (D8)', async () => {
    await t.db.kysely.updateTable('accounts').set({ active: 0 }).where('username', '=', 'observateur').execute();
    const r = await t.app.inject({
      method: 'POST',
      url: '/ScoDoc/api/tokens',
      headers: { authorization: basic('observateur', DEMO_PASSWORD) },
    });
    expect(r.statusCode).toBe(401);
  });

  it('rate-limits failed logins per account in the database, across instances; successes never count (compat §5.57)', async () => {
    for (let i = 0; i < 5; i++) {
      const ok = await t.app.inject({
        method: 'POST',
        url: '/ScoDoc/api/tokens',
        headers: { authorization: basic('resp_pe', DEMO_PASSWORD) },
      });
      expect(ok.statusCode).toBe(200);
    }
    for (let i = 0; i < 3; i++) {
      const r = await t.app.inject({
        method: 'POST',
        url: '/ScoDoc/api/tokens',
        headers: { authorization: basic('resp_pe', 'nope') },
        remoteAddress: `10.0.0.${i}`,
      });
      expect(r.statusCode).toBe(401);
    }
    const other = await t.another();
    const blocked = await other.inject({
      method: 'POST',
      url: '/ScoDoc/api/tokens',
      headers: { authorization: basic('resp_pe', DEMO_PASSWORD) },
      remoteAddress: '10.0.1.1',
    });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json()).toMatchObject({ error: 'Too Many Requests', status: 429 });
    // Another account from another address is not affected.
    const fine = await other.inject({
      method: 'POST',
      url: '/ScoDoc/api/tokens',
      headers: { authorization: basic('ens_cj', DEMO_PASSWORD) },
      remoteAddress: '10.0.2.1',
    });
    expect(fine.statusCode).toBe(200);
  });

  it('missing, malformed, unknown, expired and revoked Bearer tokens → the exact "Non autorise (logic)" body (compat §5.7)', async () => {
    const cases: Record<string, string>[] = [
      {},
      { authorization: 'Bearer' },
      { authorization: 'Bearer not-a-token' },
      { authorization: 'Basic abc' },
    ];
    for (const headers of cases) {
      const r = await t.app.inject({ method: 'GET', url: '/ScoDoc/api/departements', headers });
      expect(r.statusCode).toBe(401);
      expect(r.json()).toEqual(UNAUTH);
    }
    const tok = await w.token('secr_info');
    await t.db.kysely
      .updateTable('api_tokens')
      .set({ expires_at: Date.now() - 1000 })
      .where('account_id', '=', w.ids.secr_info)
      .execute();
    const expired = await t.app.inject({
      method: 'GET',
      url: '/ScoDoc/api/departements',
      headers: { authorization: `Bearer ${tok}` },
    });
    expect(expired.json()).toEqual(UNAUTH);
  });

  it('DELETE /tokens revokes the presented token: 204, empty body, then 401', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/ScoDoc/api/tokens',
      headers: { authorization: basic('ens_cj', DEMO_PASSWORD) },
    });
    const tok = r.json().token as string;
    const del = await t.app.inject({
      method: 'DELETE',
      url: '/ScoDoc/api/tokens',
      headers: { authorization: `Bearer ${tok}` },
    });
    expect(del.statusCode).toBe(204);
    expect(del.body).toBe('');
    const after = await t.app.inject({
      method: 'GET',
      url: '/ScoDoc/api/departements',
      headers: { authorization: `Bearer ${tok}` },
    });
    expect(after.json()).toEqual(UNAUTH);
    // A new login mints a new token since the old one is revoked.
    const again = await t.app.inject({
      method: 'POST',
      url: '/ScoDoc/api/tokens',
      headers: { authorization: basic('ens_cj', DEMO_PASSWORD) },
    });
    expect(again.json().token).not.toBe(tok);
  });

  it('token lifetime follows SCODOC_TOKEN_TTL_SECONDS (default 3600 s, compat §5.4)', async () => {
    const row = await t.db.kysely
      .selectFrom('api_tokens')
      .select(['created_at', 'expires_at'])
      .where('account_id', '=', w.ids.ens_info)
      .executeTakeFirstOrThrow();
    expect(Number(row.expires_at) - Number(row.created_at)).toBe(3600 * 1000);
  });
});
