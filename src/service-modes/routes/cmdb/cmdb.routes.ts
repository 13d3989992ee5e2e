/**
 * CMDB under `/api/public/sm/v2/rsm/…` (service-modes.md, CMDB routes). Rights: reading needs Read on the
 * CI (owner, share, or an ancestor's); editing, Edit on it; links, Edit on both ends; access rules, an Edit
 * member of the owner workgroup; types and workgroups, a CMDB administrator.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badQuery, SmError } from '../../errors.js';
import { type Caller, ROUTE_PERMISSIONS, type RoutePermission } from '../../permissions.js';
import { callerOf, type SmContext } from '../../plugin.js';
import { writeTransaction } from '../../write-transaction.js';
import { foldQuery } from '../rsm-maintenance/paging.js';
import { presentCi } from './cmdb.present.js';
import * as Q from './cmdb.queries.js';
import * as S from './cmdb.schema.js';
import * as I from './cmdb-input.js';

const TAG = ['CMDB'];

function permission(key: string): RoutePermission | 'password-or-token' {
  const p = ROUTE_PERMISSIONS[key];
  if (!p) throw new Error(`no permission declared for ${key}`);
  return p;
}

function params(req: FastifyRequest): Record<string, string> {
  return req.params as Record<string, string>;
}

export async function cmdbRoutes(app: FastifyInstance, ctx: SmContext) {
  const db = app.db;
  const cfg = (key: string) => ({ smPermission: permission(key) });

  /** The CI if the caller has at least `need` on it; invisible CIs are not found (no id leaks). */
  const ciWith = async (caller: Caller, id: number, need: Q.Access) => {
    const right = await Q.rightOn(db.kysely, caller, id);
    const row = right ? await Q.findCi(db.kysely, id) : undefined;
    if (!row) throw new SmError('SM_ERR_CMDB_NOT_FOUND', { what: 'КЕ', id });
    if (need === 'Edit' && right !== 'Edit') throw new SmError('SM_ERR_CMDB_FORBIDDEN');
    return row;
  };
  const present = async (id: number) => {
    const row = (await Q.findCi(db.kysely, id))!;
    return presentCi(row, await Q.sharesOf(db.kysely, [id]));
  };
  /** Creating or moving a CI into a workgroup needs an Edit membership there. */
  const requireEditMember = async (caller: Caller, workgroupId: number) => {
    if (caller.admin) return;
    if ((await Q.memberRole(db.kysely, caller.accountId, workgroupId)) !== 'Edit') {
      throw new SmError('SM_ERR_CMDB_FORBIDDEN');
    }
  };
  const makeUnique = (req: FastifyRequest) => {
    const raw = (foldQuery(req.query).get('makenameunique') ?? 'false').toLowerCase();
    if (raw !== 'true' && raw !== 'false') throw badQuery('makeNameUnique', `The value '${raw}' is not valid.`);
    return raw === 'true';
  };

  app.get(
    '/config-item-types',
    {
      config: cfg('GET /v2/rsm/config-item-types'),
      schema: { tags: TAG, response: { 200: { type: 'array', items: S.Named } } },
    },
    async () => Q.listNamed(db.kysely, 'sm_ci_types'),
  );
  app.post(
    '/config-item-types',
    {
      config: cfg('POST /v2/rsm/config-item-types'),
      schema: { tags: TAG, body: S.NameBody, response: { 201: S.Named } },
    },
    async (req, reply) => {
      const f = I.readObject(req);
      I.onlyFields(f, ['name']);
      const name = I.text(f, 'name', { required: true, max: 200 })!;
      reply.code(201);
      return writeTransaction(db, (trx) => Q.insertNamed(trx, 'sm_ci_types', name));
    },
  );

  app.get(
    '/work-groups',
    {
      config: cfg('GET /v2/rsm/work-groups'),
      schema: { tags: TAG, response: { 200: { type: 'array', items: S.Named } } },
    },
    async (req) => {
      const caller = callerOf(req);
      return caller.admin ? Q.listNamed(db.kysely, 'sm_workgroups') : Q.workgroupsOf(db.kysely, caller.accountId);
    },
  );
  app.post(
    '/work-groups',
    { config: cfg('POST /v2/rsm/work-groups'), schema: { tags: TAG, body: S.NameBody, response: { 201: S.Named } } },
    async (req, reply) => {
      const f = I.readObject(req);
      I.onlyFields(f, ['name']);
      const name = I.text(f, 'name', { required: true, max: 200 })!;
      reply.code(201);
      return writeTransaction(db, (trx) => Q.insertNamed(trx, 'sm_workgroups', name));
    },
  );
  app.put(
    '/work-groups/:id',
    { config: cfg('PUT /v2/rsm/work-groups/:id'), schema: { tags: TAG, body: S.NameBody, response: { 200: S.Named } } },
    async (req) => {
      const id = I.pathId(params(req).id, 'Рабочая группа');
      const f = I.readObject(req);
      I.onlyFields(f, ['name', 'id']);
      const name = I.text(f, 'name', { required: true, max: 200 })!;
      return writeTransaction(db, (trx) => Q.renameWorkgroup(trx, id, name));
    },
  );
  app.delete(
    '/work-groups/:id',
    { config: cfg('DELETE /v2/rsm/work-groups/:id'), schema: { tags: TAG } },
    async (req, reply) => {
      const id = I.pathId(params(req).id, 'Рабочая группа');
      await writeTransaction(db, (trx) => Q.deleteWorkgroup(trx, id));
      reply.code(204).send();
    },
  );
  app.put(
    '/work-groups/:id/members/:accountId',
    { config: cfg('PUT /v2/rsm/work-groups/:id/members/:accountId'), schema: { tags: TAG, body: S.RoleBody } },
    async (req) => {
      const id = I.pathId(params(req).id, 'Рабочая группа');
      const accountId = I.pathId(params(req).accountId, 'Учётная запись');
      const f = I.readObject(req);
      I.onlyFields(f, ['role']);
      const role = I.access(f.get('role')?.value, 'role');
      await writeTransaction(db, (trx) => Q.setMembership(trx, id, accountId, role));
      return { workGroupId: id, accountId, role };
    },
  );
  app.delete(
    '/work-groups/:id/members/:accountId',
    { config: cfg('DELETE /v2/rsm/work-groups/:id/members/:accountId'), schema: { tags: TAG } },
    async (req, reply) => {
      const id = I.pathId(params(req).id, 'Рабочая группа');
      const accountId = I.pathId(params(req).accountId, 'Учётная запись');
      await writeTransaction(db, (trx) => Q.removeMembership(trx, id, accountId));
      reply.code(204).send();
    },
  );

  app.get(
    '/config-items',
    {
      config: cfg('GET /v2/rsm/config-items'),
      schema: { tags: TAG, response: { 200: { type: 'array', items: S.Named } } },
    },
    async (req) => (await Q.findCis(db, callerOf(req))).map((c) => ({ id: Number(c.id), name: c.name })),
  );
  app.post(
    '/config-items/filter',
    {
      config: cfg('POST /v2/rsm/config-items/filter'),
      schema: { tags: TAG, body: S.CiFilterBody, response: { 200: { type: 'array', items: S.Ci } } },
    },
    async (req) => {
      const f = I.readObject(req);
      I.onlyFields(f, ['ids', 'names', 'labels']);
      const filter = readCiFilter(f);
      const rows = await Q.findCis(db, callerOf(req), filter);
      const shares = await Q.sharesOf(
        db.kysely,
        rows.map((r) => Number(r.id)),
      );
      return rows.map((r) => presentCi(r, shares));
    },
  );
  app.post(
    '/config-items',
    {
      config: cfg('POST /v2/rsm/config-items'),
      schema: { tags: TAG, querystring: S.MakeNameUnique, body: S.CiCreate, response: { 201: S.Ci } },
    },
    async (req, reply) => {
      const caller = callerOf(req);
      const unique = makeUnique(req);
      const f = I.readObject(req);
      I.onlyFields(f, [
        'name',
        'description',
        'parent',
        'configitemtype',
        'ownerworkgroup',
        'labels',
        'sharedtoworkgroups',
        'id',
      ]);
      const input: Q.CiInput = {
        name: I.text(f, 'name', { required: true })!,
        description: I.text(f, 'description', { max: 10_000 }),
        parentId: I.ref(f, 'parent'),
        typeId: I.ref(f, 'configItemType'),
        ownerWorkgroupId: I.ref(f, 'ownerWorkGroup', true)!,
        labels: I.labels(f),
      };
      const shares = readShares(f);
      await requireEditMember(caller, input.ownerWorkgroupId);
      if (input.parentId !== null) await ciWith(caller, input.parentId, 'Edit');
      const id = await writeTransaction(db, async (trx) => {
        const ciId = await Q.insertCi(trx, input, ctx.clock(), unique);
        for (const s of shares) await Q.setShare(trx, ciId, s.workGroupId, s.access);
        return ciId;
      });
      reply.code(201);
      return present(id);
    },
  );
  app.get(
    '/config-items/:id',
    { config: cfg('GET /v2/rsm/config-items/:id'), schema: { tags: TAG, response: { 200: S.Ci } } },
    async (req) => {
      const id = I.pathId(params(req).id, 'КЕ');
      await ciWith(callerOf(req), id, 'Read');
      return present(id);
    },
  );
  app.put(
    '/config-items/:id',
    {
      config: cfg('PUT /v2/rsm/config-items/:id'),
      schema: { tags: TAG, querystring: S.MakeNameUnique, body: S.CiUpdate, response: { 200: S.Ci } },
    },
    async (req) => {
      const caller = callerOf(req);
      const id = I.pathId(params(req).id, 'КЕ');
      const current = await ciWith(caller, id, 'Edit');
      const unique = makeUnique(req);
      const f = I.readObject(req);
      I.onlyFields(f, [
        'name',
        'description',
        'configitemtype',
        'ownerworkgroup',
        'labels',
        'id',
        'parent',
        'sharedtoworkgroups',
      ]);
      const input = {
        name: I.text(f, 'name', { required: true })!,
        description: I.text(f, 'description', { max: 10_000 }),
        typeId: I.ref(f, 'configItemType'),
        ownerWorkgroupId: I.ref(f, 'ownerWorkGroup', true)!,
        labels: I.labels(f),
      };
      if (input.ownerWorkgroupId !== Number(current.owner_workgroup_id)) {
        await requireEditMember(caller, input.ownerWorkgroupId);
      }
      await writeTransaction(db, (trx) => Q.updateCi(trx, id, input, ctx.clock(), unique));
      return present(id);
    },
  );
  app.delete(
    '/config-items/:id',
    { config: cfg('DELETE /v2/rsm/config-items/:id'), schema: { tags: TAG } },
    async (req, reply) => {
      const id = I.pathId(params(req).id, 'КЕ');
      await ciWith(callerOf(req), id, 'Edit');
      await writeTransaction(db, (trx) => Q.deleteCi(trx, id));
      reply.code(204).send();
    },
  );

  /** Access rules are managed by Edit members of the CI's owner workgroup (and admins). */
  const ownerEditor = async (caller: Caller, id: number) => {
    const ci = await ciWith(caller, id, 'Read');
    await requireEditMember(caller, Number(ci.owner_workgroup_id));
  };
  app.post(
    '/config-items/:id/access',
    {
      config: cfg('POST /v2/rsm/config-items/:id/access'),
      schema: { tags: TAG, body: S.AccessBody, response: { 201: S.Ci } },
    },
    async (req, reply) => {
      const id = I.pathId(params(req).id, 'КЕ');
      await ownerEditor(callerOf(req), id);
      const f = I.readObject(req);
      I.onlyFields(f, ['workgroupid', 'access']);
      const wg = I.int(f, 'workGroupId')!;
      const acc = I.access(f.get('access')?.value, 'access');
      await writeTransaction(db, (trx) => Q.setShare(trx, id, wg, acc));
      reply.code(201);
      return present(id);
    },
  );
  app.put(
    '/config-items/:id/access/:workGroupId',
    {
      config: cfg('PUT /v2/rsm/config-items/:id/access/:workGroupId'),
      schema: { tags: TAG, body: S.AccessPut, response: { 200: S.Ci } },
    },
    async (req) => {
      const id = I.pathId(params(req).id, 'КЕ');
      const wg = I.pathId(params(req).workGroupId, 'Рабочая группа');
      await ownerEditor(callerOf(req), id);
      const f = I.readObject(req);
      I.onlyFields(f, ['access', 'workgroupid']);
      const acc = I.access(f.get('access')?.value, 'access');
      await writeTransaction(db, (trx) => Q.setShare(trx, id, wg, acc));
      return present(id);
    },
  );
  app.delete(
    '/config-items/:id/access/:workGroupId',
    { config: cfg('DELETE /v2/rsm/config-items/:id/access/:workGroupId'), schema: { tags: TAG } },
    async (req, reply) => {
      const id = I.pathId(params(req).id, 'КЕ');
      const wg = I.pathId(params(req).workGroupId, 'Рабочая группа');
      await ownerEditor(callerOf(req), id);
      await writeTransaction(db, (trx) => Q.removeShare(trx, id, wg));
      reply.code(204).send();
    },
  );

  app.post(
    '/links',
    { config: cfg('POST /v2/rsm/links'), schema: { tags: TAG, body: S.LinkBody, response: { 201: S.LinkBody } } },
    async (req, reply) => {
      const caller = callerOf(req);
      const f = I.readObject(req);
      I.onlyFields(f, ['sourceid', 'targetid', 'type']);
      const sourceId = I.int(f, 'sourceId')!;
      const targetId = I.int(f, 'targetId')!;
      const type = I.linkType(f.get('type')?.value, 'type');
      await ciWith(caller, sourceId, 'Edit');
      await ciWith(caller, targetId, 'Edit');
      await writeTransaction(db, (trx) => Q.addLink(trx, sourceId, targetId, type));
      reply.code(201);
      return { sourceId, targetId, type };
    },
  );
  app.delete(
    '/links/:type/:sourceId/:targetId',
    { config: cfg('DELETE /v2/rsm/links/:type/:sourceId/:targetId'), schema: { tags: TAG } },
    async (req, reply) => {
      const caller = callerOf(req);
      const type = I.linkType(params(req).type, 'type');
      const sourceId = I.pathId(params(req).sourceId, 'КЕ');
      const targetId = I.pathId(params(req).targetId, 'КЕ');
      await ciWith(caller, sourceId, 'Edit');
      await ciWith(caller, targetId, 'Edit');
      await writeTransaction(db, (trx) => Q.removeLink(trx, sourceId, targetId, type));
      reply.code(204).send();
    },
  );
}

