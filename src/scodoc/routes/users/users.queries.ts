import type { Kysely } from 'kysely';

export interface UserRow {
  readonly id: number;
  readonly user_name: string;
  readonly email: string | null;
  readonly active: number;
  readonly nom: string | null;
  readonly prenom: string | null;
  readonly dept_id: number | null;
  readonly dept: string | null;
  readonly date_expiration: number | null;
  readonly date_modif_passwd: number | null;
  readonly date_created: number;
  readonly last_seen: number | null;
  readonly cas_id: string | null;
  readonly edt_id: string | null;
}

export interface UserRoleRow {
  readonly user_id: number;
  readonly role_name: string;
  readonly dept: string | null;
}

function userSelect(db: Kysely<any>) {
  return db
    .selectFrom('sco_user as u')
    .innerJoin('accounts as a', 'a.id', 'u.id')
    .leftJoin('sco_departement as d', 'd.id', 'u.dept_id')
    .select([
      'u.id',
      'a.username as user_name',
      'a.email',
      'a.active',
      'u.nom',
      'u.prenom',
      'u.dept_id',
      'd.acronym as dept',
      'u.date_expiration',
      'u.date_modif_passwd',
      'u.date_created',
      'u.last_seen',
      'u.cas_id',
      'u.edt_id',
    ]);
}

export function userById(db: Kysely<any>, id: number): Promise<UserRow | undefined> {
  return userSelect(db).where('u.id', '=', id).executeTakeFirst() as Promise<UserRow | undefined>;
}

export interface UserFilter {
  /** null = every department (and users without one); else these departments only. */
  readonly deptIds: number[] | null;
  readonly includeNoDept: boolean;
  readonly active?: boolean;
  readonly startsWith?: string;
}

/** Users by user_name (scodoc.md D28). One query. */
export function queryUsers(db: Kysely<any>, f: UserFilter): Promise<UserRow[]> {
  let q = userSelect(db);
  if (f.deptIds !== null) {
    const ids = f.deptIds.length ? f.deptIds : [-1];
    q = f.includeNoDept
      ? q.where((eb) => eb.or([eb('u.dept_id', 'in', ids), eb('u.dept_id', 'is', null)]))
      : q.where('u.dept_id', 'in', ids);
  }
  if (f.active !== undefined) q = q.where('a.active', '=', f.active ? 1 : 0);
  if (f.startsWith)
    q = q.where((eb) =>
      eb(eb.fn('lower', ['u.nom']), 'like', `${f.startsWith!.toLowerCase().replace(/[%_\\]/g, '')}%`),
    );
  return q.orderBy('a.username').execute() as Promise<UserRow[]>;
}

/** Roles of several users: one query. */
export function rolesOfUsers(db: Kysely<any>, ids: readonly number[]): Promise<UserRoleRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('sco_user_role as ur')
    .innerJoin('sco_role as r', 'r.id', 'ur.role_id')
    .leftJoin('sco_departement as d', 'd.id', 'ur.dept_id')
    .select(['ur.user_id', 'r.name as role_name', 'd.acronym as dept'])
    .where('ur.user_id', 'in', [...ids])
    .orderBy('r.id')
    .orderBy('d.acronym')
    .execute() as Promise<UserRoleRow[]>;
}
