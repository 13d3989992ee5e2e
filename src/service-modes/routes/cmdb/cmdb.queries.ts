/**
 * CMDB reads and writes: workgroups and memberships, CI types, configuration items with owner, shares,
 * labels, one Hierarchy parent, and Influence links. Writes run in the caller's transaction.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../../db/database.js';
import { SmError } from '../../errors.js';
import { modesOnCi, refreshModes, refreshSubtree } from '../../mode-visibility.js';
import { type Caller, editableCi, readableCi } from '../../permissions.js';
import { addToHierarchy, influencePath, setParent } from './hierarchy.queries.js';

export type Access = 'Read' | 'Edit';

export interface CiRow {
  readonly id: number;
  readonly name: string;
  readonly description: string | null;
  readonly type_id: number | null;
  readonly type_name: string | null;
  readonly owner_workgroup_id: number;
  readonly owner_name: string;
  readonly parent_id: number | null;
  readonly parent_name: string | null;
  readonly labels: string;
}

export interface ShareRow {
  readonly ci_id: number;
  readonly workgroup_id: number;
  readonly name: string;
  readonly access: Access;
}

export async function listNamed(db: Kysely<any>, table: 'sm_ci_types' | 'sm_workgroups') {
  return db.selectFrom(table).select(['id', 'name']).orderBy('id').execute();
}

export async function workgroupsOf(db: Kysely<any>, accountId: number) {
  return db
    .selectFrom('sm_workgroups as w')
    .innerJoin('sm_memberships as m', 'm.workgroup_id', 'w.id')
    .select(['w.id', 'w.name'])
    .where('m.account_id', '=', accountId)
    .orderBy('w.id')
    .execute();
}

/** Inserts a named row (type, workgroup); SM_ERR_CMDB_NAME_TAKEN when the name exists. */
export async function insertNamed(trx: Kysely<any>, table: 'sm_ci_types' | 'sm_workgroups', name: string) {
  const taken = await trx.selectFrom(table).select('id').where('name', '=', name).executeTakeFirst();
  if (taken) throw new SmError('SM_ERR_CMDB_NAME_TAKEN', { name });
  const row = await trx.insertInto(table).values({ name }).returning('id').executeTakeFirstOrThrow();
  return { id: Number(row.id), name };
}

export async function renameWorkgroup(trx: Kysely<any>, id: number, name: string) {
  const taken = await trx
    .selectFrom('sm_workgroups')
    .select('id')
    .where('name', '=', name)
    .where('id', '!=', id)
    .executeTakeFirst();
  if (taken) throw new SmError('SM_ERR_CMDB_NAME_TAKEN', { name });
  const r = await trx.updateTable('sm_workgroups').set({ name }).where('id', '=', id).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw new SmError('SM_ERR_CMDB_NOT_FOUND', { what: 'Рабочая группа', id });
  return { id, name };
}

export async function deleteWorkgroup(trx: Kysely<any>, id: number) {
  const owns = await trx
    .selectFrom('sm_config_items')
    .select('id')
    .where('owner_workgroup_id', '=', id)
    .executeTakeFirst();
  if (owns) throw new SmError('SM_ERR_CMDB_IN_USE');
  const r = await trx.deleteFrom('sm_workgroups').where('id', '=', id).executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) throw new SmError('SM_ERR_CMDB_NOT_FOUND', { what: 'Рабочая группа', id });
}

export async function setMembership(trx: Kysely<any>, workgroupId: number, accountId: number, role: Access) {
  const wg = await trx.selectFrom('sm_workgroups').select('id').where('id', '=', workgroupId).executeTakeFirst();
  if (!wg) throw new SmError('SM_ERR_CMDB_NOT_FOUND', { what: 'Рабочая группа', id: workgroupId });
  const acc = await trx.selectFrom('accounts').select('id').where('id', '=', accountId).executeTakeFirst();
  if (!acc) throw new SmError('SM_ERR_CMDB_NOT_FOUND', { what: 'Учётная запись', id: accountId });
  await trx
    .insertInto('sm_memberships')
    .values({ workgroup_id: workgroupId, account_id: accountId, role })
    .onConflict((oc) => oc.columns(['account_id', 'workgroup_id']).doUpdateSet({ role }))
    .execute();
}

export async function removeMembership(trx: Kysely<any>, workgroupId: number, accountId: number) {
  const r = await trx
    .deleteFrom('sm_memberships')
    .where('workgroup_id', '=', workgroupId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) throw new SmError('SM_ERR_CMDB_NOT_FOUND', { what: 'Участник', id: accountId });
}

function ciSelect(db: Kysely<any>) {
  return db
    .selectFrom('sm_config_items as c')
    .innerJoin('sm_workgroups as w', 'w.id', 'c.owner_workgroup_id')
    .leftJoin('sm_ci_types as t', 't.id', 'c.type_id')
    .leftJoin('sm_config_items as p', 'p.id', 'c.parent_id')
    .select([
      'c.id',
      'c.name',
      'c.description',
      'c.type_id',
      't.name as type_name',
      'c.owner_workgroup_id',
      'w.name as owner_name',
      'c.parent_id',
      'p.name as parent_name',
      'c.labels',
    ]);
}

