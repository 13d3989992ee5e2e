/**
 * Who is calling and what they may do: the Bearer token, the caller's role grants, the department of
 * the URL prefix, and the scoping rules of scodoc.md §3.4 and §8 D4–D5.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { hashToken, type StoredToken, touchToken } from '../auth/tokens.js';
import type { Database } from '../db/database.js';
import { defineQuery, param } from '../db/statements.js';
import { ScoError, type ScoErrorCode } from './errors.js';
import { maskHas, type PermissionName } from './permissions.js';

export interface Grant {
  /** null: the role holds for every department. */
  readonly deptId: number | null;
  readonly mask: number;
}

export interface ScoAccess {
  readonly userId: number;
  readonly username: string;
  readonly tokenId: number;
  readonly grants: readonly Grant[];
  /** Department of a `/ScoDoc/<dept>/api` (or `/ScoDoc/api/<dept>`) URL; null on the global prefix. */
  readonly dept: { readonly id: number; readonly acronym: string } | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    sco?: ScoAccess;
  }
}

export const deptByAcronym = defineQuery<{ acronym: string }, { id: number; acronym: string }>(
  'scodoc.deptByAcronym',
  (db) => db.selectFrom('sco_departement').select(['id', 'acronym']).where('acronym', '=', param('acronym')),
);

/**
 * Hot path: the live token (as auth/tokens.ts findLiveToken checks it: kind, not revoked, active
 * account) and the caller's role grants in one statement, one row per grant.
 */
const tokenWithGrants = defineQuery<
  { hash: string },
  {
    id: number;
    account_id: number;
    username: string;
    token_hash: string;
    expires_at: number;
    last_used_at: number | null;
    dept_id: number | null;
    permissions: number | null;
  }
>('scodoc.tokenWithGrants', (db) =>
  db
    .selectFrom('api_tokens as t')
    .innerJoin('accounts as a', 'a.id', 't.account_id')
    .leftJoin('sco_user_role as ur', 'ur.user_id', 't.account_id')
    .leftJoin('sco_role as r', 'r.id', 'ur.role_id')
    .select([
      't.id',
      't.account_id',
      'a.username',
      't.token_hash',
      't.expires_at',
      't.last_used_at',
      'ur.dept_id',
      'r.permissions',
    ])
    .where('t.token_hash', '=', param('hash'))
    .where('t.kind', '=', 'scodoc')
    .where('t.revoked_at', 'is', null)
    .where('a.active', '=', 1),
);

/** The live ScoDoc token of the request and its grants, or a 401 "Non autorise (logic)" (§1.4, D8). */
export async function authenticate(
  db: Database,
  req: FastifyRequest,
): Promise<{ token: StoredToken; grants: Grant[] }> {
  const h = req.headers.authorization;
  const m = h ? /^Bearer\s+(\S+)\s*$/i.exec(h) : null;
  if (!m || m[1].length > 200) throw new ScoError('SCO_ERR_TOKEN_INVALID');
  const hash = hashToken(m[1]);
  const rows = await db.statements.all(tokenWithGrants, { hash });
  const row = rows[0];
  const now = Date.now();
  if (!row || Number(row.expires_at) < now) throw new ScoError('SCO_ERR_TOKEN_INVALID');
  if (!timingSafeEqual(Buffer.from(row.token_hash, 'hex'), Buffer.from(hash, 'hex')))
    throw new ScoError('SCO_ERR_TOKEN_INVALID');
  const token: StoredToken = {
    id: Number(row.id),
    accountId: Number(row.account_id),
    username: row.username,
    expiresAt: Number(row.expires_at),
    lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at),
  };
  await touchToken(db, token, now);
  const grants: Grant[] = [];
  for (const r of rows) {
    if (r.permissions !== null)
      grants.push({ deptId: r.dept_id === null ? null : Number(r.dept_id), mask: Number(r.permissions) });
  }
  return { token, grants };
}

/** Holds `perm` in department `deptId` (through a role of that department or a global one). */
export function can(a: ScoAccess, perm: PermissionName, deptId: number | null): boolean {
  return a.grants.some((g) => maskHas(g.mask, perm) && (g.deptId === null || g.deptId === deptId));
}

/** Holds `perm` for every department (a global role). */
export function canEverywhere(a: ScoAccess, perm: PermissionName): boolean {
  return a.grants.some((g) => g.deptId === null && maskHas(g.mask, perm));
}

/** The route-level check: dept prefix → roles of that dept or global (§3.4); global prefix → anywhere (D4). */
export function mayUseRoute(a: ScoAccess, perm: PermissionName): boolean {
  // ScoSuperAdmin only counts from a global grant (SuperAdmin is always global, §3.4), whatever the prefix.
  if (perm === 'ScoSuperAdmin') return canEverywhere(a, perm);
  if (a.dept) return can(a, perm, a.dept.id);
  return a.grants.some((g) => maskHas(g.mask, perm));
}

/**
 * Departments a list may show: null for all, else the ids. Dept prefix → that department (D5);
 * global prefix → all with a global role, else the departments where the caller holds `perm` (D4).
 */
export function deptScope(a: ScoAccess, perm: PermissionName): number[] | null {
  if (a.dept) return [a.dept.id];
  if (canEverywhere(a, perm)) return null;
  const ids = new Set<number>();
  for (const g of a.grants) if (g.deptId !== null && maskHas(g.mask, perm)) ids.add(g.deptId);
  return [...ids];
}

export function inScope(scope: number[] | null, deptId: number): boolean {
  return scope === null || scope.includes(deptId);
}

/**
 * An object of department `deptId` may be shown: on the dept prefix an object of another department
 * is unknown (404, D5); on the global prefix a department where the caller lacks `perm` is 403 (D4).
 */
export function checkObjectDept(a: ScoAccess, perm: PermissionName, deptId: number, notFound: ScoErrorCode): void {
  if (a.dept) {
    if (a.dept.id !== deptId) throw new ScoError(notFound);
    return;
  }
  if (!can(a, perm, deptId)) throw new ScoError('SCO_ERR_FORBIDDEN');
}
