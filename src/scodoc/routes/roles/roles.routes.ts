/** Roles and permissions (scodoc.md §2.6, §3.5–3.7, D36): read with ScoUsersView, change with ScoSuperAdmin. */
import type { Kysely } from 'kysely';
import { ScoError } from '../../errors.js';
import { isPermissionName, maskOf, namesOf, PERMISSION_NAMES, permValue, SUPERADMIN_ROLE } from '../../permissions.js';
import { BodyReader } from '../body.js';
import type { ScoContext, ScoRoute } from '../route.js';

interface RoleRow {
  readonly id: number;
  readonly name: string;
  readonly permissions: number;
}

/** scodoc.md §3.7: permissions by descending bit. */
function presentRole(r: RoleRow) {
  return { id: Number(r.id), role_name: r.name, permissions: namesOf(Number(r.permissions)) };
}

function roleByName(db: Kysely<any>, name: string): Promise<RoleRow | undefined> {
  return db
    .selectFrom('sco_role')
    .select(['id', 'name', 'permissions'])
    .where('name', '=', name)
    .executeTakeFirst() as Promise<RoleRow | undefined>;
}

async function findRole(ctx: ScoContext, name = ctx.params.role): Promise<RoleRow> {
  const r = await roleByName(ctx.req.server.db.kysely, name);
  if (!r) throw new ScoError('SCO_ERR_ROLE_NOT_FOUND');
  return r;
}

/** SuperAdmin keeps every permission and its name. */
function editable(route: string, role: RoleRow, r?: BodyReader) {
  if (role.name === SUPERADMIN_ROLE) (r ?? BodyReader.of(route, {}, false)).fail('SuperAdmin cannot be changed');
}

function readPermissions(r: BodyReader): number | undefined {
  const v = r.body.permissions;
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((p) => typeof p !== 'string')) r.fail('permissions must be a list of names');
  const unknown = (v as string[]).find((p) => !isPermissionName(p));
  if (unknown) r.fail(`unknown permission ${unknown}`);
  return maskOf(v as never[]);
}

const ROLE_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

async function editRole(ctx: ScoContext) {
  const role = await findRole(ctx);
  const r = BodyReader.of('role_edit', ctx.body);
  editable('role_edit', role, r);
  const set: Record<string, unknown> = {};
  const name = r.str('name', { max: 64 });
  if (name !== undefined && name !== null && name !== role.name) {
    if (!ROLE_NAME.test(name)) r.fail('invalid name');
    if (await roleByName(ctx.req.server.db.kysely, name)) r.fail('role name already used');
    set.name = name;
  }
  const mask = readPermissions(r);
  if (mask !== undefined) set.permissions = mask;
  const db = ctx.req.server.db.kysely;
  if (Object.keys(set).length) await db.updateTable('sco_role').set(set).where('id', '=', Number(role.id)).execute();
  return presentRole(
    (await db
      .selectFrom('sco_role')
      .select(['id', 'name', 'permissions'])
      .where('id', '=', Number(role.id))
      .executeTakeFirst()) as RoleRow,
  );
}

async function permissionChange(ctx: ScoContext, add: boolean) {
  const role = await findRole(ctx);
  const perm = ctx.params.perm;
  if (!isPermissionName(perm)) throw new ScoError('SCO_ERR_PERMISSION_NOT_FOUND');
  editable(add ? 'role_add_permission' : 'role_remove_permission', role);
  const mask = add ? Number(role.permissions) | permValue(perm) : Number(role.permissions) & ~permValue(perm);
  const db = ctx.req.server.db.kysely;
  await db.updateTable('sco_role').set({ permissions: mask }).where('id', '=', Number(role.id)).execute();
  return presentRole({ ...role, permissions: mask });
}

export const roleRoutes: ScoRoute[] = [
  {
    method: 'GET',
    path: '/permissions',
    perm: 'ScoUsersView',
    name: 'permissions',
    summary: 'Permission names (9.3–9.5), ascending bit',
    handler: async () => [...PERMISSION_NAMES],
  },
  {
    method: 'GET',
    path: '/roles',
    perm: 'ScoUsersView',
    name: 'roles',
    summary: 'Every role with its permissions',
    async handler(ctx) {
      const rows = await ctx.req.server.db.kysely
        .selectFrom('sco_role')
        .select(['id', 'name', 'permissions'])
        .orderBy('id')
        .execute();
      return (rows as RoleRow[]).map(presentRole);
    },
  },
  {
    method: 'GET',
    path: '/role/:role',
    perm: 'ScoUsersView',
    name: 'role',
    summary: 'One role; 404 if absent',
    handler: async (ctx) => presentRole(await findRole(ctx)),
  },
  {
    method: 'POST',
    path: '/role/create/:role',
    perm: 'ScoSuperAdmin',
    name: 'role_create',
    summary: 'Create a role with the given permissions (body {"permissions": [name, …]})',
    async handler(ctx) {
      const r = BodyReader.of('role_create', ctx.body, false);
      const name = ctx.params.role;
      if (!ROLE_NAME.test(name)) r.fail('invalid role name');
      const db = ctx.req.server.db.kysely;
      if (await roleByName(db, name)) r.fail('role already exists');
      await db
        .insertInto('sco_role')
        .values({ name, permissions: readPermissions(r) ?? 0 })
        .execute();
      return presentRole((await roleByName(db, name))!);
    },
  },
  {
    method: 'POST',
    path: '/role/edit/:role',
    perm: 'ScoSuperAdmin',
    name: 'role_edit',
    summary: 'Rename a role and/or set its permissions (body {"name"?, "permissions"?})',
    handler: editRole,
  },
  {
    method: 'POST',
    path: '/role/:role/edit',
    perm: 'ScoSuperAdmin',
    name: 'role_edit',
    summary: 'Same as /role/edit/<role> (later path)',
    handler: editRole,
  },
  {
    method: 'POST',
    path: '/role/:role/delete',
    perm: 'ScoSuperAdmin',
    name: 'role_delete',
    summary: 'Delete a role (and its grants)',
    async handler(ctx) {
      const role = await findRole(ctx);
      editable('role_delete', role);
      await ctx.req.server.db.kysely.deleteFrom('sco_role').where('id', '=', Number(role.id)).execute();
      return { OK: true };
    },
  },
  {
    method: 'POST',
    path: '/role/:role/add_permission/:perm',
    perm: 'ScoSuperAdmin',
    name: 'role_add_permission',
    summary: 'Add a permission to a role; 404 if either is unknown',
    handler: (ctx) => permissionChange(ctx, true),
  },
  {
    method: 'POST',
    path: '/role/:role/remove_permission/:perm',
    perm: 'ScoSuperAdmin',
    name: 'role_remove_permission',
    summary: 'Remove a permission from a role (no-op when absent); 404 if either is unknown',
    handler: (ctx) => permissionChange(ctx, false),
  },
];