export interface CiFilter {
  readonly ids?: readonly number[];
  readonly names?: readonly string[];
  /** key → value, any of values, or null (key present with any value). */
  readonly labels?: Readonly<Record<string, string | readonly string[] | null>>;
}

/** Visible CIs (all for admins), optionally filtered, in id order. */
export async function findCis(db: Database, caller: Caller, filter: CiFilter = {}): Promise<CiRow[]> {
  let q = ciSelect(db.kysely);
  if (!caller.admin) q = q.where(readableCi(sql`c.id`, caller.accountId) as any);
  if (filter.ids) q = q.where('c.id', 'in', filter.ids.length ? [...filter.ids] : [-1]);
  if (filter.names) q = q.where('c.name', 'in', filter.names.length ? [...filter.names] : ['\u0000']);
  const pg = db.dialect === 'postgres';
  for (const [k, v] of Object.entries(filter.labels ?? {})) {
    const value = pg
      ? sql`(cast(c.labels as jsonb) ->> ${k})`
      : sql`json_extract(c.labels, ${`$."${k.replace(/"/g, '""')}"`})`;
    if (v === null) q = q.where(sql`${value} is not null` as any);
    else {
      const list = typeof v === 'string' ? [v] : [...v];
      q = q.where(sql`${value} in (${sql.join(list.length ? list : ['\u0000'])})` as any);
    }
  }
  const rows = (await q.orderBy('c.id').execute()) as CiRow[];
  return rows;
}

export async function findCi(db: Kysely<any>, id: number): Promise<CiRow | undefined> {
  return (await ciSelect(db).where('c.id', '=', id).executeTakeFirst()) as CiRow | undefined;
}

export async function sharesOf(db: Kysely<any>, ciIds: readonly number[]): Promise<ShareRow[]> {
  if (ciIds.length === 0) return [];
  return (await db
    .selectFrom('sm_ci_shares as s')
    .innerJoin('sm_workgroups as w', 'w.id', 's.workgroup_id')
    .select(['s.ci_id', 's.workgroup_id', 'w.name', 's.access'])
    .where('s.ci_id', 'in', [...ciIds])
    .orderBy('s.workgroup_id')
    .execute()) as ShareRow[];
}

/** The caller's right on one CI: 'Edit', 'Read' or undefined. */
export async function rightOn(db: Kysely<any>, caller: Caller, ciId: number): Promise<Access | undefined> {
  if (caller.admin) return 'Edit';
  const r = await sql<{ r: number; e: number }>`select
    (case when ${readableCi(sql`${ciId}`, caller.accountId)} then 1 else 0 end) as r,
    (case when ${editableCi(sql`${ciId}`, caller.accountId)} then 1 else 0 end) as e`.execute(db);
  const row = r.rows[0];
  return Number(row?.e) ? 'Edit' : Number(row?.r) ? 'Read' : undefined;
}

export async function memberRole(db: Kysely<any>, accountId: number, workgroupId: number): Promise<Access | undefined> {
  const r = await db
    .selectFrom('sm_memberships')
    .select('role')
    .where('account_id', '=', accountId)
    .where('workgroup_id', '=', workgroupId)
    .executeTakeFirst();
  return r?.role;
}

export interface CiInput {
  readonly name: string;
  readonly description: string | null;
  readonly typeId: number | null;
  readonly ownerWorkgroupId: number;
  readonly parentId: number | null;
  readonly labels: Readonly<Record<string, string>>;
}

async function requireRow(trx: Kysely<any>, table: string, id: number, what: string) {
  const r = await trx.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst();
  if (!r) throw new SmError('SM_ERR_CMDB_NOT_FOUND', { what, id });
}

/** The name, made unique by a " (n)" suffix when asked (makeNameUnique=true). */
async function uniqueName(trx: Kysely<any>, name: string, exceptId?: number): Promise<string> {
  let candidate = name;
  for (let n = 2; ; n++) {
    let q = trx.selectFrom('sm_config_items').select('id').where('name', '=', candidate);
    if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
    if (!(await q.executeTakeFirst())) return candidate;
    candidate = `${name} (${n})`;
  }
}

