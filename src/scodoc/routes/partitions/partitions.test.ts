import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testDialect } from '../../../../test/harness.js';
import { buildWorld, scoError, typesOf, type World } from '../../testing/world.js';

let t: TestApp;
let w: World;
let cur: number;
beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t);
  cur = w.demo.formsemestres[2].id;
});
afterAll(async () => t?.close());

const PARTITION = {
  id: 'number',
  formsemestre_id: 'number',
  partition_name: 'string',
  numero: 'number',
  bul_show_rank: 'boolean',
  show_in_lists: 'boolean',
  groups_editable: 'boolean',
  is_parcours: 'boolean',
  groups: 'object',
};
const GROUP = { id: 'number', partition_id: 'number', group_name: 'string', numero: 'number', edt_id: 'null' };

describe(`ScoDoc partitions and groups on ${testDialect}`, () => {
  it('formsemestre/<id>/partitions: dict keyed by id, groups keyed by id, no default partition (compat §5.50)', async () => {
    const r = await w.get(`/ScoDoc/api/formsemestre/${cur}/partitions`);
    const parts = r.json();
    expect(Array.isArray(parts)).toBe(false);
    const list = Object.values(parts) as any[];
    expect(list.map((p) => p.partition_name)).toEqual(['TD', 'TP']);
    for (const [k, p] of Object.entries(parts) as [string, any][]) {
      expect(k).toBe(String(p.id));
      expect(typesOf(p)).toEqual(PARTITION);
      for (const [gk, g] of Object.entries(p.groups) as [string, any][]) {
        expect(gk).toBe(String(g.id));
        expect(typesOf(g)).toEqual(GROUP);
      }
    }
    expect(Object.values(list[0].groups).map((g: any) => g.group_name)).toEqual(['TD1', 'TD2']);
    expect((await w.get('/ScoDoc/api/formsemestre/999999/partitions')).statusCode).toBe(404);
    // The default partition exists and is readable by id, name null.
    const def = await t.db.kysely
      .selectFrom('sco_partition')
      .select('id')
      .where('formsemestre_id', '=', cur)
      .where('partition_name', 'is', null)
      .executeTakeFirstOrThrow();
    expect((await w.get(`/ScoDoc/api/partition/${def.id}`)).json().partition_name).toBeNull();
  });

  it('create partition and groups, rename, order, set/remove students, delete', async () => {
    expect(
      (await w.post(`/ScoDoc/api/formsemestre/${cur}/partition/create`, { partition_name: 'Langues' }, 'ens_info'))
        .statusCode,
    ).toBe(403);
    const p = (
      await w.post(`/ScoDoc/api/formsemestre/${cur}/partition/create`, { partition_name: 'Langues' }, 'chef_info')
    ).json();
    expect(typesOf(p)).toEqual(PARTITION);
    expect(p.groups).toEqual({});
    expect(
      (
        await w.post(`/ScoDoc/api/formsemestre/${cur}/partition/create`, { partition_name: 'Langues' }, 'chef_info')
      ).json(),
    ).toEqual(scoError(400, 'partition_create: partition_name already used'));
    const g1 = (await w.post(`/ScoDoc/api/partition/${p.id}/create`, { group_name: 'Anglais' }, 'chef_info')).json();
    const g2 = (
      await w.post(`/ScoDoc/api/partition/${p.id}/group/create`, { group_name: 'Espagnol' }, 'chef_info')
    ).json();
    expect(typesOf(g1)).toEqual(GROUP);
    const order = await w.post(`/ScoDoc/api/partition/${p.id}/groups/order`, [g2.id, g1.id], 'chef_info');
    // Keys stay in ascending id order (D13); the order is in `numero`.
    const ordered = (Object.values(order.json().groups) as any[]).sort((a, b) => a.numero - b.numero);
    expect(ordered.map((g) => g.group_name)).toEqual(['Espagnol', 'Anglais']);
    const ren = await w.post(`/ScoDoc/api/group/${g2.id}/edit`, { group_name: 'Allemand' }, 'chef_info');
    expect(ren.json()).toMatchObject({ id: g2.id, group_name: 'Allemand' });

    const etudid = await w.etudOf(cur, 0);
    expect((await w.post(`/ScoDoc/api/group/${g1.id}/set_etudiant/${etudid}`, undefined, 'chef_info')).json()).toEqual({
      group_id: g1.id,
      etudid,
    });
    // Setting another group of the same partition moves the student (one group per partition).
    await w.post(`/ScoDoc/api/group/${g2.id}/set_etudiant/${etudid}`, undefined, 'chef_info');
    expect((await w.get(`/ScoDoc/api/group/${g1.id}/etudiants`)).json()).toEqual([]);
    const inG2 = (await w.get(`/ScoDoc/api/group/${g2.id}/etudiants`)).json();
    expect(inG2.map((e: any) => e.id)).toEqual([etudid]);
    for (const k of ['id', 'nom', 'prenom', 'code_nip', 'email']) expect(inG2[0]).toHaveProperty(k);
    expect((await w.get(`/ScoDoc/api/group/${g2.id}/etudiants/query?etat=D`)).json()).toEqual([]);
    // The database itself refuses a second group of the same partition.
    await expect(
      t.db.kysely.insertInto('sco_group_member').values({ partition_id: p.id, group_id: g1.id, etudid }).execute(),
    ).rejects.toThrow();
    // ...and a membership whose partition disagrees with its group's.
    const other = Object.values((await w.get(`/ScoDoc/api/formsemestre/${cur}/partitions`)).json())[0] as any;
    await expect(
      t.db.kysely
        .insertInto('sco_group_member')
        .values({ partition_id: other.id, group_id: g1.id, etudid: await w.etudOf(cur, 1) })
        .execute(),
    ).rejects.toThrow();
    const groups = (await w.get(`/ScoDoc/api/etudiant/etudid/${etudid}/formsemestre/${cur}/groups`)).json();
    expect(groups.map((g: any) => g.partition_name)).toEqual(['TD', 'TP', 'Langues']);
    expect(groups[2].group_name).toBe('Allemand');

    expect(
      (await w.post(`/ScoDoc/api/group/${g2.id}/remove_etudiant/${etudid}`, undefined, 'chef_info')).json(),
    ).toEqual({ group_id: g2.id, etudid });
    expect((await w.get(`/ScoDoc/api/group/${g2.id}/etudiants`)).json()).toEqual([]);
    await w.post(`/ScoDoc/api/group/${g1.id}/set_etudiant/${etudid}`, undefined, 'chef_info');
    expect(
      (await w.post(`/ScoDoc/api/partition/${p.id}/remove_etudiant/${etudid}`, undefined, 'chef_info')).json(),
    ).toEqual({ partition_id: p.id, etudid });
    expect((await w.get(`/ScoDoc/api/group/${g1.id}/etudiants`)).json()).toEqual([]);
    // A student not inscribed in the formsemestre cannot join.
    const outsider = await w.etudOf(w.demo.formsemestres[4].id);
    expect((await w.post(`/ScoDoc/api/group/${g1.id}/set_etudiant/${outsider}`, undefined, 'super')).statusCode).toBe(
      404,
    );

    // Locked partition refuses changes until unlocked.
    const locked = await w.post(
      `/ScoDoc/api/partition/${p.id}/edit`,
      { groups_editable: false, partition_name: 'LV' },
      'chef_info',
    );
    expect(locked.json()).toMatchObject({ groups_editable: false, partition_name: 'LV' });
    for (const [url, body] of [
      [`/ScoDoc/api/group/${g1.id}/set_etudiant/${etudid}`, undefined],
      [`/ScoDoc/api/partition/${p.id}/create`, { group_name: 'X' }],
      [`/ScoDoc/api/group/${g1.id}/edit`, { group_name: 'Y' }],
      [`/ScoDoc/api/group/${g1.id}/delete`, undefined],
    ] as const) {
      expect((await w.post(url, body, 'chef_info')).json()).toEqual(scoError(403, 'partition non editable'));
    }
    await w.post(`/ScoDoc/api/partition/${p.id}/edit`, { groups_editable: true }, 'chef_info');
    expect((await w.post(`/ScoDoc/api/group/${g1.id}/delete`, undefined, 'chef_info')).json()).toEqual({ OK: true });
    expect((await w.get(`/ScoDoc/api/group/${g1.id}/etudiants`)).json()).toEqual(scoError(404, 'groupe inconnu'));

    const parts = Object.keys((await w.get(`/ScoDoc/api/formsemestre/${cur}/partitions`)).json()).map(Number);
    const reordered = await w.post(
      `/ScoDoc/api/formsemestre/${cur}/partitions/order`,
      [...parts].reverse(),
      'chef_info',
    );
    expect(reordered.json().map((x: any) => x.id)).toEqual([...parts].reverse());
    expect((await w.post(`/ScoDoc/api/formsemestre/${cur}/partitions/order`, { a: 1 }, 'chef_info')).json()).toEqual(
      scoError(400, 'partitions_order: body must be a list of ids'),
    );
    expect((await w.post(`/ScoDoc/api/partition/${p.id}/delete`, undefined, 'chef_info')).json()).toEqual({ OK: true });
    expect((await w.get(`/ScoDoc/api/partition/${p.id}`)).json()).toEqual(scoError(404, 'partition inconnue'));
  });

  it('a locked formsemestre refuses group changes; another department on the dept prefix is 404', async () => {
    const past = w.demo.formsemestres[0].id;
    const part = Object.values((await w.get(`/ScoDoc/api/formsemestre/${past}/partitions`)).json())[0] as any;
    const g = Object.values(part.groups)[0] as any;
    expect((await w.post(`/ScoDoc/api/group/${g.id}/edit`, { group_name: 'Z' }, 'chef_info')).json()).toEqual(
      scoError(403, 'formsemestre verrouillé'),
    );
    expect((await w.get(`/ScoDoc/CJ/api/partition/${part.id}`)).json()).toEqual(scoError(404, 'partition inconnue'));
    expect((await w.get(`/ScoDoc/CJ/api/group/${g.id}/etudiants`)).json()).toEqual(scoError(404, 'groupe inconnu'));
  });
});
