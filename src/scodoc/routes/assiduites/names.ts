/**
 * The student's NIP and department and the author's names of attendance rows, looked up once per distinct
 * student and author rather than joined into every row: hot lists (`assiduites/nip/<nip>/query`) read only
 * the records' own columns, then a couple of cached statements fill these fields.
 */
import type { Database } from '../../../db/database.js';
import { defineQuery, param } from '../../../db/statements.js';

interface Named {
  etudid: number;
  user_id: number | null;
  code_nip?: string | null;
  dept_id?: number;
  user_name?: string | null;
  user_nom?: string | null;
  user_prenom?: string | null;
}

export interface EtudNames {
  readonly code_nip: string | null;
  readonly dept_id: number;
}

const etudNames = defineQuery<{ id: number }, EtudNames>('scodoc.assiduitesEtudNames', (db) =>
  db.selectFrom('sco_etudiant').select(['code_nip', 'dept_id']).where('id', '=', param('id')),
);
const inscritNames = defineQuery<{ fs: number }, EtudNames & { id: number }>('scodoc.assiduitesInscritNames', (db) =>
  db
    .selectFrom('sco_inscription as i')
    .innerJoin('sco_etudiant as e', 'e.id', 'i.etudid')
    .select(['e.id', 'e.code_nip', 'e.dept_id'])
    .where('i.formsemestre_id', '=', param('fs')),
);
const userNames = defineQuery<{ id: number }, { user_name: string; nom: string | null; prenom: string | null }>(
  'scodoc.assiduitesUserNames',
  (db) =>
    db
      .selectFrom('accounts as acc')
      .leftJoin('sco_user as u', 'u.id', 'acc.id')
      .select(['acc.username as user_name', 'u.nom', 'u.prenom'])
      .where('acc.id', '=', param('id')),
);

/** The students of a formsemestre, by etudid (one statement). */
export async function inscritNamesOf(db: Database, fs: number): Promise<Map<number, EtudNames>> {
  return new Map((await db.statements.all(inscritNames, { fs })).map((r) => [Number(r.id), r]));
}

/** Fills `code_nip`, `dept_id`, `user_name`, `user_nom`, `user_prenom` of rows in place. */
export async function fillNames<R extends Named>(
  db: Database,
  rows: R[],
  known?: Map<number, EtudNames>,
): Promise<R[]> {
  const etuds = known ?? new Map<number, EtudNames>();
  const users = new Map<number, { user_name: string; nom: string | null; prenom: string | null } | undefined>();
  for (const r of rows) {
    const e = Number(r.etudid);
    let n = etuds.get(e);
    if (!n) {
      n = (await db.statements.first(etudNames, { id: e })) ?? { code_nip: null, dept_id: 0 };
      etuds.set(e, n);
    }
    r.code_nip = n.code_nip;
    r.dept_id = Number(n.dept_id);
    if (r.user_id === null || r.user_id === undefined) {
      r.user_name = r.user_nom = r.user_prenom = null;
      continue;
    }
    const uid = Number(r.user_id);
    if (!users.has(uid)) users.set(uid, await db.statements.first(userNames, { id: uid }));
    const u = users.get(uid);
    r.user_name = u?.user_name ?? null;
    r.user_nom = u?.nom ?? null;
    r.user_prenom = u?.prenom ?? null;
  }
  return rows;
}
