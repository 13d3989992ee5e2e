/**
 * Loading the objects a route names, with the department rules of scodoc.md D4–D5 applied once:
 * absent → 404 "<objet> inconnu"; other department on the dept prefix → the same 404; department
 * where the caller lacks the permission on the global prefix → 403.
 */
import { checkObjectDept, deptScope, inScope, type ScoAccess } from '../access.js';
import { ScoError } from '../errors.js';
import type { PermissionName } from '../permissions.js';
import { departementBy } from './departements/departements.queries.js';
import type { EtudiantRow } from './etudiants/etudiants.present.js';
import { etudiantByIdCached, etudiantsByCode } from './etudiants/etudiants.queries.js';
import { formsemestreRow } from './formsemestres/formsemestres.queries.js';
import type { EtudKey, ScoContext } from './route.js';

export async function findEtudiant(
  ctx: ScoContext,
  key: EtudKey,
  perm: PermissionName = 'ScoView',
): Promise<EtudiantRow> {
  const db = ctx.req.server.db;
  if (key.kind === 'etudid') {
    const e = await etudiantByIdCached(db, key.etudid);
    if (!e) throw new ScoError('SCO_ERR_ETUD_NOT_FOUND');
    checkObjectDept(ctx.access, perm, Number(e.dept_id), 'SCO_ERR_ETUD_NOT_FOUND');
    return e;
  }
  const all = await etudiantsByCode(db.kysely, key.kind, key.code);
  if (all.length === 0) throw new ScoError('SCO_ERR_ETUD_NOT_FOUND');
  const scope = deptScope(ctx.access, perm);
  const visible = all.find((e) => inScope(scope, Number(e.dept_id)));
  if (visible) return visible;
  throw new ScoError(ctx.access.dept ? 'SCO_ERR_ETUD_NOT_FOUND' : 'SCO_ERR_FORBIDDEN');
}

export async function findFormsemestre(ctx: ScoContext, id: number, perm: PermissionName = 'ScoView') {
  const row = await formsemestreRow(ctx.req.server.db, id);
  if (!row) throw new ScoError('SCO_ERR_FORMSEMESTRE_NOT_FOUND');
  checkObjectDept(ctx.access, perm, Number(row.dept_id), 'SCO_ERR_FORMSEMESTRE_NOT_FOUND');
  return row;
}

/** `<D>` = `<acronym>` or `id/<int>`; on the dept prefix only that department exists (D5). */
export async function findDepartementParam(ctx: ScoContext, perm: PermissionName = 'ScoView') {
  const { params } = ctx;
  const key = params.dept_id !== undefined ? { id: Number(params.dept_id) } : { acronym: params.acronym };
  const d = await departementBy(ctx.req.server.db.kysely, key);
  if (!d) throw new ScoError('SCO_ERR_DEPT_NOT_FOUND');
  checkObjectDept(ctx.access, perm, Number(d.id), 'SCO_ERR_DEPT_NOT_FOUND');
  return d;
}

export function checkAccess(
  access: ScoAccess,
  perm: PermissionName,
  deptId: number,
  code: Parameters<typeof checkObjectDept>[3],
) {
  checkObjectDept(access, perm, deptId, code);
}

/** scodoc.md D16: booleans 1/0/true/false/on/off, any case. */
export function flag(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v !== 'string') return undefined;
  if (/^(1|true|on|yes)$/i.test(v)) return true;
  if (/^(0|false|off|no)$/i.test(v)) return false;
  return undefined;
}

/** First value of a query parameter. */
export function q1(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** `?etat=I` or `?etat=I,D`: the set asked for, or null for all (scodoc.md D20). */
export function etatFilter(v: string | string[] | undefined): Set<string> | null {
  const s = q1(v);
  if (s === undefined || s === '') return null;
  return new Set(s.split(',').map((x) => x.trim()));
}
