/**
 * 429 "Слишком много запросов" (rki.md, "Rate limits"): writes per organisation and failed
 * authentications per IP, in database-backed buckets that every instance shares; and the 500 envelope
 * for an unexpected failure, logged with the request id and answered without a stack.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testDialect } from '../../../../test/harness.js';
import { countRows, rkiOrg, send } from '../../../../test/rki-client.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({
    RKI_WRITE_BURST: '3',
    RKI_WRITE_RATE_PER_SECOND: '1',
    RKI_AUTH_FAILURES_PER_MINUTE: '4',
  });
});
afterAll(async () => {
  await t?.close();
});

const LIMITED = JSON.stringify({
  success: false,
  message: 'Слишком много запросов',
  status: 429,
  data: null,
  errors: [],
});

describe(`РКИ rate limits on ${testDialect}`, () => {
  it('limits writes per organisation, across instances, and leaves reads alone', async () => {
    const a = await rkiOrg(t, 'А');
    const b = await rkiOrg(t, 'Б');
    const other = await t.another();
    const add = (i: number) => a.call('/users/add', { email: `w${i}@example.org`, fullname: 'W', password: 'p' });
    expect((await add(1)).status).toBe(200);
    expect((await add(2)).status).toBe(200);
    // The third write goes through the second instance: the bucket is in the database.
    const third = await other.inject({
      method: 'GET',
      url: `/security/users/delete/1?client_id=${a.clientId}`,
      headers: { authorization: `Bearer ${a.token()}` },
    });
    expect(third.statusCode).toBe(200);
    const before = await countRows(t, 'rki_users');
    const limited = await add(4);
    expect(limited.status).toBe(429);
    expect(limited.raw).toBe(LIMITED);
    expect(await countRows(t, 'rki_users')).toBe(before);
    expect((await a.call('/users')).status).toBe(200);
    // Another organisation has its own bucket.
    expect((await b.call('/users/add', { email: 'b1@example.org', fullname: 'B', password: 'p' })).status).toBe(200);
  });

  it('answers 429 instead of 401 once an IP has failed too often, without affecting valid tokens', async () => {
    const a = await rkiOrg(t, 'В');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (await send(t, '/users', { client_id: a.clientId }, 'get', { authorization: 'Bearer x.y.z' })).status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
    const r = await send(t, '/users', { client_id: a.clientId }, 'get', { authorization: 'Bearer x.y.z' });
    expect(r.raw).toBe(LIMITED);
    expect((await a.call('/users')).status).toBe(200);
  });

  it('answers an unexpected failure with the 500 envelope, logged with the request id', async () => {
    const a = await rkiOrg(t, 'Г');
    await sql`drop table rki_users_fts`.execute(t.db.kysely).catch(() => {});
    await sql`drop table rki_users cascade`.execute(t.db.kysely).catch(async () => {
      await sql`drop table rki_users`.execute(t.db.kysely);
    });
    const r = await a.call('/users/get/1');
    expect(r.status).toBe(500);
    expect(r.raw).toBe(
      JSON.stringify({ success: false, message: 'Внутренняя ошибка сервера', status: 500, data: null, errors: [] }),
    );
    expect(r.raw).not.toMatch(/rki_users|at |\.ts/);
    const logged = t.logs.lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'rki: unexpected error');
    expect(logged?.reqId).toMatch(/^[0-9a-f-]{36}$/);
    expect(logged?.err?.message).toMatch(/rki_users/);
  });
});
