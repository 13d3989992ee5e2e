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

type UserNames = { user_name: string; nom: string | null; prenom: string | null };

/**
 * Fills `code_nip`, `dept_id`, `user_name`, `user_nom`, `user_prenom` of rows in place: one statement for
 * the students not in `known` and one for the authors, whatever the number of rows (cached statements when
 * there is a single one, the usual case of a student's list).
 */
export async function fillNames<R extends Named>(
  db: Database,
  rows: R[],
  known?: Map<number, EtudNames>,
): Promise<R[]> {
  const etuds = new Map<number, EtudNames>(known ?? []);
  const missing = [...new Set(rows.map((r) => Number(r.etudid)))].filter((e) => !etuds.has(e));
  if (missing.length === 1) {
    const n = await db.statements.first(etudNames, { id: missing[0] });
    if (n) etuds.set(missing[0], n);
  } else if (missing.length > 1) {
    const found = await db.kysely
      .selectFrom('sco_etudiant')
      .select(['id', 'code_nip', 'dept_id'])
      .where('id', 'in', missing)
      .execute();
    for (const f of found) etuds.set(Number(f.id), { code_nip: f.code_nip, dept_id: Number(f.dept_id) });
  }
  const uids = [
    ...new Set(rows.flatMap((r) => (r.user_id === null || r.user_id === undefined ? [] : [Number(r.user_id)]))),
  ];
  const users = new Map<number, UserNames>();
  if (uids.length === 1) {
    const u = await db.statements.first(userNames, { id: uids[0] });
    if (u) users.set(uids[0], u);
  } else if (uids.length > 1) {
    const found = await db.kysely
      .selectFrom('accounts as acc')
      .leftJoin('sco_user as u', 'u.id', 'acc.id')
      .select(['acc.id', 'acc.username as user_name', 'u.nom', 'u.prenom'])
      .where('acc.id', 'in', uids)
      .execute();
    for (const f of found) users.set(Number(f.id), f as UserNames);
  }
  for (const r of rows) {
    const n = etuds.get(Number(r.etudid));
    r.code_nip = n?.code_nip ?? null;
    r.dept_id = Number(n?.dept_id ?? 0);
    const u = r.user_id === null || r.user_id === undefined ? undefined : users.get(Number(r.user_id));
    r.user_name = u?.user_name ?? null;
    r.user_nom = u?.nom ?? null;
    r.user_prenom = u?.prenom ?? null;
  }
  return rows;
}
