import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, verifyCredentials } from '../src/auth/accounts.js';
import { available, consume } from '../src/auth/rate-limit.js';
import { openSecret, sealSecret } from '../src/auth/secret-box.js';
import { findLiveToken, insertToken, revokeToken } from '../src/auth/tokens.js';
import { defineQuery, param } from '../src/db/statements.js';
import { createTestApp, type TestApp, testDialect } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe(`foundation on ${testDialect}`, () => {
  it('answers /healthz and /readyz', async () => {
    const h = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(h.statusCode).toBe(200);
    expect(h.json()).toEqual({ status: 'ok' });
    const r = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ status: 'ok', database: testDialect });
  });

  it('serves an OpenAPI 3.1 document and interactive docs', async () => {
    const doc = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(doc.statusCode).toBe(200);
    expect(doc.json().openapi).toBe('3.1.0');
    const ui = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
  });

  it('exposes Prometheus metrics per route', async () => {
    await t.app.inject({ method: 'GET', url: '/healthz' });
    const m = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(m.statusCode).toBe(200);
    expect(m.body).toMatch(/http_requests_total\{method="GET",route="\/healthz",status_code="200"\} \d+/);
    expect(m.body).toMatch(/http_request_duration_seconds_bucket\{le="0.001",method="GET",route="\/healthz"/);
  });

  it('answers unknown routes outside the APIs with JSON 404', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/nope' });
    expect(r.statusCode).toBe(404);
    expect(r.json()).toMatchObject({ statusCode: 404 });
  });

  it('hashes passwords with argon2id and checks credentials', async () => {
    const acc = await createAccount(
      t.db.kysely,
      { username: 'alice', email: 'Alice@Example.org', password: 's3cret' },
      t.config.argon2,
    );
    const row = await t.db.kysely.selectFrom('accounts').selectAll().where('id', '=', acc.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.email_norm).toBe('alice@example.org');
    expect(await verifyCredentials(t.db, 'alice', 's3cret', t.config.argon2)).toMatchObject({ id: acc.id });
    expect(await verifyCredentials(t.db, 'alice', 'wrong', t.config.argon2)).toBeNull();
    expect(await verifyCredentials(t.db, 'nobody', 's3cret', t.config.argon2)).toBeNull();
  });

  it('stores tokens as hashes, with expiry and revocation', async () => {
    const acc = await createAccount(t.db.kysely, { username: 'bob', password: 'x' }, t.config.argon2);
    const now = Date.now();
    const id = await insertToken(t.db.kysely, {
      accountId: acc.id,
      kind: 'sm',
      token: 'TOKEN-1',
      expiresAt: now + 60_000,
    });
    const stored = await t.db.kysely
      .selectFrom('api_tokens')
      .select('token_hash')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain('TOKEN-1');
    expect(await findLiveToken(t.db, 'sm', 'TOKEN-1', now)).toMatchObject({ id, accountId: acc.id, username: 'bob' });
    expect(await findLiveToken(t.db, 'scodoc', 'TOKEN-1', now)).toBeUndefined();
    expect(await findLiveToken(t.db, 'sm', 'TOKEN-1', now + 61_000)).toBeUndefined();
    await revokeToken(t.db.kysely, id);
    expect(await findLiveToken(t.db, 'sm', 'TOKEN-1', now)).toBeUndefined();
  });

  it('rate-limits with buckets shared through the database', async () => {
    const other = t.testDb.openAnother();
    const bucket = { ratePerSecond: 1, burst: 3 };
    const now = 1_000_000;
    expect(await consume(t.db, 'k', bucket, now)).toBe(true);
    expect(await consume(other, 'k', bucket, now)).toBe(true);
    expect(await consume(t.db, 'k', bucket, now)).toBe(true);
    expect(await available(other, 'k', bucket, now)).toBe(false);
    expect(await consume(other, 'k', bucket, now)).toBe(false);
    // One token a second comes back.
    expect(await consume(t.db, 'k', bucket, now + 2_000)).toBe(true);
  });

  it('seals secrets with AES-256-GCM bound to their owner', () => {
    const key = Buffer.alloc(32, 7);
    const box = sealSecret(key, 1, 'hunter2', 'org:1');
    expect(box).not.toContain('hunter2');
    expect(openSecret(key, box, 'org:1')?.toString()).toBe('hunter2');
    expect(openSecret(key, box, 'org:2')).toBeNull();
    expect(openSecret(Buffer.alloc(32, 8), box, 'org:1')).toBeNull();
  });

  it('runs cached statements with named parameters on both dialects', async () => {
    const q = defineQuery<{ u: string }, { id: number; username: string }>('test.accountByName', (db) =>
      db.selectFrom('accounts').select(['id', 'username']).where('username', '=', param('u')),
    );
    const before = t.db.queryCount();
    expect(await t.db.statements.first(q, { u: 'alice' })).toMatchObject({ username: 'alice' });
    expect(await t.db.statements.all(q, { u: 'nobody' })).toEqual([]);
    expect(t.db.queryCount() - before).toBe(2);
  });

  it('never fails a statement on a NUL character in a parameter (PostgreSQL cannot hold it)', async () => {
    const q = defineQuery<{ u: string }, { id: number }>('test.accountByNulName', (db) =>
      db.selectFrom('accounts').select('id').where('username', '=', param('u')),
    );
    expect(await t.db.statements.all(q, { u: 'a\u0000b' })).toEqual([]);
    // SQLite ends a LIKE pattern at NUL (so it matches more); PostgreSQL would refuse the statement: neither throws.
    await expect(
      t.db.kysely.selectFrom('accounts').select('id').where('username', 'like', '%\u0000%').execute(),
    ).resolves.toBeInstanceOf(Array);
    // Both kinds of answers for /ScoDoc, /security and /api/public/sm are checked by their own bad-input tests.
    const r = await t.app.inject({ method: 'GET', url: '/ScoDoc/api/etudiant/nip/%00' });
    expect(r.statusCode).not.toBe(500);
  });
});
