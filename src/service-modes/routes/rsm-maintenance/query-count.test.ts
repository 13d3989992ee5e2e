/**
 * Hot paths run a fixed number of statements whatever the page size (no N+1): list, GET /{id} and
 * active-config-items, counted with db.queryCount().
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialect } from '../../../../test/harness.js';
import { createFixture, type Fixture, type Who } from '../../testing/fixture.js';
import { MODES } from '../../testing/sm-test-app.js';

let f: Fixture;
beforeAll(async () => {
  f = await createFixture();
  for (let i = 0; i < 30; i++) {
    await f.mode({
      title: `mode ${i}`,
      dateStart: '2021-07-09T10:00:00+03:00',
      dateEnd: '2021-07-09T12:00:00+03:00',
      configItems: [{ id: f.a1 }, { id: f.a2 }, { id: f.a3, scope: 'CiAndChildren' }],
    });
  }
  // Warm the token's lastUsedAt so no write is counted.
  await f.send(f.ed, 'GET', MODES);
  await f.send(f.admin, 'GET', MODES);
});
afterAll(async () => f?.t.close());

async function statements(who: Who, url: string): Promise<number> {
  const before = f.t.db.queryCount();
  const r = await f.send(who, 'GET', url);
  expect(r.statusCode).toBe(200);
  return f.t.db.queryCount() - before;
}

describe(`statement counts on ${testDialect}`, () => {
  it('list: the same number of statements for 2 modes or 30', async () => {
    for (const who of [f.ed, f.admin]) {
      expect(await statements(who, `${MODES}?perPage=2`)).toBe(await statements(who, `${MODES}?perPage=30`));
      expect(await statements(who, `${MODES}?perPage=2&search=mode`)).toBe(
        await statements(who, `${MODES}?perPage=30&search=mode`),
      );
    }
    expect(await statements(f.admin, `${MODES}?perPage=30&search=mode&sortCol=title`)).toBeLessThanOrEqual(7);
  });

  it('GET /{id} and active-config-items: a few statements', async () => {
    expect(await statements(f.admin, `${MODES}/1`)).toBeLessThanOrEqual(4);
    expect(
      await statements(
        f.ed,
        `${MODES}/active-config-items?at=2021-07-09T11:00:00Z&configItemIds=${f.a1},${f.a2},${f.a3}`,
      ),
    ).toBeLessThanOrEqual(4);
  });
});
