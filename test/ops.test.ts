import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactUrl } from '../src/http/logging.js';
import { createTestApp, type TestApp, testDialect } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe(`operations on ${testDialect}`, () => {
  it('writes one JSON line per request, with a request id, and no secrets', async () => {
    const jwt = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJjbGllbnRfaWQiOjF9.c2lnbmF0dXJlc2lnbmF0dXJl';
    t.logs.lines.length = 0;
    const res = await t.app.inject({
      method: 'GET',
      url: `/healthz?password=hunter2&email=someone%40example.org&token=${jwt}&x=1`,
      headers: { authorization: `Bearer ${jwt}`, 'x-apikey': 'APIKEY-SECRET-123' },
    });
    expect(res.statusCode).toBe(200);
    const lines = t.logs.lines.map((l) => JSON.parse(l));
    const requestLines = lines.filter((l) => l.msg === 'request');
    expect(requestLines).toHaveLength(1);
    const line = requestLines[0];
    expect(line).toMatchObject({ method: 'GET', route: '/healthz', statusCode: 200 });
    expect(typeof line.reqId).toBe('string');
    expect(line.url).toBe('/healthz?password=[REDACTED]&email=[MASKED]&token=[REDACTED]&x=1');
    const all = t.logs.text;
    for (const secret of ['hunter2', 'someone', jwt, 'APIKEY-SECRET-123', 'Bearer']) expect(all).not.toContain(secret);
  });

  it('redacts secrets in URLs whatever their form', () => {
    expect(redactUrl('/a?pass=1&PASSWORD=2&password[]=3')).toBe(
      '/a?pass=[REDACTED]&PASSWORD=[REDACTED]&password[]=[REDACTED]',
    );
    expect(redactUrl('/a/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcdef/b')).toBe('/a/[REDACTED]/b');
    expect(redactUrl('/a?q=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcdef')).toBe('/a?q=[REDACTED]');
    expect(redactUrl('/a?%70assword=x')).toBe('/a?%70assword=[REDACTED]');
    expect(redactUrl('/plain')).toBe('/plain');
  });

  it('redacts sensitive fields given to the logger', async () => {
    t.logs.lines.length = 0;
    t.app.log.info(
      { password: 'pw-top-level', body: { password: 'pw-in-body' }, headers: { authorization: 'Bearer x' } },
      'probe',
    );
    const text = t.logs.text;
    expect(text).toContain('probe');
    expect(text).not.toContain('pw-top-level');
    expect(text).not.toContain('pw-in-body');
    expect(text).not.toContain('Bearer x');
  });

  it('echoes a given request id in the log', async () => {
    t.logs.lines.length = 0;
    await t.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'req-abc-123' } });
    expect(t.logs.lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'request')?.reqId).toBe('req-abc-123');
  });

  it('reports the database as unavailable on /readyz when it is closed', async () => {
    const other = await createTestApp();
    await other.db.close();
    const r = await other.app.inject({ method: 'GET', url: '/readyz' });
    expect(r.statusCode).toBe(503);
    expect(r.json()).toMatchObject({ status: 'unavailable' });
    await other.app.close();
    await other.testDb.drop();
  });
});