export async function insertCi(trx: Kysely<any>, input: CiInput, now: number, makeNameUnique = false) {
  if (input.typeId !== null) await requireRow(trx, 'sm_ci_types', input.typeId, 'Тип КЕ');
  await requireRow(trx, 'sm_workgroups', input.ownerWorkgroupId, 'Рабочая группа');
  if (input.parentId !== null) await requireRow(trx, 'sm_config_items', input.parentId, 'КЕ');
  const name = makeNameUnique ? await uniqueName(trx, input.name) : input.name;
  const row = await trx
    .insertInto('sm_config_items')
    .values({
      name,
      description: input.description,
      type_id: input.typeId,
      owner_workgroup_id: input.ownerWorkgroupId,
      parent_id: input.parentId,
      labels: JSON.stringify(input.labels),
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(row.id);
  await addToHierarchy(trx, id, input.parentId);
  return id;
}

export async function updateCi(
  trx: Kysely<any>,
  id: number,
  input: Omit<CiInput, 'parentId'>,
  now: number,
  makeNameUnique = false,
) {
  if (input.typeId !== null) await requireRow(trx, 'sm_ci_types', input.typeId, 'Тип КЕ');
  await requireRow(trx, 'sm_workgroups', input.ownerWorkgroupId, 'Рабочая группа');
  const name = makeNameUnique ? await uniqueName(trx, input.name, id) : input.name;
  const before = await trx
    .selectFrom('sm_config_items')
    .select('owner_workgroup_id')
    .where('id', '=', id)
    .executeTakeFirst();
  await trx
    .updateTable('sm_config_items')
    .set({
      name,
      description: input.description,
      type_id: input.typeId,
      owner_workgroup_id: input.ownerWorkgroupId,
      labels: JSON.stringify(input.labels),
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
  if (before && Number(before.owner_workgroup_id) !== input.ownerWorkgroupId) await refreshSubtree(trx, id);
}

/** Deletes a CI without children; its service-mode entries go with it (history keeps them). */
export async function deleteCi(trx: Kysely<any>, id: number) {
  const child = await trx.selectFrom('sm_config_items').select('id').where('parent_id', '=', id).executeTakeFirst();
  if (child) throw new SmError('SM_ERR_CMDB_IN_USE');
  const modes = await modesOnCi(trx, id);
  await trx.deleteFrom('sm_mode_entries').where('ci_id', '=', id).execute();
  await trx.deleteFrom('sm_ci_closure').where('descendant_id', '=', id).execute();
  await trx
    .deleteFrom('sm_ci_links')
    .where((eb) => eb.or([eb('source_id', '=', id), eb('target_id', '=', id)]))
    .execute();
  await trx.deleteFrom('sm_ci_shares').where('ci_id', '=', id).execute();
  await trx.deleteFrom('sm_config_items').where('id', '=', id).execute();
  await refreshModes(trx, modes);
}

export async function setShare(trx: Kysely<any>, ciId: number, workgroupId: number, access: Access) {
  await requireRow(trx, 'sm_workgroups', workgroupId, 'Рабочая группа');
  await trx
    .insertInto('sm_ci_shares')
    .values({ ci_id: ciId, workgroup_id: workgroupId, access })
    .onConflict((oc) => oc.columns(['ci_id', 'workgroup_id']).doUpdateSet({ access }))
    .execute();
  await refreshSubtree(trx, ciId);
}

export async function removeShare(trx: Kysely<any>, ciId: number, workgroupId: number) {
  const r = await trx
    .deleteFrom('sm_ci_shares')
    .where('ci_id', '=', ciId)
    .where('workgroup_id', '=', workgroupId)
    .executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) {
    throw new SmError('SM_ERR_CMDB_NOT_FOUND', { what: 'Доступ рабочей группы', id: workgroupId });
  }
  await refreshSubtree(trx, ciId);
}

export type LinkType = 'Hierarchy' | 'Influence';

/** Adds a link; Hierarchy: the target's one parent, no cycle; Influence: no cycle either. */
export async function addLink(trx: Kysely<any>, sourceId: number, targetId: number, type: LinkType) {
  await requireRow(trx, 'sm_config_items', sourceId, 'КЕ');
  await requireRow(trx, 'sm_config_items', targetId, 'КЕ');
  if (type === 'Hierarchy') return setParent(trx, targetId, sourceId, false);
  if (await influencePath(trx, targetId, sourceId)) throw new SmError('SM_ERR_CMDB_CYCLE');
  await trx
    .insertInto('sm_ci_links')
    .values({ source_id: sourceId, target_id: targetId, type })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function removeLink(trx: Kysely<any>, sourceId: number, targetId: number, type: LinkType) {
  if (type === 'Hierarchy') {
    const ci = await trx
      .selectFrom('sm_config_items')
      .select('parent_id')
      .where('id', '=', targetId)
      .executeTakeFirst();
    if (!ci || Number(ci.parent_id) !== sourceId || ci.parent_id === null) {
      throw new SmError('SM_ERR_CMDB_NOT_FOUND', { what: 'Связь', id: `${sourceId}→${targetId}` });
    }
    return setParent(trx, targetId, null, true);
  }
  const r = await trx
    .deleteFrom('sm_ci_links')
    .where('source_id', '=', sourceId)
    .where('target_id', '=', targetId)
    .where('type', '=', type)
    .executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) {
    throw new SmError('SM_ERR_CMDB_NOT_FOUND', { what: 'Связь', id: `${sourceId}→${targetId}` });
  }
}
