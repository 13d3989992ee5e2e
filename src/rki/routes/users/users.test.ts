/**
 * The РКИ users routes against the spec (rki-users-api.ru.txt) and the reference (rki.md): envelopes byte
 * for byte in the spec's key orders, every route as GET and POST (query, form, JSON), isolation between
 * organisations, blocking semantics, the edit extension, and the API's own 404/405/413/415 answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testDialect } from '../../../../test/harness.js';
import { countRows, type RkiOrgClient, rkiOrg, send, TRANSPORTS } from '../../../../test/rki-client.js';
import { RKI_ERRORS } from '../../errors.js';
import { bulkInsertReaders } from '../../readers/bulk-insert.js';

let t: TestApp;
let a: RkiOrgClient;
let b: RkiOrgClient;
/** Today in Moscow as dd.mm.yyyy, independently of the code under test. */
const today = new Intl.DateTimeFormat('ru-RU', { timeZone: 'Europe/Moscow' }).format(new Date());
const ddmmyyyy = (d: Date) => new Intl.DateTimeFormat('ru-RU', { timeZone: 'Europe/Moscow' }).format(d);
const DAY = 86_400_000;

beforeAll(async () => {
  // Writes are rate-limited per organisation (rate-limits.test.ts); this file makes many.
  t = await createTestApp({ RKI_WRITE_BURST: '100000' });
  a = await rkiOrg(t, 'Университет А');
  b = await rkiOrg(t, 'Университет Б');
});
afterAll(async () => {
  await t?.close();
});

let seq = 0;
async function addUser(org: RkiOrgClient, extra: Record<string, string> = {}) {
  seq++;
  const r = await org.call('/users/add', {
    email: `reader${seq}@example.org`,
    fullname: `Читатель ${seq}`,
    password: 'pw',
    ...extra,
  });
  expect(r.status).toBe(200);
  return r.body.data as { id: number; email: string; username: string; fullname: string };
}

const failure = (status: number, message: string, errors: unknown = []) =>
  JSON.stringify({ success: false, message, status, data: null, errors });

