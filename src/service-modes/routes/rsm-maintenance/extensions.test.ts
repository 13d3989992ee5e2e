/**
 * Campus extensions: active-config-items (subtree-aware "in maintenance at T"), preview of the covered CIs,
 * and the audit history per mode.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialect } from '../../../../test/harness.js';
import { createFixture, type Fixture } from '../../testing/fixture.js';
import { MODES } from '../../testing/sm-test-app.js';

let f: Fixture;
let a4 = 0;
const D = (s: string) => `2021-07-${s}+03:00`;
const ACTIVE = `${MODES}/active-config-items`;

beforeAll(async () => {
  f = await createFixture();
  a4 = await f.t.ci('a4', f.wgA, f.a3); // a1 → a2 → a3 → a4
});
afterAll(async () => f?.t.close());

const covered = async (at: string, ids: number[], who = f.ed) => {
  const r = await f.send(who, 'GET', `${ACTIVE}?at=${encodeURIComponent(at)}&configItemIds=${ids.join(',')}`);
  expect(r.statusCode).toBe(200);
  return r.json() as { at: string; configItems: { id: number; modes: { id: number; scope: string }[] }[] };
};

describe(`service-mode extensions on ${testDialect}`, () => {
  it('active-config-items expands CiAndChildren of ancestors to the given depth', async () => {
    f.t.clock.set(D('01T12:00:00'));
    const whole = await f.mode({
      title: 'whole',
      dateStart: D('02T10:00:00'),
      dateEnd: D('02T12:00:00'),
      configItems: [{ id: f.a1, scope: 'CiAndChildren' }],
    });
    const deep1 = await f.mode({
      title: 'depth1',
      dateStart: D('03T10:00:00'),
      dateEnd: D('03T12:00:00'),
      configItems: [{ id: f.a2, scope: 'CiAndChildren', depth: 1 }],
    });
    const single = await f.mode({
      title: 'ci',
      dateStart: D('03T11:00:00'),
      dateEnd: D('03T13:00:00'),
      configItems: [{ id: f.a2 }],
    });
    const cancelled = await f.mode({
      dateStart: D('02T10:00:00'),
      dateEnd: D('02T12:00:00'),
      configItems: [{ id: a4 }],
    });
    await f.send(f.ed, 'PATCH', `${MODES}/${cancelled}`, { cancel: true });

    const at2 = await covered(D('02T11:00:00'), [f.a1, f.a2, f.a3, a4, f.b1]);
    expect(at2.at).toBe(D('02T11:00:00'));
    expect(at2.configItems.map((c) => [c.id, c.modes.map((m) => m.id)])).toEqual([
      [f.a1, [whole]],
      [f.a2, [whole]],
      [f.a3, [whole]],
      [a4, [whole]],
    ]);
    const at3 = await covered('2021-07-03T08:30:00Z', [f.a1, f.a2, f.a3, a4]);
    expect(at3.configItems.map((c) => [c.id, c.modes.map((m) => m.id)])).toEqual([
      [f.a2, [deep1, single]],
      [f.a3, [deep1]],
    ]);
    expect((await covered(D('02T12:00:00'), [f.a1])).configItems).toEqual([]);
  });

  it('active-config-items: default now, repeated parameter, invisible CIs left out, all covered without ids', async () => {
    f.t.clock.set(D('02T11:30:00'));
    const r = await f.send(f.ed, 'GET', `${ACTIVE}?configItemIds=${f.a3}&configItemIds=${a4}`);
    expect(r.json().configItems.map((c: { id: number }) => c.id)).toEqual([f.a3, a4]);
    expect((await covered(D('02T11:00:00'), [f.a1], f.other)).configItems).toEqual([]);
    const all = await f.send(f.ed, 'GET', ACTIVE);
    expect(all.json().configItems.map((c: { id: number }) => c.id)).toEqual([f.a1, f.a2, f.a3, a4]);
    const bad = await f.send(f.ed, 'GET', `${ACTIVE}?at=2021-07-02T11:00:00`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ message: 'Error in query parameters.', queryFields: { at: [expect.any(String)] } });
    const badIds = await f.send(f.ed, 'GET', `${ACTIVE}?configItemIds=1,x`);
    expect(badIds.json().queryFields).toHaveProperty('configItemIds');
  });

  it('preview returns the expanded CI set, writing nothing', async () => {
    const before = await f.rows();
    const r = await f.send(f.ed, 'POST', `${MODES}/preview`, {
      configItems: [{ id: f.a2, scope: 'CiAndChildren', depth: 1 }, { id: f.b1 }, { id: 999 }],
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({
      configItems: [{ id: f.a2, scope: 'CiAndChildren', depth: 1 }],
      coveredConfigItemIds: [f.a2, f.a3],
      count: 2,
    });
    const whole = await f.send(f.ed, 'POST', `${MODES}/preview`, {
      configItems: [{ id: f.a1, scope: 'CiAndChildren' }],
    });
    expect(whole.json().coveredConfigItemIds).toEqual([f.a1, f.a2, f.a3, a4]);
    const strict = await f.send(f.ed, 'POST', `${MODES}/preview?batchValidate=true`, { configItems: [{ id: f.b1 }] });
    expect(strict.json()).toEqual({ message: 'Указанные КЕ не найдены или у вас недостаточно прав' });
    expect(await f.rows()).toEqual(before);
  });

  it('history records who created, changed, cancelled and finished, and what changed', async () => {
    f.t.clock.set(D('05T10:00:00'));
    const id = await f.mode({
      title: 'h',
      dateStart: D('05T11:00:00'),
      dateEnd: D('05T12:00:00'),
      configItems: [{ id: f.a1 }],
    });
    f.t.clock.set(D('05T10:05:00'));
    await f.send(f.admin, 'PATCH', `${MODES}/${id}`, { title: 'h2', labels: { k: 'v' } });
    f.t.clock.set(D('05T11:30:00'));
    await f.send(f.ed, 'PATCH', `${MODES}/${id}`, { cancel: true });
    const other = await f.mode({ dateStart: D('06T11:00:00'), dateEnd: D('06T12:00:00'), configItems: [{ id: f.a1 }] });
    await f.send(f.ed, 'PATCH', `${MODES}/${other}`, { cancel: true });

    const h = (await f.send(f.ed, 'GET', `${MODES}/${id}/history`)).json();
    expect(
      h.map((e: { action: string; account: string; at: string; changedFields: string[] }) => [
        e.action,
        e.account,
        e.at,
        e.changedFields,
      ]),
    ).toEqual([
      ['create', 'ed', D('05T10:00:00'), []],
      ['update', 'root', D('05T10:05:00'), ['title', 'labels']],
      ['finish', 'ed', D('05T11:30:00'), ['dateEnd', 'configItems']],
    ]);
    expect(h[2].after).toMatchObject({
      dateEnd: D('05T11:30:00'),
      cancelled: false,
      configItems: [{ id: f.a1, dateEnd: D('05T11:30:00') }],
    });
    const h2 = (await f.send(f.ed, 'GET', `${MODES}/${other}/history`)).json();
    expect(h2[1]).toMatchObject({ action: 'cancel', changedFields: ['cancelledAt'], after: { cancelled: true } });
  });
});
