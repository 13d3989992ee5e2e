/**
 * ScoDoc users = Campus accounts + a `sco_user` profile + role grants (per department or global).
 * Shared by the user routes, the seeder, the CLI and the tests.
 */
import type { Kysely } from 'kysely';
import { createAccount } from '../../auth/accounts.js';
import type { Argon2Params } from '../../config.js';

export interface NewScoUser {
  readonly user_name: string;
  readonly nom?: string | null;
  readonly prenom?: string | null;
  readonly email?: string | null;
  readonly dept_id?: number | null;
  readonly active?: boolean;
  readonly password?: string | null;
  /** [role name, dept id or null for all departments] */
  readonly roles?: readonly (readonly [string, number | null])[];
}

export async function createScoUser(
  db: Kysely<any>,
  u: NewScoUser,
  argon2: Argon2Params,
  now = Date.now(),
): Promise<number> {
  const acc = await createAccount(
    db,
    { username: u.user_name, email: u.email ?? null, password: u.password ?? null, active: u.active },
    argon2,
    now,
  );
  await db
    .insertInto('sco_user')
    .values({
      id: acc.id,
      nom: u.nom ?? null,
      prenom: u.prenom ?? null,
      dept_id: u.dept_id ?? null,
      date_created: now,
      date_modif_passwd: u.password ? now : null,
    })
    .execute();
  for (const [role, dept] of u.roles ?? []) await grantRole(db, acc.id, role, dept);
  return acc.id;
}

/** Grants a role (by name) in a department or everywhere; granting twice is a no-op. */
export async function grantRole(
  db: Kysely<any>,
  userId: number,
  role: string,
  deptId: number | null,
): Promise<boolean> {
  const r = await db.selectFrom('sco_role').select('id').where('name', '=', role).executeTakeFirst();
  if (!r) return false;
  let q = db.selectFrom('sco_user_role').select('id').where('user_id', '=', userId).where('role_id', '=', r.id);
  q = deptId === null ? q.where('dept_id', 'is', null) : q.where('dept_id', '=', deptId);
  if (!(await q.executeTakeFirst())) {
    await db.insertInto('sco_user_role').values({ user_id: userId, role_id: r.id, dept_id: deptId }).execute();
  }
  return true;
}

export async function revokeRole(db: Kysely<any>, userId: number, roleId: number, deptId: number | null) {
  let q = db.deleteFrom('sco_user_role').where('user_id', '=', userId).where('role_id', '=', roleId);
  q = deptId === null ? q.where('dept_id', 'is', null) : q.where('dept_id', '=', deptId);
  await q.execute();
}
