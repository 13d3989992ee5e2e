/**
 * Concurrent writes of one mode never lose an update: each PATCH is one transaction with the mode row
 * locked (FOR UPDATE / BEGIN IMMEDIATE), so every PATCH sees the one before it — also across two
 * instances on the same database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialect } from '../../../../test/harness.js';
import { createFixture, type Fixture } from '../../testing/fixture.js';
import { MODES } from '../../testing/sm-test-app.js';

let f: Fixture;
beforeAll(async () => {
  f = await createFixture();
});
afterAll(async () => f?.t.close());

describe(`concurrent edits on ${testDialect}`, () => {
  it('20 parallel PATCHes from two instances: 20 versions, each built on the previous one', async () => {
    const id = await f.mode({
      dateStart: '2021-07-09T10:00:00+03:00',
      dateEnd: '2021-07-09T12:00:00+03:00',
      configItems: [{ id: f.a1 }],
    });
    const second = await f.t.another();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? second : f.t.app).inject({
          method: 'PATCH',
          url: `${MODES}/${id}`,
          headers: { ...f.ed.auth, 'content-type': 'application/json' },
          payload: { labels: { [`k${i}`]: String(i) }, title: `t${i}` },
        }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(20).fill(200));
    const row = await f.t.db.kysely
      .selectFrom('sm_modes')
      .select('version')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(Number(row.version)).toBe(21);
    const history = await f.t.db.kysely
      .selectFrom('sm_mode_history')
      .select(['before', 'after'])
      .where('mode_id', '=', id)
      .orderBy('id')
      .execute();
    expect(history).toHaveLength(21);
    // No lost update: every change starts from the state the previous one left.
    for (let i = 1; i < history.length; i++) expect(history[i].before).toBe(history[i - 1].after);
  });
});
