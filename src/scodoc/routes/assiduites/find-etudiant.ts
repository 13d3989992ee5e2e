/**
 * The student named by an attendance route (`<int:etudid>` | `etudid/<int>` | `nip/<nip>` | `ine/<ine>`),
 * through cached statements: `assiduites/nip/<nip>/query` is a hot path (issue 8, Speed). Same rules as
 * lookup.ts `findEtudiant` (scodoc.md D4, D5, D19): several matches → the most recently inscribed one
 * visible to the caller.
 */

import { defineQuery, param } from '../../../db/statements.js';
import { checkObjectDept, deptScope, inScope } from '../../access.js';
import { ScoError } from '../../errors.js';
import type { PermissionName } from '../../permissions.js';
import type { ScoContext } from '../route.js';

export interface EtudRef {
  readonly id: number;
  readonly dept_id: number;
  readonly code_nip: string | null;
}

const byId = defineQuery<{ id: number }, EtudRef>('scodoc.assiduitesEtudById', (db) =>
  db.selectFrom('sco_etudiant').select(['id', 'dept_id', 'code_nip']).where('id', '=', param('id')),
);

function byCode(col: 'code_nip' | 'code_ine') {
  return defineQuery<{ code: string }, EtudRef>(`scodoc.assiduitesEtudBy_${col}`, (db) =>
    db
      .selectFrom('sco_etudiant as e')
      .select(['e.id', 'e.dept_id', 'e.code_nip'])
      .where(`e.${col}`, '=', param('code'))
      .orderBy(
        (eb) =>
          eb.fn.coalesce(
            eb
              .selectFrom('sco_inscription as i')
              .innerJoin('sco_formsemestre as fs', 'fs.id', 'i.formsemestre_id')
              .select((eb2) => eb2.fn.max('fs.date_debut').as('m'))
              .whereRef('i.etudid', '=', 'e.id'),
            eb.val(''),
          ),
        'desc',
      )
      .orderBy('e.id', 'desc'),
  );
}
const byNip = byCode('code_nip');
const byIne = byCode('code_ine');

export async function findEtud(ctx: ScoContext, perm: PermissionName): Promise<EtudRef> {
  const db = ctx.req.server.db;
  const p = ctx.params;
  if (p.etudid !== undefined) {
    const e = await db.statements.first(byId, { id: Number(p.etudid) });
    if (!e) throw new ScoError('SCO_ERR_ETUD_NOT_FOUND');
    checkObjectDept(ctx.access, perm, Number(e.dept_id), 'SCO_ERR_ETUD_NOT_FOUND');
    return e;
  }
  const code = p.nip ?? p.ine;
  // A NUL byte matches no code (and PostgreSQL refuses it in text).
  if (code.includes('\u0000')) throw new ScoError('SCO_ERR_ETUD_NOT_FOUND');
  const all = await db.statements.all(p.nip !== undefined ? byNip : byIne, { code });
  if (all.length === 0) throw new ScoError('SCO_ERR_ETUD_NOT_FOUND');
  const scope = deptScope(ctx.access, perm);
  const visible = all.find((e) => inScope(scope, Number(e.dept_id)));
  if (visible) return visible;
  throw new ScoError(ctx.access.dept ? 'SCO_ERR_ETUD_NOT_FOUND' : 'SCO_ERR_FORBIDDEN');
}

/** The four ways of naming a student in attendance paths (scodoc-assiduites.md §2 `<C>`). */
export const ETUD_PATHS = [':etudid(^\\d{1,15}$)', 'etudid/:etudid(^\\d{1,15}$)', 'nip/:nip', 'ine/:ine'] as const;
