/**
 * Visibility (service-modes.md, Rights and Campus decisions): a CI is readable through its owner workgroup,
 * a share, or any Hierarchy ancestor; a mode is visible when one of its CIs is; invisible entries are
 * omitted everywhere and no CI id leaks. Editing needs Edit on every entry's CI.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialect } from '../../../../test/harness.js';
import { createFixture, type Fixture, type Who } from '../../testing/fixture.js';
import { MODES } from '../../testing/sm-test-app.js';

let f: Fixture;
let c1 = 0;
let c2 = 0;
let c3 = 0;
let wgC = 0;
let carol: Who;
let sharedOnly: Who;
const D = (s: string) => `2021-07-${s}+03:00`;

beforeAll(async () => {
  f = await createFixture();
  const { t } = f;
  // Workgroup C owns c1 → c2 → c3; carol (Edit in C) reads and edits them by ownership and inheritance.
  wgC = await t.workgroup('C');
  carol = await t.account('carol');
  await t.member(wgC, carol.id, 'Edit');
  c1 = await t.ci('c1', wgC);
  c2 = await t.ci('c2', f.wgB, c1); // owned by B, but under c1: carol inherits access to it
  c3 = await t.ci('c3', f.wgB, c2);
  // sharedOnly: in workgroup S, to which only c3 is shared (Edit).
  const wgS = await t.workgroup('S');
  sharedOnly = await t.account('shared');
  await t.member(wgS, sharedOnly.id, 'Edit');
  await t.db.kysely.insertInto('sm_ci_shares').values({ ci_id: c3, workgroup_id: wgS, access: 'Edit' }).execute();
});
afterAll(async () => f?.t.close());

const entryIds = (m: { configItems: { id: number }[] }) => m.configItems.map((e) => e.id);

describe(`service-mode visibility on ${testDialect}`, () => {
  it('reads through the owner workgroup, a share and an ancestor', async () => {
    const id = await f.mode(
      { dateStart: D('09T10:00:00'), dateEnd: D('09T12:00:00'), configItems: [{ id: c3 }, { id: f.a1 }, { id: f.b1 }] },
      f.admin,
    );
    // carol: c3 via c1 (inherited); ed: a1 (owner) and b1 (share); shared: c3 (share); other: c3 and b1 (owner B).
    expect(entryIds((await f.send(carol, 'GET', `${MODES}/${id}`)).json())).toEqual([c3]);
    expect(entryIds((await f.send(f.ed, 'GET', `${MODES}/${id}`)).json())).toEqual([f.a1, f.b1]);
    expect(entryIds((await f.send(sharedOnly, 'GET', `${MODES}/${id}`)).json())).toEqual([c3]);
    expect(entryIds((await f.send(f.other, 'GET', `${MODES}/${id}`)).json())).toEqual([c3, f.b1]);
    expect(entryIds((await f.send(f.admin, 'GET', `${MODES}/${id}`)).json())).toEqual([c3, f.a1, f.b1]);
    const listed = (await f.send(carol, 'GET', MODES)).json();
    expect(listed.map((m: { id: number }) => m.id)).toEqual([id]);
    expect(entryIds(listed[0])).toEqual([c3]);
  });

  it('hides modes on invisible CIs from lists, filters and configItemIds', async () => {
    const hidden = await f.mode(
      { dateStart: D('09T10:00:00'), dateEnd: D('09T12:00:00'), configItems: [{ id: c2 }] },
      carol,
    );
    const ids = (r: { json(): { id: number }[] }) => r.json().map((m) => m.id);
    expect(ids(await f.send(f.ed, 'GET', `${MODES}?perPage=-1`))).not.toContain(hidden);
    expect((await f.send(f.ed, 'POST', `${MODES}/filter`, { configItemIds: [c2] })).json()).toEqual([]);
    expect((await f.send(f.ed, 'POST', `${MODES}/filter`, { ids: [hidden] })).headers['x-total']).toBe('0');
    expect((await f.send(f.ed, 'GET', `${MODES}/${hidden}`)).statusCode).toBe(403);
    expect(ids(await f.send(carol, 'POST', `${MODES}/filter`, { configItemIds: [c2] }))).toEqual([hidden]);
  });

  it('inherits access when a CI moves under a visible parent, at once', async () => {
    const loose = await f.t.ci('loose', f.wgB);
    const id = await f.mode(
      { dateStart: D('09T10:00:00'), dateEnd: D('09T12:00:00'), configItems: [{ id: loose }] },
      f.other,
    );
    expect((await f.send(carol, 'GET', `${MODES}/${id}`)).statusCode).toBe(403);
    const link = await f.send(f.admin, 'POST', '/api/public/sm/v2/rsm/links', {
      sourceId: c1,
      targetId: loose,
      type: 'Hierarchy',
    });
    expect(link.statusCode).toBe(201);
    expect(entryIds((await f.send(carol, 'GET', `${MODES}/${id}`)).json())).toEqual([loose]);
  });

  it('editing needs Edit on every entry; Read members and partial editors are refused', async () => {
    const id = await f.mode(
      { dateStart: D('09T10:00:00'), dateEnd: D('09T12:00:00'), configItems: [{ id: c3 }, { id: f.a1 }] },
      f.admin,
    );
    const forbidden = { message: 'Недостаточно прав для редактирования сервисного режима' };
    expect((await f.send(carol, 'PATCH', `${MODES}/${id}`, { title: 'x' })).json()).toEqual(forbidden);
    expect((await f.send(f.ed, 'PATCH', `${MODES}/${id}`, { title: 'x' })).json()).toEqual(forbidden);
    expect((await f.send(f.admin, 'PATCH', `${MODES}/${id}`, { title: 'x' })).statusCode).toBe(200);
    // carol may edit a mode on c3 only (Edit inherited from c1); "shared" too (Edit share).
    const own = await f.mode(
      { dateStart: D('09T10:00:00'), dateEnd: D('09T12:00:00'), configItems: [{ id: c3 }] },
      sharedOnly,
    );
    expect((await f.send(carol, 'PATCH', `${MODES}/${own}`, { title: 'carol' })).statusCode).toBe(200);
  });

  it('a Read share does not allow setting modes', async () => {
    const r = await f.send(f.ed, 'POST', `${MODES}?batchValidate=true`, {
      dateStart: D('09T10:00:00'),
      dateEnd: D('09T12:00:00'),
      configItems: [{ id: f.b1 }],
    });
    expect(r.json()).toEqual({ message: 'Указанные КЕ не найдены или у вас недостаточно прав' });
  });

  it('a CI deleted from the CMDB drops its entries; history keeps them', async () => {
    const gone = await f.t.ci('gone', f.wgA, f.a1);
    const id = await f.mode({
      dateStart: D('09T10:00:00'),
      dateEnd: D('09T12:00:00'),
      configItems: [{ id: f.a2 }, { id: gone }],
    });
    const del = await f.send(f.ed, 'DELETE', `/api/public/sm/v2/rsm/config-items/${gone}`, undefined, null);
    expect(del.statusCode).toBe(204);
    expect(entryIds((await f.send(f.ed, 'GET', `${MODES}/${id}`)).json())).toEqual([f.a2]);
    const h = (await f.send(f.admin, 'GET', `${MODES}/${id}/history`)).json();
    expect(entryIds(h[0].after)).toEqual([f.a2, gone]);
  });

  it('keeps the mode → workgroup table equal to a recomputation after moves, shares, owner changes and deletions', async () => {
    const RSM = '/api/public/sm/v2/rsm';
    const m = await f.mode(
      { dateStart: D('09T10:00:00'), dateEnd: D('09T12:00:00'), configItems: [{ id: f.a3 }, { id: c2 }] },
      f.admin,
    );
    expect(
      (await f.send(f.admin, 'DELETE', `${RSM}/links/Hierarchy/${f.a2}/${f.a3}`, undefined, null)).statusCode,
    ).toBe(204);
    expect(
      (await f.send(f.admin, 'POST', `${RSM}/links`, { sourceId: c3, targetId: f.a3, type: 'Hierarchy' })).statusCode,
    ).toBe(201);
    expect(
      (await f.send(f.admin, 'POST', `${RSM}/config-items/${c1}/access`, { workGroupId: f.wgA, access: 'Read' }))
        .statusCode,
    ).toBe(201);
    expect(
      (await f.send(f.admin, 'PUT', `${RSM}/config-items/${c2}`, { name: 'c2', ownerWorkGroup: { id: wgC } }))
        .statusCode,
    ).toBe(200);
    expect(
      (await f.send(f.admin, 'DELETE', `${RSM}/config-items/${c1}/access/${f.wgA}`, undefined, null)).statusCode,
    ).toBe(204);
    expect(entryIds((await f.send(f.ed, 'GET', `${MODES}/${m}`)).json())).toEqual([f.a3]);
    expect(entryIds((await f.send(carol, 'GET', `${MODES}/${m}`)).json())).toEqual([f.a3, c2]);
    const stored = await f.t.db.kysely.selectFrom('sm_mode_workgroups').select(['mode_id', 'workgroup_id']).execute();
    const fresh = await sql<{ mode_id: number; workgroup_id: number }>`
      select distinct e.mode_id, c.owner_workgroup_id as workgroup_id from sm_mode_entries e
        join sm_ci_closure cl on cl.descendant_id = e.ci_id join sm_config_items c on c.id = cl.ancestor_id
      union
      select distinct e.mode_id, s.workgroup_id from sm_mode_entries e
        join sm_ci_closure cl on cl.descendant_id = e.ci_id join sm_ci_shares s on s.ci_id = cl.ancestor_id`.execute(
      f.t.db.kysely,
    );
    const key = (r: { mode_id: unknown; workgroup_id: unknown }) => `${r.mode_id}/${r.workgroup_id}`;
    expect(stored.map(key).sort()).toEqual(fresh.rows.map(key).sort());
  });
});
