/**
 * Personal API tokens: 64 uppercase hex digits shown once, SHA-256 stored, expiry, revocation, lastUsedAt at
 * most once a minute; the account routes (HTTP Basic or a live token) and `campus token create/list/revoke`.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TEST_SECRET_KEY, testDialect } from '../../../../test/harness.js';
import { buildProgram } from '../../../cli/program.js';
import { createFixture, type Fixture } from '../../testing/fixture.js';
import { MODES } from '../../testing/sm-test-app.js';

let f: Fixture;
const TOKENS = '/api/public/sm/v1/account/tokens';
const basic = (user: string, pw: string) => ({
  authorization: `Basic ${Buffer.from(`${user}:${pw}`).toString('base64')}`,
});

beforeAll(async () => {
  f = await createFixture();
});
afterAll(async () => f?.t.close());

describe(`personal tokens on ${testDialect}`, () => {
  it('creates a token with the account password, shown once, stored as SHA-256', async () => {
    const r = await f.t.app.inject({
      method: 'POST',
      url: TOKENS,
      headers: { ...basic('ed', 'pw-ed'), 'content-type': 'application/json' },
      payload: { description: 'monitoring', expiresInDays: 30 },
    });
    expect(r.statusCode).toBe(201);
    const { id, token, expiresAt } = r.json();
    expect(token).toMatch(/^[0-9A-F]{64}$/);
    expect(expiresAt).toBe('2021-07-31T12:00:00+03:00');
    const row = await f.t.db.kysely.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(token);
    expect((await f.send({ id: 0, token, auth: { authorization: `Bearer ${token}` } }, 'GET', MODES)).statusCode).toBe(
      200,
    );
  });

  it('lists active and revoked tokens; revoking one makes it 401', async () => {
    const made = await f.t.app.inject({
      method: 'POST',
      url: TOKENS,
      headers: { ...f.ed.auth, 'content-type': 'application/json' },
      payload: { expiresAt: '2022-01-01T00:00:00Z' },
    });
    const { id, token } = made.json();
    const del = await f.t.app.inject({ method: 'DELETE', url: `${TOKENS}/${id}`, headers: f.ed.auth });
    expect(del.statusCode).toBe(204);
    const list = (await f.t.app.inject({ method: 'GET', url: TOKENS, headers: basic('ed', 'pw-ed') })).json();
    expect(list.find((t: { id: number }) => t.id === id)).toMatchObject({
      active: false,
      revokedAt: '2021-07-01T12:00:00+03:00',
    });
    expect(list.filter((t: { active: boolean }) => t.active).length).toBeGreaterThan(0);
    const r = await f.send({ id: 0, token, auth: { authorization: `Bearer ${token}` } }, 'GET', MODES);
    expect(r.json()).toEqual({ message: 'Пользователь не авторизован' });
    // Another account cannot revoke ed's tokens.
    expect(
      (await f.t.app.inject({ method: 'DELETE', url: `${TOKENS}/${list[0].id}`, headers: f.other.auth })).statusCode,
    ).toBe(404);
  });

  it('writes lastUsedAt at most once a minute', async () => {
    const lastUsed = async () =>
      (
        await f.t.db.kysely
          .selectFrom('api_tokens')
          .select('last_used_at')
          .where('token_hash', '=', createHash('sha256').update(f.reader.token).digest('hex'))
          .executeTakeFirstOrThrow()
      ).last_used_at;
    const start = f.t.clock.now;
    await f.send(f.reader, 'GET', MODES);
    expect(Number(await lastUsed())).toBe(start);
    f.t.clock.advance(30_000);
    await f.send(f.reader, 'GET', MODES);
    expect(Number(await lastUsed())).toBe(start);
    f.t.clock.advance(31_000);
    await f.send(f.reader, 'GET', MODES);
    expect(Number(await lastUsed())).toBe(start + 61_000);
    f.t.clock.set('2021-07-01T12:00:00+03:00');
  });

  it('refuses wrong passwords, then throttles them (429)', async () => {
    const bad = () => f.t.app.inject({ method: 'GET', url: TOKENS, headers: basic('ed', 'wrong') });
    const first = await bad();
    expect(first.statusCode).toBe(401);
    expect(first.json()).toEqual({ message: 'Не удалось выполнить авторизацию пользователя' });
    let last = first;
    for (let i = 0; i < 12; i++) last = await bad();
    expect(last.statusCode).toBe(429);
    expect(last.json()).toEqual({ message: 'Слишком много попыток входа, повторите позже' });
  });

  it('campus token create / list / revoke', async () => {
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    const saved = { ...process.env };
    try {
      process.env.CAMPUS_SECRET_KEY = TEST_SECRET_KEY;
      process.env.DATABASE_URL =
        f.t.testDb.pgSchema !== undefined
          ? `${f.t.testDb.url}?options=${encodeURIComponent(`-c search_path=${f.t.testDb.pgSchema}`)}`
          : f.t.testDb.url;
      const run = (...args: string[]) => buildProgram().parseAsync(['node', 'campus', ...args]);
      await run('token', 'create', '--account', 'other', '--expires', '10', '--description', 'cli');
      const token = out.join('').match(/^[0-9A-F]{64}$/m)?.[0];
      expect(token).toBeDefined();
      const id = Number(out.join('').match(/token (\d+) for other/)?.[1]);
      out.length = 0;
      await run('token', 'list', '--account', 'other');
      expect(out.join('')).toMatch(new RegExp(`^${id}\\tactive\\t.*\\tcli$`, 'm'));
      out.length = 0;
      await run('token', 'revoke', String(id));
      await run('token', 'list', '--account', 'other');
      expect(out.join('')).toMatch(new RegExp(`^${id}\\trevoked\\t`, 'm'));
      await expect(run('token', 'create', '--account', 'nobody-here')).rejects.toThrow(/no account "nobody-here"/);
      await expect(run('token', 'create', '--account', 'other', '--expires', '2000-01-01')).rejects.toThrow(
        /--expires/,
      );
    } finally {
      spy.mockRestore();
      process.env = saved;
    }
    // Each CLI command opens the database and checks migrations (slow on a busy PostgreSQL).
  }, 60_000);
});
