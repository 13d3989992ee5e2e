/**
 * Users (scodoc.md §2.6, §5.8, D24, D25): read and query the users of the departments where the caller
 * holds ScoUsersView; create/edit/password and role grants with ScoUsersAdmin in the target department
 * (ScoSuperAdmin for global roles). A ScoDoc user is a Campus account plus its profile.
 */
import { AccountExistsError, setActive, setPassword } from '../../../auth/accounts.js';
import { can, canEverywhere, type ScoAccess } from '../../access.js';
import { ScoError } from '../../errors.js';
import { SUPERADMIN_ROLE } from '../../permissions.js';
import { createScoUser, grantRole, revokeRole } from '../../seed/users.js';
import { BodyReader } from '../body.js';
import { departementBy } from '../departements/departements.queries.js';
import { flag, q1 } from '../lookup.js';
import { INT, type ScoContext, type ScoRoute } from '../route.js';
import { passwordAcceptable } from './password-policy.js';
import { presentUser } from './users.present.js';
import { queryUsers, rolesOfUsers, type UserRow, userById } from './users.queries.js';

const U = `/user/:uid${INT}`;

/** D25: may see a user of department `deptId` (null = no department). */
function checkVisible(a: ScoAccess, deptId: number | null) {
  if (a.dept) {
    if (deptId !== a.dept.id) throw new ScoError('SCO_ERR_USER_NOT_FOUND');
    return;
  }
  if (canEverywhere(a, 'ScoUsersView')) return;
  if (deptId === null || !can(a, 'ScoUsersView', deptId)) throw new ScoError('SCO_ERR_FORBIDDEN');
}

/** May administer users of department `deptId`; a user without department needs a global role. */
function checkAdmin(a: ScoAccess, deptId: number | null) {
  if (a.dept && deptId !== a.dept.id) throw new ScoError('SCO_ERR_FORBIDDEN');
  const ok = deptId === null ? canEverywhere(a, 'ScoUsersAdmin') : can(a, 'ScoUsersAdmin', deptId);
  if (!ok) throw new ScoError('SCO_ERR_FORBIDDEN');
}

async function loadUser(ctx: ScoContext): Promise<UserRow> {
  const u = await userById(ctx.req.server.db.kysely, Number(ctx.params.uid));
  if (!u) throw new ScoError('SCO_ERR_USER_NOT_FOUND');
  return u;
}

async function present(ctx: ScoContext, id: number) {
  const db = ctx.req.server.db.kysely;
  const u = await userById(db, id);
  return presentUser(u!, await rolesOfUsers(db, [id]));
}

/** `dept` of a body: an acronym or null; undefined when absent. */
async function readDept(ctx: ScoContext, r: BodyReader): Promise<number | null | undefined> {
  if (!r.has('dept')) return undefined;
  const v = r.body.dept;
  if (v === null || v === '') return null;
  if (typeof v !== 'string') r.fail('invalid dept');
  const d = await departementBy(ctx.req.server.db.kysely, { acronym: v as string });
  if (!d) r.fail('unknown dept');
  return Number(d!.id);
}

async function roleChange(ctx: ScoContext, add: boolean) {
  const db = ctx.req.server.db.kysely;
  const u = await loadUser(ctx);
  const role = await db
    .selectFrom('sco_role')
    .select(['id', 'name'])
    .where('name', '=', ctx.params.role)
    .executeTakeFirst();
  if (!role) throw new ScoError('SCO_ERR_ROLE_NOT_FOUND');
  let deptId: number | null;
  if (ctx.params.acronym !== undefined) {
    const d = await departementBy(db, { acronym: ctx.params.acronym });
    if (!d) throw new ScoError('SCO_ERR_DEPT_NOT_FOUND');
    deptId = Number(d.id);
  } else deptId = ctx.access.dept ? ctx.access.dept.id : null;
  // SuperAdmin is always global (§3.4); global roles need ScoSuperAdmin (D25).
  if (role.name === SUPERADMIN_ROLE) deptId = null;
  if (deptId === null) {
    if (!canEverywhere(ctx.access, 'ScoSuperAdmin')) throw new ScoError('SCO_ERR_FORBIDDEN');
  } else checkAdmin(ctx.access, deptId);
  if (add) await grantRole(db, Number(u.id), role.name, deptId);
  else await revokeRole(db, Number(u.id), Number(role.id), deptId);
  return present(ctx, Number(u.id));
}

const roleRoutes = (verb: 'add' | 'remove'): ScoRoute[] =>
  ['', '/departement/:acronym'].map((tail) => ({
    method: 'POST' as const,
    path: `${U}/role/:role/${verb}${tail}`,
    perm: 'ScoUsersAdmin' as const,
    name: `user_role_${verb}`,
    summary: `${verb === 'add' ? 'Grant' : 'Revoke'} a role${tail ? ' in a department' : ' (in all departments, or the prefix department)'}`,
    handler: (ctx: ScoContext) => roleChange(ctx, verb === 'add'),
  }));

