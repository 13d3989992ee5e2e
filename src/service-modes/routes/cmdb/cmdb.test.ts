/**
 * The CMDB under /api/public/sm/v2/rsm: CRUD with Monq's field names, rights, shares, the Hierarchy kept
 * acyclic with one parent on every write (closure table exact after moves), Influence links, and the
 * `campus cmdb import` function for JSON and CSV.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialect } from '../../../../test/harness.js';
import { ImportError, importCmdb, parseImport } from '../../cmdb-import.js';
import { createFixture, type Fixture } from '../../testing/fixture.js';
import { expandScope } from '../rsm-maintenance/rsm-maintenance.queries.js';

let f: Fixture;
const RSM = '/api/public/sm/v2/rsm';
beforeAll(async () => {
  f = await createFixture();
});
afterAll(async () => f?.t.close());

/** Closure rows recomputed from the parent links, for comparison with the maintained table. */
async function closureFromParents(): Promise<string[]> {
  const rows = await f.t.db.kysely.selectFrom('sm_config_items').select(['id', 'parent_id']).execute();
  const parent = new Map(rows.map((r) => [Number(r.id), r.parent_id === null ? null : Number(r.parent_id)]));
  const out: string[] = [];
  for (const id of parent.keys()) {
    let d = 0;
    for (let a: number | null = id; a !== null; a = parent.get(a) ?? null, d++) out.push(`${a}>${id}@${d}`);
  }
  return out.sort();
}
async function closureTable(): Promise<string[]> {
  const rows = await f.t.db.kysely.selectFrom('sm_ci_closure').selectAll().execute();
  return rows.map((r) => `${r.ancestor_id}>${r.descendant_id}@${r.distance}`).sort();
}