function readCiFilter(f: I.Fields): Q.CiFilter {
  const out: { ids?: number[]; names?: string[]; labels?: Record<string, string | string[] | null> } = {};
  const ids = f.get('ids')?.value;
  if (ids !== undefined && ids !== null) {
    if (!Array.isArray(ids) || !ids.every((x) => Number.isInteger(x))) throw I.badModelOf('ids');
    out.ids = ids as number[];
  }
  const names = f.get('names')?.value;
  if (names !== undefined && names !== null) {
    if (!Array.isArray(names) || !names.every((x) => typeof x === 'string')) throw I.badModelOf('names');
    out.names = names as string[];
  }
  const labels = f.get('labels')?.value;
  if (labels !== undefined && labels !== null) {
    if (typeof labels !== 'object' || Array.isArray(labels)) throw I.badModelOf('labels');
    out.labels = {};
    for (const [k, v] of Object.entries(labels)) {
      const ok = v === null || typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
      if (!ok) throw I.badModelOf(`labels.${k}`);
      out.labels[k] = v as string | string[] | null;
    }
  }
  return out;
}

function readShares(f: I.Fields): { workGroupId: number; access: Q.Access }[] {
  const v = f.get('sharedtoworkgroups')?.value;
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw I.badModelOf('sharedToWorkGroups');
  return v.map((s, i) => {
    if (typeof s !== 'object' || s === null || Array.isArray(s)) throw I.badModelOf(`sharedToWorkGroups[${i}]`);
    const m = new Map(Object.entries(s).map(([k, val]) => [k.toLowerCase(), { key: k, value: val }]));
    const wg = I.int(m, 'workGroupId')!;
    const acc = m.get('access')?.value;
    return {
      workGroupId: wg,
      access: acc === undefined || acc === null ? 'Read' : I.access(acc, `sharedToWorkGroups[${i}].access`),
    };
  });
}
