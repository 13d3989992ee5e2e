/**
 * Partitions and groups (scodoc.md §2.4–2.5, §5.6): read, create/edit/delete/order, memberships.
 * A student is in at most one group of a partition (primary key of sco_group_member). A partition
 * with `groups_editable` false is locked: its groups and memberships refuse changes (403); a locked
 * (etat false) formsemestre refuses every change.
 */
import { checkObjectDept } from '../../access.js';
import { badBody, ScoError } from '../../errors.js';
import { BodyReader, intArray } from '../body.js';
import { presentEtudiantShort } from '../etudiants/etudiants.present.js';
import { etudiantsOfGroup } from '../etudiants/etudiants.queries.js';
import { etatFilter, findFormsemestre } from '../lookup.js';
import { INT, type ScoContext, type ScoRoute } from '../route.js';
import { presentGroup, presentPartition } from './partitions.present.js';
import {
  type GroupRow,
  groupById,
  groupsOf,
  isInscrit,
  type PartitionRow,
  partitionById,
  partitionsOf,
  reorder,
  setMember,
} from './partitions.queries.js';

const FS = `/formsemestre/:formsemestre_id${INT}`;
const P = `/partition/:partition_id${INT}`;
const G = `/group/:group_id${INT}`;
const ETUD = `:etudid${INT}`;
const CHANGE = 'ScoEtudChangeGroups' as const;

type Perm = 'ScoView' | typeof CHANGE;

async function findPartition(ctx: ScoContext, perm: Perm, id = Number(ctx.params.partition_id)) {
  const p = await partitionById(ctx.req.server.db.kysely, id);
  if (!p) throw new ScoError('SCO_ERR_PARTITION_NOT_FOUND');
  checkObjectDept(ctx.access, perm, Number(p.dept_id), 'SCO_ERR_PARTITION_NOT_FOUND');
  if (perm === CHANGE && !p.fs_etat) throw new ScoError('SCO_ERR_FORMSEMESTRE_LOCKED');
  return p;
}

async function findGroup(ctx: ScoContext, perm: Perm): Promise<{ g: GroupRow; p: PartitionRow }> {
  const g = await groupById(ctx.req.server.db.kysely, Number(ctx.params.group_id));
  if (!g) throw new ScoError('SCO_ERR_GROUP_NOT_FOUND');
  const p = await partitionById(ctx.req.server.db.kysely, Number(g.partition_id));
  checkObjectDept(ctx.access, perm, Number(p!.dept_id), 'SCO_ERR_GROUP_NOT_FOUND');
  if (perm === CHANGE && !p!.fs_etat) throw new ScoError('SCO_ERR_FORMSEMESTRE_LOCKED');
  return { g, p: p! };
}

/** Group and membership changes need an editable, named partition. */
function editable(p: PartitionRow) {
  if (!p.groups_editable || p.partition_name === null) throw new ScoError('SCO_ERR_PARTITION_LOCKED');
}

async function partitionBody(ctx: ScoContext, id: number) {
  const db = ctx.req.server.db.kysely;
  const p = await partitionById(db, id);
  return presentPartition(p!, await groupsOf(db, [id]));
}

function readName(r: BodyReader, key: string, required: boolean): string | undefined {
  const v = r.str(key, { required, max: 100 });
  if (v === null) r.fail(`invalid ${key}`);
  return v ?? undefined;
}

async function nameTaken(
  ctx: ScoContext,
  table: 'sco_partition' | 'sco_group',
  parentCol: string,
  parent: number,
  col: string,
  name: string,
  except?: number,
) {
  let q = ctx.req.server.db.kysely.selectFrom(table).select('id').where(parentCol, '=', parent).where(col, '=', name);
  if (except !== undefined) q = q.where('id', '!=', except);
  return (await q.executeTakeFirst()) !== undefined;
}

async function etudInPartition(ctx: ScoContext, p: PartitionRow) {
  const etudid = Number(ctx.params.etudid);
  if (!(await isInscrit(ctx.req.server.db.kysely, Number(p.formsemestre_id), etudid))) {
    throw new ScoError('SCO_ERR_ETUD_NOT_FOUND');
  }
  return etudid;
}