describe(`CMDB on ${testDialect}`, () => {
  it('creates, reads, updates and deletes CIs with Monq field names', async () => {
    const types = await f.send(f.admin, 'POST', `${RSM}/config-item-types`, { name: 'Server' });
    expect(types.statusCode).toBe(201);
    const typeId = types.json().id;
    const created = await f.send(f.ed, 'POST', `${RSM}/config-items`, {
      name: 'db-1',
      description: 'primary',
      parent: { id: f.a1 },
      configItemType: { id: typeId },
      ownerWorkGroup: { id: f.wgA },
      labels: { env: 'prod' },
      sharedToWorkGroups: [{ workGroupId: f.wgB, access: 'Read' }],
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect(created.json()).toEqual({
      id,
      name: 'db-1',
      description: 'primary',
      configItemType: { id: typeId, name: 'Server' },
      ownerWorkGroup: { id: f.wgA, name: 'A' },
      parent: { id: f.a1, name: 'a1' },
      labels: { env: 'prod' },
      sharedToWorkGroups: [{ workGroupId: f.wgB, name: 'B', access: 'Read' }],
    });
    expect((await f.send(f.other, 'GET', `${RSM}/config-items/${id}`)).json().name).toBe('db-1');
    const dup = await f.send(f.ed, 'POST', `${RSM}/config-items?makeNameUnique=true`, {
      name: 'db-1',
      ownerWorkGroup: { id: f.wgA },
    });
    expect(dup.json().name).toBe('db-1 (2)');
    const put = await f.send(f.ed, 'PUT', `${RSM}/config-items/${id}`, {
      name: 'db-1a',
      description: null,
      configItemType: { id: 0 },
      ownerWorkGroup: { id: f.wgA },
      labels: {},
    });
    expect(put.json()).toMatchObject({ name: 'db-1a', description: null, configItemType: null, parent: { id: f.a1 } });
    expect((await f.send(f.ed, 'DELETE', `${RSM}/config-items/${dup.json().id}`, undefined, null)).statusCode).toBe(
      204,
    );
    expect((await f.send(f.ed, 'GET', `${RSM}/config-items/${dup.json().id}`)).statusCode).toBe(404);
  });

  it('lists and filters only visible CIs; labels filter: value, any of, any value', async () => {
    const names = (r: { json(): { name: string }[] }) => r.json().map((c) => c.name);
    expect(names(await f.send(f.other, 'GET', `${RSM}/config-items`))).toEqual(expect.arrayContaining(['b1']));
    expect(names(await f.send(f.other, 'GET', `${RSM}/config-items`))).not.toContain('a1');
    const filter = (body: unknown) => f.send(f.ed, 'POST', `${RSM}/config-items/filter`, body);
    expect(names(await filter({ labels: { env: 'prod' } }))).toEqual(['a1']);
    expect(names(await filter({ labels: { env: ['dev', 'prod'] } }))).toEqual(['a1']);
    expect(names(await filter({ labels: { env: null } }))).toEqual(['a1']);
    expect(names(await filter({ names: ['a2', 'b1', 'zzz'] }))).toEqual(['a2', 'b1']);
    expect(names(await filter({ ids: [f.a3], names: null }))).toEqual(['a3']);
  });

  it('refuses a second parent and cycles; moves keep the closure table exact', async () => {
    const x = await f.t.ci('x', f.wgA);
    const y = await f.t.ci('y', f.wgA, x);
    const link = (sourceId: number, targetId: number, type = 'Hierarchy') =>
      f.send(f.ed, 'POST', `${RSM}/links`, { sourceId, targetId, type });
    expect((await link(f.a3, x)).statusCode).toBe(201);
    expect((await link(f.a2, x)).json().message).toBe('У КЕ уже есть родительская КЕ');
    expect((await link(y, f.a1)).json().message).toBe('Связь создаёт цикл в иерархии КЕ');
    expect((await link(x, x)).json().message).toBe('Связь создаёт цикл в иерархии КЕ');
    expect(await closureTable()).toEqual(await closureFromParents());
    expect(await expandScope(f.t.db, [{ id: f.a1, scope: 'CiAndChildren', depth: 0 }])).toEqual(
      expect.arrayContaining([f.a1, f.a2, f.a3, x, y]),
    );
    expect(await expandScope(f.t.db, [{ id: f.a2, scope: 'CiAndChildren', depth: 2 }])).toEqual([f.a2, f.a3, x]);
    const del = await f.send(f.ed, 'DELETE', `${RSM}/links/Hierarchy/${f.a3}/${x}`, undefined, null);
    expect(del.statusCode).toBe(204);
    expect(await closureTable()).toEqual(await closureFromParents());
    // Influence links: no cycles either.
    expect((await link(x, y, 'Influence')).statusCode).toBe(201);
    expect((await link(y, x, 'Influence')).json().message).toBe('Связь создаёт цикл в иерархии КЕ');
  });

  it('shares are managed by Edit members of the owner workgroup', async () => {
    const share = await f.send(f.ed, 'POST', `${RSM}/config-items/${f.a3}/access`, {
      workGroupId: f.wgB,
      access: 'Edit',
    });
    expect(share.statusCode).toBe(201);
    expect((await f.send(f.other, 'GET', `${RSM}/config-items/${f.a3}`)).statusCode).toBe(200);
    expect(
      (await f.send(f.other, 'POST', `${RSM}/config-items/${f.a3}/access`, { workGroupId: f.wgB, access: 'Read' }))
        .statusCode,
    ).toBe(403);
    expect(
      (await f.send(f.ed, 'PUT', `${RSM}/config-items/${f.a3}/access/${f.wgB}`, { access: 'Read' })).json()
        .sharedToWorkGroups,
    ).toEqual([{ workGroupId: f.wgB, name: 'B', access: 'Read' }]);
    expect(
      (await f.send(f.ed, 'DELETE', `${RSM}/config-items/${f.a3}/access/${f.wgB}`, undefined, null)).statusCode,
    ).toBe(204);
    expect((await f.send(f.other, 'GET', `${RSM}/config-items/${f.a3}`)).statusCode).toBe(404);
  });

  it('workgroups and memberships are administered by CMDB admins', async () => {
    const wg = await f.send(f.admin, 'POST', `${RSM}/work-groups`, { name: 'Ops' });
    expect(wg.statusCode).toBe(201);
    const id = wg.json().id;
    expect(
      (await f.send(f.admin, 'PUT', `${RSM}/work-groups/${id}/members/${f.nobody.id}`, { role: 'read' })).json(),
    ).toEqual({
      workGroupId: id,
      accountId: f.nobody.id,
      role: 'Read',
    });
    expect((await f.send(f.nobody, 'GET', `${RSM}/work-groups`)).json()).toEqual([{ id, name: 'Ops' }]);
    expect((await f.send(f.nobody, 'GET', '/api/public/sm/v1/rsm-maintenance')).statusCode).toBe(200);
    expect((await f.send(f.admin, 'PUT', `${RSM}/work-groups/${id}`, { name: 'Ops2' })).json()).toEqual({
      id,
      name: 'Ops2',
    });
    expect(
      (await f.send(f.admin, 'DELETE', `${RSM}/work-groups/${id}/members/${f.nobody.id}`, undefined, null)).statusCode,
    ).toBe(204);
    expect((await f.send(f.admin, 'DELETE', `${RSM}/work-groups/${id}`, undefined, null)).statusCode).toBe(204);
    expect((await f.send(f.admin, 'DELETE', `${RSM}/work-groups/${f.wgA}`, undefined, null)).statusCode).toBe(400);
  });
});

describe(`campus cmdb import on ${testDialect}`, () => {
  it('imports JSON: children before parents, workgroups and types created, links, re-import updates', async () => {
    const doc = {
      configItems: [
        { name: 'imp-app', ownerWorkGroup: 'Imported', parent: 'imp-srv', type: 'App', labels: { tier: 'web' } },
        { name: 'imp-srv', ownerWorkGroup: 'Imported', parent: 'imp-dc', type: 'Server' },
        { name: 'imp-dc', ownerWorkGroup: 'Imported', sharedToWorkGroups: [{ workGroup: 'A', access: 'Read' }] },
      ],
      links: [{ source: 'imp-app', target: 'imp-dc', type: 'Influence' }],
    };
    const progress: number[] = [];
    const r = await importCmdb(f.t.db, parseImport(JSON.stringify(doc), 'json'), { progress: (d) => progress.push(d) });
    expect(r).toEqual({ created: 3, updated: 0, links: 1 });
    expect(progress).toEqual([1, 2, 3, 4]);
    const names = (
      await f.send(f.ed, 'POST', `${RSM}/config-items/filter`, { names: ['imp-app', 'imp-srv', 'imp-dc'] })
    ).json();
    expect(
      names.map((c: { name: string; parent: { name: string } | null }) => [c.name, c.parent?.name ?? null]),
    ).toEqual([
      ['imp-dc', null],
      ['imp-srv', 'imp-dc'],
      ['imp-app', 'imp-srv'],
    ]);
    expect(await closureTable()).toEqual(await closureFromParents());
    const again = await importCmdb(
      f.t.db,
      parseImport(
        JSON.stringify({ configItems: [{ name: 'imp-app', ownerWorkGroup: 'Imported', parent: 'imp-dc' }] }),
        'json',
      ),
    );
    expect(again).toEqual({ created: 0, updated: 1, links: 0 });
    expect(await closureTable()).toEqual(await closureFromParents());
  });

  it('imports CSV with labels and influences', async () => {
    const csv = [
      'name,description,type,ownerWorkGroup,parent,labels,influences',
      'csv-root,Root,Site,CsvGroup,,site=msk;tier=0,',
      'csv-leaf,"Leaf, with comma",Server,CsvGroup,csv-root,env=prod,csv-root',
    ].join('\n');
    expect(await importCmdb(f.t.db, parseImport(csv, 'csv'))).toEqual({ created: 2, updated: 0, links: 1 });
    const leaf = (await f.send(f.admin, 'POST', `${RSM}/config-items/filter`, { names: ['csv-leaf'] })).json()[0];
    expect(leaf).toMatchObject({
      description: 'Leaf, with comma',
      labels: { env: 'prod' },
      parent: { name: 'csv-root' },
      configItemType: { name: 'Server' },
    });
  });

  it('fails the whole import on a cycle, an unknown parent or bad input, writing nothing', async () => {
    const before = await f.rows();
    const bad = [
      {
        configItems: [
          { name: 'c1', ownerWorkGroup: 'G', parent: 'c2' },
          { name: 'c2', ownerWorkGroup: 'G', parent: 'c1' },
        ],
      },
      { configItems: [{ name: 'n1', ownerWorkGroup: 'G', parent: 'nowhere' }] },
      {
        configItems: [{ name: 'n2', ownerWorkGroup: 'G' }],
        links: [{ source: 'n2', target: 'missing', type: 'Influence' }],
      },
      {
        configItems: [
          { name: 'n3', ownerWorkGroup: 'G' },
          { name: 'n3', ownerWorkGroup: 'G' },
        ],
      },
      { configItems: [{ name: 'imp-dc', ownerWorkGroup: 'Imported', parent: 'imp-app' }] },
    ];
    for (const doc of bad) {
      await expect(importCmdb(f.t.db, parseImport(JSON.stringify(doc), 'json'))).rejects.toThrow(ImportError);
    }
    expect(() => parseImport('{', 'json')).toThrow(ImportError);
    expect(() => parseImport('name,ownerWorkGroup\n"x', 'csv')).toThrow(ImportError);
    expect(() => parseImport(JSON.stringify({ configItems: [{ name: 'x' }] }), 'json')).toThrow(/ownerWorkGroup/);
    expect(await f.rows()).toEqual(before);
  });
});