export const userRoutes: ScoRoute[] = [
  {
    method: 'GET',
    path: U,
    perm: 'ScoUsersView',
    name: 'user',
    summary: 'One user',
    async handler(ctx) {
      const u = await loadUser(ctx);
      checkVisible(ctx.access, u.dept_id === null ? null : Number(u.dept_id));
      return present(ctx, Number(u.id));
    },
  },
  {
    method: 'GET',
    path: '/users/query',
    perm: 'ScoUsersView',
    name: 'users_query',
    summary: 'Users visible to the caller (?departement=&active=&starts_with=)',
    async handler(ctx) {
      const a = ctx.access;
      const db = ctx.req.server.db.kysely;
      const global = !a.dept && canEverywhere(a, 'ScoUsersView');
      let deptIds: number[] | null = global
        ? null
        : a.dept
          ? [a.dept.id]
          : [
              ...new Set(
                a.grants.filter((g) => g.deptId !== null && can(a, 'ScoUsersView', g.deptId)).map((g) => g.deptId!),
              ),
            ];
      const wanted = q1(ctx.query.departement);
      if (wanted) {
        const d = await departementBy(db, { acronym: wanted });
        if (!d) return [];
        deptIds = deptIds === null ? [Number(d.id)] : deptIds.filter((id) => id === Number(d.id));
      }
      const activeRaw = q1(ctx.query.active);
      const rows = await queryUsers(db, {
        deptIds,
        includeNoDept: global && !wanted,
        active: activeRaw === undefined || activeRaw === '' ? undefined : flag(activeRaw),
        startsWith: q1(ctx.query.starts_with) || undefined,
      });
      const roles = await rolesOfUsers(
        db,
        rows.map((u) => Number(u.id)),
      );
      return rows.map((u) => presentUser(u, roles));
    },
  },
  {
    method: 'POST',
    path: '/user/create',
    perm: 'ScoUsersAdmin',
    name: 'user_create',
    summary: 'Create a user (no password until one is set)',
    async handler(ctx) {
      const r = BodyReader.of('user_create', ctx.body);
      const userName = r.reqStr('user_name', 64);
      if (!/^[A-Za-z0-9@\\._-]+$/.test(userName)) r.fail('invalid user_name');
      let deptId = await readDept(ctx, r);
      if (deptId === undefined) deptId = ctx.access.dept ? ctx.access.dept.id : null;
      checkAdmin(ctx.access, deptId);
      const email = r.str('email', { max: 200 });
      if (email && !/^[^\s@]+@[^\s@]+$/.test(email)) r.fail('invalid email');
      try {
        const id = await createScoUser(
          ctx.req.server.db.kysely,
          {
            user_name: userName,
            nom: r.str('nom', { max: 100 }) ?? null,
            prenom: r.str('prenom', { max: 100 }) ?? null,
            email: email ?? null,
            dept_id: deptId,
            active: r.bool('active') ?? true,
          },
          ctx.req.server.config.argon2,
        );
        return present(ctx, id);
      } catch (e) {
        if (e instanceof AccountExistsError) r.fail(`${e.field === 'email' ? 'email' : 'user_name'} already used`);
        throw e;
      }
    },
  },
  {
    method: 'POST',
    path: `${U}/edit`,
    perm: 'ScoUsersAdmin',
    name: 'user_edit',
    summary: 'Edit a user (dept, nom, prenom, active, email); deactivation revokes its tokens',
    async handler(ctx) {
      const u = await loadUser(ctx);
      checkAdmin(ctx.access, u.dept_id === null ? null : Number(u.dept_id));
      const r = BodyReader.of('user_edit', ctx.body);
      const deptId = await readDept(ctx, r);
      if (deptId !== undefined) checkAdmin(ctx.access, deptId);
      const set: Record<string, unknown> = {};
      if (deptId !== undefined) set.dept_id = deptId;
      for (const k of ['nom', 'prenom', 'cas_id', 'edt_id'] as const) {
        const v = r.str(k, { max: 100 });
        if (v !== undefined) set[k] = v;
      }
      const email = r.str('email', { max: 200 });
      if (email && !/^[^\s@]+@[^\s@]+$/.test(email)) r.fail('invalid email');
      const active = r.bool('active');
      const db = ctx.req.server.db.kysely;
      await db.transaction().execute(async (trx) => {
        if (Object.keys(set).length)
          await trx.updateTable('sco_user').set(set).where('id', '=', Number(u.id)).execute();
        if (email !== undefined) {
          await trx
            .updateTable('accounts')
            .set({ email, email_norm: email ? email.trim().toLowerCase() : null, updated_at: Date.now() })
            .where('id', '=', Number(u.id))
            .execute();
        }
        if (active !== undefined && active !== Boolean(u.active)) await setActive(trx, Number(u.id), active);
      });
      return present(ctx, Number(u.id));
    },
  },
  {
    method: 'POST',
    path: `${U}/password`,
    perm: 'ScoUsersAdmin',
    name: 'user_password',
    summary: 'Set a user password (policy D24; 400 "user_password: invalid password"); revokes its tokens',
    async handler(ctx) {
      const u = await loadUser(ctx);
      checkAdmin(ctx.access, u.dept_id === null ? null : Number(u.dept_id));
      const r = BodyReader.of('user_password', ctx.body);
      const password = r.body.password;
      if (typeof password !== 'string' || !passwordAcceptable(password, u))
        throw new ScoError('SCO_ERR_INVALID_PASSWORD');
      const { db, config } = ctx.req.server;
      const now = Date.now();
      await db.kysely.transaction().execute(async (trx) => {
        await setPassword(trx, Number(u.id), password, config.argon2, now);
        await trx.updateTable('sco_user').set({ date_modif_passwd: now }).where('id', '=', Number(u.id)).execute();
      });
      return present(ctx, Number(u.id));
    },
  },
  ...roleRoutes('add'),
  ...roleRoutes('remove'),
];