async function groupEtudiants(ctx: ScoContext) {
  const { g, p } = await findGroup(ctx, 'ScoView');
  const etats = etatFilter(ctx.query.etat);
  const rows = await etudiantsOfGroup(ctx.req.server.db.kysely, Number(g.id), Number(p.formsemestre_id));
  return rows.filter((e) => !etats || etats.has(e.etat)).map(presentEtudiantShort);
}

async function createGroup(ctx: ScoContext) {
  const p = await findPartition(ctx, CHANGE);
  editable(p);
  const r = BodyReader.of('group_create', ctx.body);
  const name = readName(r, 'group_name', true)!;
  if (await nameTaken(ctx, 'sco_group', 'partition_id', Number(p.id), 'group_name', name))
    r.fail('group_name already used');
  const db = ctx.req.server.db.kysely;
  const max = await db
    .selectFrom('sco_group')
    .select((eb) => eb.fn.max('numero').as('m'))
    .where('partition_id', '=', Number(p.id))
    .executeTakeFirst();
  const row = await db
    .insertInto('sco_group')
    .values({
      partition_id: Number(p.id),
      group_name: name,
      numero: r.int('numero') ?? (max?.m === null || max?.m === undefined ? 0 : Number(max.m) + 1),
      edt_id: r.str('edt_id') ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return presentGroup((await groupById(db, Number(row.id)))!);
}

export const partitionRoutes: ScoRoute[] = [
  {
    method: 'GET',
    path: `${FS}/partitions`,
    perm: 'ScoView',
    name: 'formsemestre_partitions',
    summary: 'Partitions of a formsemestre: a dict keyed by partition id, the default partition left out',
    async handler(ctx) {
      const fs = await findFormsemestre(ctx, Number(ctx.params.formsemestre_id));
      const db = ctx.req.server.db.kysely;
      const parts = await partitionsOf(db, Number(fs.id), true);
      const groups = await groupsOf(
        db,
        parts.map((p) => Number(p.id)),
      );
      return Object.fromEntries(parts.map((p) => [String(p.id), presentPartition(p, groups)]));
    },
  },
  {
    method: 'POST',
    path: `${FS}/partition/create`,
    perm: CHANGE,
    name: 'partition_create',
    summary: 'Create a partition in a formsemestre',
    async handler(ctx) {
      const fs = await findFormsemestre(ctx, Number(ctx.params.formsemestre_id), CHANGE);
      if (!fs.etat) throw new ScoError('SCO_ERR_FORMSEMESTRE_LOCKED');
      const r = BodyReader.of('partition_create', ctx.body);
      const name = readName(r, 'partition_name', true)!;
      if (await nameTaken(ctx, 'sco_partition', 'formsemestre_id', Number(fs.id), 'partition_name', name))
        r.fail('partition_name already used');
      const db = ctx.req.server.db.kysely;
      const max = await db
        .selectFrom('sco_partition')
        .select((eb) => eb.fn.max('numero').as('m'))
        .where('formsemestre_id', '=', Number(fs.id))
        .executeTakeFirst();
      const row = await db
        .insertInto('sco_partition')
        .values({
          formsemestre_id: Number(fs.id),
          partition_name: name,
          numero: r.int('numero') ?? (max?.m === null || max?.m === undefined ? 0 : Number(max.m) + 1),
          bul_show_rank: r.bool('bul_show_rank') ? 1 : 0,
          show_in_lists: r.bool('show_in_lists') === false ? 0 : 1,
          groups_editable: r.bool('groups_editable') === false ? 0 : 1,
          is_parcours: 0,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return partitionBody(ctx, Number(row.id));
    },
  },
  {
    method: 'POST',
    path: `${FS}/partitions/order`,
    perm: CHANGE,
    name: 'partitions_order',
    summary: 'Order the partitions of a formsemestre (body: [partition_id, …])',
    async handler(ctx) {
      const fs = await findFormsemestre(ctx, Number(ctx.params.formsemestre_id), CHANGE);
      if (!fs.etat) throw new ScoError('SCO_ERR_FORMSEMESTRE_LOCKED');
      const ids = intArray('partitions_order', ctx.body);
      const db = ctx.req.server.db.kysely;
      const parts = await partitionsOf(db, Number(fs.id), true);
      const known = new Set(parts.map((p) => Number(p.id)));
      if (ids.some((id) => !known.has(id))) throw badBody('partitions_order', 'unknown partition_id');
      await reorder(db, 'sco_partition', 'formsemestre_id', Number(fs.id), ids);
      const after = await partitionsOf(db, Number(fs.id), true);
      const groups = await groupsOf(
        db,
        after.map((p) => Number(p.id)),
      );
      return after.map((p) => presentPartition(p, groups));
    },
  },
  {
    method: 'GET',
    path: P,
    perm: 'ScoView',
    name: 'partition',
    summary: 'One partition with its groups (also the default partition)',
    async handler(ctx) {
      const p = await findPartition(ctx, 'ScoView');
      return presentPartition(p, await groupsOf(ctx.req.server.db.kysely, [Number(p.id)]));
    },
  },
  {
    method: 'POST',
    path: `${P}/edit`,
    perm: CHANGE,
    name: 'partition_edit',
    summary: 'Edit a partition (partition_name, numero, bul_show_rank, show_in_lists, groups_editable)',
    async handler(ctx) {
      const p = await findPartition(ctx, CHANGE);
      if (p.partition_name === null) throw new ScoError('SCO_ERR_PARTITION_LOCKED');
      const r = BodyReader.of('partition_edit', ctx.body);
      const set: Record<string, unknown> = {};
      const name = readName(r, 'partition_name', false);
      if (name !== undefined) {
        if (
          await nameTaken(
            ctx,
            'sco_partition',
            'formsemestre_id',
            Number(p.formsemestre_id),
            'partition_name',
            name,
            Number(p.id),
          )
        ) {
          r.fail('partition_name already used');
        }
        set.partition_name = name;
      }
      const numero = r.int('numero');
      if (numero !== undefined) set.numero = numero;
      for (const k of ['bul_show_rank', 'show_in_lists', 'groups_editable'] as const) {
        const b = r.bool(k);
        if (b !== undefined) set[k] = b ? 1 : 0;
      }
      if (Object.keys(set).length)
        await ctx.req.server.db.kysely.updateTable('sco_partition').set(set).where('id', '=', Number(p.id)).execute();
      return partitionBody(ctx, Number(p.id));
    },
  },
  {
    method: 'POST',
    path: `${P}/delete`,
    perm: CHANGE,
    name: 'partition_delete',
    summary: 'Delete a partition, its groups and memberships',
    async handler(ctx) {
      const p = await findPartition(ctx, CHANGE);
      if (p.partition_name === null) throw new ScoError('SCO_ERR_PARTITION_LOCKED');
      await ctx.req.server.db.kysely.deleteFrom('sco_partition').where('id', '=', Number(p.id)).execute();
      return { OK: true };
    },
  },
  {
    method: 'POST',
    path: `${P}/remove_etudiant/${ETUD}`,
    perm: CHANGE,
    name: 'partition_remove_etudiant',
    summary: 'Remove a student from every group of a partition',
    async handler(ctx) {
      const p = await findPartition(ctx, CHANGE);
      editable(p);
      const etudid = await etudInPartition(ctx, p);
      await ctx.req.server.db.kysely
        .deleteFrom('sco_group_member')
        .where('partition_id', '=', Number(p.id))
        .where('etudid', '=', etudid)
        .execute();
      return { partition_id: Number(p.id), etudid };
    },
  },
  {
    method: 'POST',
    path: `${P}/create`,
    perm: CHANGE,
    name: 'group_create',
    summary: 'Create a group in a partition (body {"group_name"})',
    handler: createGroup,
  },
  {
    method: 'POST',
    path: `${P}/group/create`,
    perm: CHANGE,
    name: 'group_create',
    summary: 'Create a group in a partition (9.6 path)',
    handler: createGroup,
  },
  {
    method: 'POST',
    path: `${P}/groups/order`,
    perm: CHANGE,
    name: 'groups_order',
    summary: 'Order the groups of a partition (body: [group_id, …])',
    async handler(ctx) {
      const p = await findPartition(ctx, CHANGE);
      editable(p);
      const ids = intArray('groups_order', ctx.body);
      const db = ctx.req.server.db.kysely;
      const known = new Set((await groupsOf(db, [Number(p.id)])).map((g) => Number(g.id)));
      if (ids.some((id) => !known.has(id))) throw badBody('groups_order', 'unknown group_id');
      await reorder(db, 'sco_group', 'partition_id', Number(p.id), ids);
      return partitionBody(ctx, Number(p.id));
    },
  },
  {
    method: 'GET',
    path: `${G}/etudiants`,
    perm: 'ScoView',
    name: 'group_etudiants',
    summary: 'Students of a group',
    handler: groupEtudiants,
  },
  {
    method: 'GET',
    path: `${G}/etudiants/query`,
    perm: 'ScoView',
    name: 'group_etudiants',
    summary: 'Students of a group with the given inscription etat (?etat=I|D|DEF)',
    handler: groupEtudiants,
  },
  {
    method: 'POST',
    path: `${G}/edit`,
    perm: CHANGE,
    name: 'group_edit',
    summary: 'Rename a group (body {"group_name"})',
    async handler(ctx) {
      const { g, p } = await findGroup(ctx, CHANGE);
      editable(p);
      const r = BodyReader.of('group_edit', ctx.body);
      const set: Record<string, unknown> = {};
      const name = readName(r, 'group_name', false);
      if (name !== undefined) {
        if (await nameTaken(ctx, 'sco_group', 'partition_id', Number(p.id), 'group_name', name, Number(g.id)))
          r.fail('group_name already used');
        set.group_name = name;
      }
      const numero = r.int('numero');
      if (numero !== undefined) set.numero = numero;
      const edt = r.str('edt_id');
      if (edt !== undefined) set.edt_id = edt;
      const db = ctx.req.server.db.kysely;
      if (Object.keys(set).length) await db.updateTable('sco_group').set(set).where('id', '=', Number(g.id)).execute();
      return presentGroup((await groupById(db, Number(g.id)))!);
    },
  },
  {
    method: 'POST',
    path: `${G}/delete`,
    perm: CHANGE,
    name: 'group_delete',
    summary: 'Delete a group and its memberships',
    async handler(ctx) {
      const { g, p } = await findGroup(ctx, CHANGE);
      editable(p);
      await ctx.req.server.db.kysely.deleteFrom('sco_group').where('id', '=', Number(g.id)).execute();
      return { OK: true };
    },
  },
  {
    method: 'POST',
    path: `${G}/set_etudiant/${ETUD}`,
    perm: CHANGE,
    name: 'group_set_etudiant',
    summary: 'Put a student in a group (leaving the other groups of the partition)',
    async handler(ctx) {
      const { g, p } = await findGroup(ctx, CHANGE);
      editable(p);
      const etudid = await etudInPartition(ctx, p);
      await setMember(ctx.req.server.db.kysely, g, etudid);
      return { group_id: Number(g.id), etudid };
    },
  },
  {
    method: 'POST',
    path: `${G}/remove_etudiant/${ETUD}`,
    perm: CHANGE,
    name: 'group_remove_etudiant',
    summary: 'Remove a student from a group',
    async handler(ctx) {
      const { g, p } = await findGroup(ctx, CHANGE);
      editable(p);
      const etudid = await etudInPartition(ctx, p);
      await ctx.req.server.db.kysely
        .deleteFrom('sco_group_member')
        .where('group_id', '=', Number(g.id))
        .where('etudid', '=', etudid)
        .execute();
      return { group_id: Number(g.id), etudid };
    },
  },
];