describe(`РКИ users on ${testDialect}`, () => {
  describe.each(TRANSPORTS)('as %s', (transport) => {
    it('adds a reader and answers the spec’s add shape', async () => {
      const email = `Ivanov.${transport}@Example.org`;
      const r = await a.call(
        '/users/add',
        { email, fullname: 'Иванов Иван', password: 'секрет', user_type: 3 },
        transport,
      );
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(r.headers['cache-control']).toBe('no-store');
      const id = r.body.data.id;
      expect(r.raw).toBe(
        JSON.stringify({
          success: true,
          message: '',
          status: 200,
          data: {
            id,
            username: email.toLowerCase(),
            email,
            fullname: 'Иванов Иван',
            blocked: 0,
            blockedafter: 0,
            user_type: 3,
          },
        }),
      );
      const g = await a.call(`/users/get/${id}`, {}, transport);
      expect(g.raw).toBe(
        JSON.stringify({
          success: true,
          message: '',
          status: 200,
          data: {
            id,
            username: email.toLowerCase(),
            fullname: 'Иванов Иван',
            email,
            blocked: 0,
            user_type: 3,
            class: 0,
            specialty: '',
            group: '',
            facultet: '',
            department: '',
            registration_date: today,
            blockedafter: 0,
          },
        }),
      );
    });

    it('lists with total, filters and the row shape', async () => {
      const email = `list.${transport}@example.org`;
      const { id } = await addUser(a, { email, fullname: `Список ${transport}` });
      const r = await a.call(
        '/users',
        { email: `LIST.${transport.toUpperCase()}`, username: '', fullname: '' },
        transport,
      );
      expect(r.raw).toBe(
        JSON.stringify({
          success: true,
          message: '',
          total: 1,
          status: 200,
          data: [
            {
              id,
              username: email,
              fullname: `Список ${transport}`,
              email,
              blocked: 0,
              user_type: 4,
              registration_date: today,
              blockedafter: 0,
            },
          ],
        }),
      );
    });

    it('blocks and restores, idempotently, with the spec’s texts', async () => {
      const { id } = await addUser(a);
      for (let i = 0; i < 2; i++) {
        const d = await a.call(`/users/delete/${id}`, {}, transport);
        expect(d.raw).toBe(
          JSON.stringify({ success: true, message: 'Пользователь успешно заблокирован', status: 200, data: null }),
        );
        expect((await a.call(`/users/get/${id}`, {}, transport)).body.data.blocked).toBe(1);
      }
      for (let i = 0; i < 2; i++) {
        const r = await a.call(`/users/restore/${id}`, {}, transport);
        expect(r.raw).toBe(
          JSON.stringify({ success: true, message: 'Пользователь успешно восстановлен', status: 200, data: null }),
        );
        expect((await a.call(`/users/get/${id}`, {}, transport)).body.data.blocked).toBe(0);
      }
    });

    it('answers 404 in the envelope for unknown, foreign and non-numeric ids', async () => {
      const foreign = await addUser(b);
      for (const path of ['get', 'delete', 'restore']) {
        for (const id of ['999999', String(foreign.id), 'abc', '0', '-1', '1.5']) {
          const r = await a.call(`/users/${path}/${id}`, {}, transport);
          expect(r.status).toBe(404);
          expect(r.raw).toBe(failure(404, 'Пользователь не найден в БД платформы РКИ'));
        }
      }
      expect((await b.call(`/users/get/${foreign.id}`, {}, transport)).body.data.blocked).toBe(0);
    });
  });

  it('keeps each organisation to its own readers', async () => {
    const mine = await addUser(a, { email: 'only-a@example.org' });
    const theirs = await addUser(b, { email: 'only-b@example.org' });
    const listA = await a.call('/users', { email: 'only-' });
    expect(listA.body.data.map((r: { id: number }) => r.id)).toEqual([mine.id]);
    const listB = await b.call('/users', { limit: 100 });
    expect(listB.body.data.every((r: { id: number }) => r.id !== mine.id)).toBe(true);
    expect(listB.body.data.some((r: { id: number }) => r.id === theirs.id)).toBe(true);
    expect(listB.body.total).toBe(listB.body.data.length);
    // The other organisation's reader cannot be edited, blocked or restored either.
    expect((await a.call(`/users/edit/${theirs.id}`, { fullname: 'X' }, 'post-form')).status).toBe(404);
    expect((await b.call(`/users/get/${theirs.id}`)).body.data.fullname).not.toBe('X');
  });

  it('answers 409 for an email taken in any organisation, whatever its case', async () => {
    await addUser(a, { email: 'Taken@Example.org' });
    const before = await countRows(t, 'accounts');
    for (const org of [a, b]) {
      const r = await org.call('/users/add', { email: '  TAKEN@example.ORG ', fullname: 'Двойник', password: 'pw' });
      expect(r.status).toBe(409);
      expect(r.raw).toBe(failure(409, 'Пользователь с таким email-адресом уже зарегистрирован в ЭБС'));
    }
    expect(await countRows(t, 'accounts')).toBe(before);
  });

  it('defaults user_type to 4 when empty and validates the add rule set', async () => {
    const r = await a.call('/users/add', {
      email: 'empty-type@example.org',
      fullname: 'Ф',
      password: 'p',
      user_type: '',
    });
    expect(r.body.data.user_type).toBe(4);
    const bad = await a.call('/users/add', { user_type: '7' });
    expect(bad.status).toBe(400);
    // rki.md, Examples: empty add with user_type=7.
    expect(bad.raw).toBe(
      failure(400, 'В форме запроса обнаружены ошибки', {
        email: ['The email field is required.'],
        fullname: ['The fullname field is required.'],
        password: ['The password field is required.'],
        user_type: ['The user type must be between 1 and 4.'],
      }),
    );
    const long = await a.call('/users/add', { email: `${'x'.repeat(300)}`, fullname: 'Ф', password: 'p' });
    expect(long.body.errors).toEqual({
      email: ['The email must be a valid email address.', 'The email may not be greater than 255 characters.'],
    });
  });

  it('counts a reader whose blockedafter has passed as blocked, and restore clears a past date', async () => {
    const { id } = await addUser(a);
    const yesterday = ddmmyyyy(new Date(Date.now() - DAY));
    const tomorrow = ddmmyyyy(new Date(Date.now() + DAY));
    // Blocked from the day after blockedafter: today still counts as subscribed.
    const e0 = await a.call(`/users/edit/${id}`, { blockedafter: today }, 'post-form');
    expect(e0.body.data).toMatchObject({ blocked: 0, blockedafter: today });
    const e1 = await a.call(`/users/edit/${id}`, { blockedafter: yesterday }, 'post-form');
    expect(e1.body.data).toMatchObject({ blocked: 1, blockedafter: yesterday });
    const listed = await a.call('/users', { email: `reader${seq}@` });
    expect(listed.body.data[0]).toMatchObject({ id, blocked: 1, blockedafter: yesterday });
    await a.call(`/users/restore/${id}`);
    expect((await a.call(`/users/get/${id}`)).body.data).toMatchObject({ blocked: 0, blockedafter: 0 });
    // A future date survives a restore.
    await a.call(`/users/edit/${id}`, { blockedafter: tomorrow }, 'post-json');
    await a.call(`/users/delete/${id}`);
    await a.call(`/users/restore/${id}`);
    expect((await a.call(`/users/get/${id}`)).body.data).toMatchObject({ blocked: 0, blockedafter: tomorrow });
    // `0` clears it.
    const cleared = await a.call(`/users/edit/${id}`, { blockedafter: '0' }, 'post-json');
    expect(cleared.body.data.blockedafter).toBe(0);
  });

  it('edits a reader partially, only by POST', async () => {
    const { id, email } = await addUser(a, { email: 'Edit.Me@example.org' });
    const r = await a.call(
      `/users/edit/${id}`,
      {
        fullname: 'Новое Имя',
        user_type: 1,
        class: 3,
        specialty: 'Лингвистика',
        group: 'ЛГ-21',
        facultet: 'Филологический',
        department: 'русского языка',
      },
      'post-json',
    );
    expect(r.raw).toBe(
      JSON.stringify({
        success: true,
        message: 'Пользователь успешно обновлен',
        status: 200,
        data: {
          id,
          username: 'edit.me@example.org',
          fullname: 'Новое Имя',
          email,
          blocked: 0,
          user_type: 1,
          class: 3,
          specialty: 'Лингвистика',
          group: 'ЛГ-21',
          facultet: 'Филологический',
          department: 'русского языка',
          registration_date: today,
          blockedafter: 0,
        },
      }),
    );
    // No fields: a no-op that answers the detail.
    const noop = await a.call(`/users/edit/${id}`, {}, 'post-query');
    expect(noop.body.data).toEqual(r.body.data);
    // The login follows the email while it equals the old one.
    const moved = await a.call(`/users/edit/${id}`, { email: 'Moved@Example.org' }, 'post-form');
    expect(moved.body.data).toMatchObject({ email: 'Moved@Example.org', username: 'moved@example.org' });
    expect((await a.call('/users', { username: 'moved@' })).body.total).toBe(1);
    // A taken email, in any organisation: 409 and nothing changes.
    await addUser(b, { email: 'other-org@example.org' });
    const taken = await a.call(`/users/edit/${id}`, { email: 'OTHER-org@example.org', fullname: 'Z' }, 'post-form');
    expect(taken.raw).toBe(failure(409, 'Пользователь с таким email-адресом уже зарегистрирован в ЭБС'));
    expect((await a.call(`/users/get/${id}`)).body.data.fullname).toBe('Новое Имя');
    // A new password is re-hashed.
    const before = await t.db.kysely
      .selectFrom('accounts')
      .select('password_hash')
      .where('email_norm', '=', 'moved@example.org')
      .executeTakeFirstOrThrow();
    await a.call(`/users/edit/${id}`, { password: 'новый пароль' }, 'post-form');
    const after = await t.db.kysely
      .selectFrom('accounts')
      .select('password_hash')
      .where('email_norm', '=', 'moved@example.org')
      .executeTakeFirstOrThrow();
    expect(after.password_hash).toMatch(/^\$argon2id\$/);
    expect(after.password_hash).not.toBe(before.password_hash);
    // GET is not allowed on the edit route.
    const get = await a.call(`/users/edit/${id}`, { fullname: 'GET' }, 'get');
    expect(get.status).toBe(405);
    expect(get.raw).toBe(failure(405, 'Метод запроса не поддерживается'));
    expect(get.headers.allow).toBe('POST');
  });

  it('clamps limit to 100, pages by offset, and answers [] past the end', async () => {
    const org = await rkiOrg(t, 'Пагинация');
    const readers = Array.from({ length: 105 }, (_, i) => ({ email: `page${i}@example.org`, fullname: `Стр ${i}` }));
    await bulkInsertReaders(t.db, org.clientId, readers, 'unused-hash', '2024-01-31');
    const all = await org.call('/users', { limit: 1000 });
    expect(all.body.total).toBe(105);
    expect(all.body.data).toHaveLength(100);
    const ids = all.body.data.map((r: { id: number }) => r.id);
    expect(ids).toEqual([...ids].sort((x: number, y: number) => x - y));
    const def = await org.call('/users');
    expect(def.body.data.map((r: { id: number }) => r.id)).toEqual(ids.slice(0, 10));
    const page = await org.call('/users', { limit: 10, offset: 95 });
    expect(page.body.data.map((r: { id: number }) => r.id)).toEqual([
      ...ids.slice(95),
      ...page.body.data.slice(5).map((r: { id: number }) => r.id),
    ]);
    expect(page.body.data).toHaveLength(10);
    const past = await org.call('/users', { offset: 105 });
    expect(past.raw).toBe(JSON.stringify({ success: true, message: '', total: 105, status: 200, data: [] }));
    const far = await org.call('/users', { offset: '9223372036854775807' });
    expect(far.body).toMatchObject({ success: true, total: 105, data: [] });
  });

  it('filters case-insensitively on unicode substrings, with % and _ taken literally', async () => {
    const org = await rkiOrg(t, 'Фильтры');
    const ids: Record<string, number> = {};
    for (const [key, email, fullname] of [
      ['pct', '100%pure@example.org', 'Ёлкина Алёна'],
      ['und', 'under_score@example.org', 'ЁЛКИН Пётр'],
      ['plain', 'underxscore@example.org', 'Łukasz Żółć'],
      ['other', 'x1@example.org', 'Nguyễn Văn A'],
    ] as const) {
      ids[key] = (await addUser(org, { email, fullname })).id;
    }
    const find = async (params: Record<string, string>) =>
      (await org.call('/users', params)).body.data.map((r: { id: number }) => r.id);
    expect(await find({ email: '%' })).toEqual([ids.pct]);
    expect(await find({ email: '0%p' })).toEqual([ids.pct]);
    expect(await find({ email: '_' })).toEqual([ids.und]);
    expect(await find({ email: 'r_s' })).toEqual([ids.und]);
    expect(await find({ fullname: 'ёлкин' })).toEqual([ids.pct, ids.und]);
    expect(await find({ fullname: 'ЁЛ' })).toEqual([ids.pct, ids.und]);
    expect(await find({ fullname: 'ŻÓŁ' })).toEqual([ids.plain]);
    expect(await find({ fullname: 'văn' })).toEqual([ids.other]);
    expect(await find({ fullname: 'ёлкин', email: 'under' })).toEqual([ids.und]);
    expect(await find({ fullname: 'ё', email: 'score' })).toEqual([ids.und]);
    expect(await find({ email: '"' })).toEqual([]);
    expect(await find({ email: "' or 1=1 --" })).toEqual([]);
    expect((await org.call('/users', { fullname: 'ёлкин' })).body.total).toBe(2);
  });

  it('answers unknown routes, bad bodies and wrong media types in the envelope', async () => {
    const auth = { authorization: `Bearer ${a.token()}` };
    const nf = await t.app.inject({ method: 'GET', url: '/security/nothing-here' });
    expect(nf.statusCode).toBe(404);
    expect(nf.body).toBe(failure(404, 'Метод API не найден'));
    expect(nf.headers['cache-control']).toBe('no-store');
    const put = await t.app.inject({ method: 'PUT', url: `/security/users?client_id=${a.clientId}`, headers: auth });
    expect(put.statusCode).toBe(405);
    expect(put.body).toBe(failure(405, 'Метод запроса не поддерживается'));
    const text = await t.app.inject({
      method: 'POST',
      url: `/security/users?client_id=${a.clientId}`,
      headers: { ...auth, 'content-type': 'text/plain' },
      payload: 'hello',
    });
    expect(text.statusCode).toBe(415);
    expect(text.body).toBe(failure(415, 'Неподдерживаемый формат тела запроса'));
    const big = await t.app.inject({
      method: 'POST',
      url: `/security/users/add?client_id=${a.clientId}`,
      headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `fullname=${'x'.repeat(t.config.bodyLimit + 1)}`,
    });
    expect(big.statusCode).toBe(413);
    expect(big.body).toBe(failure(413, 'Слишком большой запрос'));
    for (const r of [put, text, big]) expect(r.headers['cache-control']).toBe('no-store');
    for (const payload of ['{"email":', '[1,2]', '"text"', 'null']) {
      const bad = await t.app.inject({
        method: 'POST',
        url: `/security/users/add?client_id=${a.clientId}`,
        headers: { ...auth, 'content-type': 'application/json' },
        payload,
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toBe(failure(400, 'В форме запроса обнаружены ошибки', {}));
    }
    // The SDK sends its form body on GET too: not parsed, never a 415.
    const sdk = await t.app.inject({
      method: 'GET',
      url: `/security/users?client_id=${a.clientId}&limit=1`,
      headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      payload: `client_id=${a.clientId}&limit=1`,
    });
    expect(sdk.statusCode).toBe(200);
    // POST with an empty JSON or form body reads the query.
    for (const ct of ['application/json', 'application/x-www-form-urlencoded']) {
      const empty = await t.app.inject({
        method: 'POST',
        url: `/security/users?client_id=${a.clientId}&limit=1`,
        headers: { ...auth, 'content-type': ct },
        payload: '',
      });
      expect(empty.statusCode).toBe(200);
      expect(empty.json().data).toHaveLength(1);
    }
  });

  it('lets body keys win over query keys on POST', async () => {
    const r = await send(t, '/users', { client_id: a.clientId, limit: '2' }, 'post-form', {
      authorization: `Bearer ${a.token()}`,
    });
    expect(r.body.data).toHaveLength(2);
    const res = await t.app.inject({
      method: 'POST',
      url: `/security/users?client_id=${a.clientId}&limit=abc`,
      headers: { authorization: `Bearer ${a.token()}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'limit=3',
    });
    expect(res.json().data).toHaveLength(3);
  });

  it('produces every entry of the error table from some request', async () => {
    // Each text above is asserted byte for byte; this walks the table so none is left unreached.
    const seen = new Set<string>();
    const record = (raw: string) => seen.add(JSON.parse(raw).message);
    record((await t.app.inject({ method: 'GET', url: '/security/x' })).body);
    record((await t.app.inject({ method: 'DELETE', url: '/security/users' })).body);
    record((await a.call('/users', { limit: 'x' })).raw);
    record((await a.call('/users/get/0')).raw);
    record((await send(t, '/users', { client_id: a.clientId }, 'get', {})).raw);
    record((await send(t, '/users', { client_id: a.clientId }, 'get', { authorization: 'Bearer x.y.z' })).raw);
    record(
      (
        await send(t, '/users', { client_id: a.clientId }, 'get', {
          authorization: `Bearer ${a.token({ time: 1 })}`,
        })
      ).raw,
    );
    record((await a.call('/users/add', { email: 'taken@example.org', fullname: 'x', password: 'x' })).raw);
    record(
      (
        await t.app.inject({
          method: 'POST',
          url: '/security/users',
          headers: { 'content-type': 'text/csv' },
          payload: 'a',
        })
      ).body,
    );
    record(
      (
        await t.app.inject({
          method: 'POST',
          url: '/security/users',
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify({ x: 'y'.repeat(t.config.bodyLimit) }),
        })
      ).body,
    );
    const unreached = Object.values(RKI_ERRORS)
      .map((e) => e.message)
      .filter((m) => !seen.has(m));
    // 429 and 500 are produced in rate-limits.test.ts.
    expect(unreached).toEqual(['Слишком много запросов', 'Внутренняя ошибка сервера']);
  });

  it('serves a second instance on the same database (add on A, read on B)', async () => {
    const other = await t.another();
    const { id } = await addUser(a, { email: 'two-instances@example.org' });
    const r = await other.inject({
      method: 'GET',
      url: `/security/users/get/${id}?client_id=${a.clientId}`,
      headers: { authorization: `Bearer ${a.token()}` },
    });
    expect(r.json().data).toMatchObject({ id, email: 'two-instances@example.org' });
    await other.inject({
      method: 'GET',
      url: `/security/users/delete/${id}?client_id=${a.clientId}`,
      headers: { authorization: `Bearer ${a.token()}` },
    });
    expect((await a.call(`/users/get/${id}`)).body.data.blocked).toBe(1);
  });

  it('keeps passwords, tokens and secrets out of the log, and logs the client and target', async () => {
    const password = 'Sup3r-Secret-Pa55';
    const token = a.token();
    const r = await send(
      t,
      '/users/add',
      { client_id: a.clientId, email: 'logged@example.org', fullname: 'Журнал', password },
      'get',
      { authorization: `Bearer ${token}` },
    );
    expect(r.status).toBe(200);
    await send(t, '/users/add', { client_id: a.clientId, email: 'x', password }, 'post-form', {
      authorization: `Bearer ${token}`,
    });
    const text = t.logs.text;
    expect(text).not.toContain(password);
    expect(text).not.toContain(token);
    expect(text).not.toContain(token.split('.')[2]);
    expect(text).not.toContain(a.secret);
    expect(text).not.toContain('logged@example.org');
    const line = t.logs.lines.map((l) => JSON.parse(l)).find((l) => l.target === r.body.data.id);
    expect(line).toMatchObject({ client_id: a.clientId, route: '/security/users/add', statusCode: 200 });
    const invalid = t.logs.lines.map((l) => JSON.parse(l)).findLast((l) => Array.isArray(l.validation));
    expect(invalid.validation).toEqual(['email', 'fullname']);
  });

  it('writes an audit row per add, edit, block and restore, without field values', async () => {
    const { id } = await addUser(a, { email: 'audited@example.org' });
    await a.call(`/users/edit/${id}`, { fullname: 'Аудит' }, 'post-form');
    await a.call(`/users/delete/${id}`);
    await a.call(`/users/restore/${id}`);
    const rows = await t.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('api', '=', 'rki')
      .where('target', '=', String(id))
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.action)).toEqual(['user.add', 'user.edit', 'user.block', 'user.restore']);
    for (const row of rows) {
      expect(row.actor).toBe(`org:${a.clientId}`);
      expect(row.ip).toBeTruthy();
      expect(JSON.stringify(row)).not.toContain('audited@');
      expect(JSON.stringify(row)).not.toContain('Аудит');
    }
  });

  it('documents the routes in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    for (const p of ['/security/users', '/security/users/get/{id}', '/security/users/add']) {
      expect(Object.keys(doc.paths[p]).sort()).toEqual(['get', 'post']);
    }
    expect(Object.keys(doc.paths['/security/users/edit/{id}'])).toEqual(['post']);
  });
});
