/**
 * Étudiant create/edit (ScoDoc 9.6 `etudiant/create`, `etudiant/<K>/edit`, scodoc.md §5.14): fields of
 * the long form, nested `admission`, address fields flat or in `adresses[0]`. One transaction.
 */
import type { Kysely } from 'kysely';
import { parseDate } from '../../dates.js';
import { ADMISSION_COLUMNS, ADRESSE_COLUMNS } from '../../tables.js';
import { BodyReader, type Obj } from '../body.js';
import { makeSortKey } from './etudiants.present.js';

const TEXT_FIELDS = [
  'code_nip',
  'code_ine',
  'nom_usuel',
  'civilite_etat_civil',
  'prenom_etat_civil',
  'lieu_naissance',
  'dept_naissance',
  'nationalite',
  'statut',
  'photo_filename',
  'scodoc7_id',
] as const;

export interface EtudiantInput {
  readonly etud: Record<string, unknown>;
  readonly admission: Record<string, unknown> | null;
  readonly adresse: Record<string, unknown> | null;
}

function civilite(r: BodyReader, k: string, required: boolean): string | undefined {
  const v = r.str(k, { required });
  if (v === undefined || v === null) return undefined;
  const c = v.toUpperCase();
  const map: Record<string, string> = { M: 'M', F: 'F', X: 'X', MR: 'M', MME: 'F' };
  if (!map[c]) r.fail(`invalid ${k}`);
  return map[c];
}

/** Reads and validates an étudiant body; `create` makes nom, prenom and civilite required. */
export function readEtudiant(route: string, body: unknown, create: boolean): EtudiantInput {
  const r = BodyReader.of(route, body);
  const etud: Record<string, unknown> = {};
  const nom = r.str('nom', { required: create, max: 200 });
  if (nom !== undefined && nom !== null) etud.nom = nom.toUpperCase();
  const prenom = r.str('prenom', { required: create, max: 200 });
  if (prenom !== undefined && prenom !== null) etud.prenom = prenom;
  const civ = civilite(r, 'civilite', create);
  if (civ) etud.civilite = civ;
  for (const f of TEXT_FIELDS) {
    const v = r.str(f, { max: 500 });
    if (v !== undefined) etud[f] = v === '' ? null : v;
  }
  if (r.has('date_naissance')) {
    const raw = r.body.date_naissance;
    if (raw === null || raw === '') etud.date_naissance = null;
    else {
      const d = parseDate(raw);
      if (!d) r.fail('invalid date_naissance');
      etud.date_naissance = d;
    }
  }
  const boursier = r.bool('boursier');
  if (boursier !== undefined) etud.boursier = boursier ? 1 : 0;

  let admission: Record<string, unknown> | null = null;
  if (r.has('admission')) {
    const a = BodyReader.of(route, r.body.admission);
    admission = {};
    for (const [col, type] of ADMISSION_COLUMNS) {
      if (!a.has(col)) continue;
      if (col === 'boursier_prec') admission[col] = a.bool(col) ? 1 : 0;
      else if (type === 'integer') admission[col] = a.int(col) ?? null;
      else if (type === 'float') admission[col] = a.num(col) ?? null;
      else admission[col] = a.str(col) ?? null;
    }
  }
  let adresse: Record<string, unknown> | null = null;
  const adrSource: Obj = Array.isArray(r.body.adresses) && r.body.adresses[0] ? (r.body.adresses[0] as Obj) : r.body;
  const a = BodyReader.of(route, adrSource);
  for (const [col] of ADRESSE_COLUMNS) {
    if (!a.has(col) || (adrSource === r.body && col === 'description')) continue;
    adresse ??= {};
    adresse[col] = a.str(col) ?? null;
  }
  return { etud, admission, adresse };
}

/** NIP and INE are unique within a department (scodoc.md D19): the colliding field, if any. */
export async function codeTaken(
  db: Kysely<any>,
  deptId: number,
  etud: Record<string, unknown>,
  exceptId: number | null,
): Promise<string | null> {
  for (const col of ['code_nip', 'code_ine'] as const) {
    const v = etud[col];
    if (v === undefined || v === null) continue;
    let q = db
      .selectFrom('sco_etudiant')
      .select('id')
      .where('dept_id', '=', deptId)
      .where(col, '=', v as string);
    if (exceptId !== null) q = q.where('id', '!=', exceptId);
    if (await q.executeTakeFirst()) return col;
  }
  return null;
}

export async function insertEtudiant(db: Kysely<any>, deptId: number, input: EtudiantInput): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const e = input.etud;
    const row = await trx
      .insertInto('sco_etudiant')
      .values({
        ...e,
        dept_id: deptId,
        sort_key: makeSortKey(e.nom as string, e.nom_usuel as string | null, e.prenom as string),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(row.id);
    await trx
      .insertInto('sco_admission')
      .values({ ...(input.admission ?? {}), etudid: id })
      .execute();
    if (input.adresse)
      await trx
        .insertInto('sco_adresse')
        .values({ ...input.adresse, etudid: id })
        .execute();
    return id;
  });
}

export async function updateEtudiant(
  db: Kysely<any>,
  current: { id: number; nom: string; nom_usuel: string | null; prenom: string },
  input: EtudiantInput,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const e = { ...input.etud };
    if ('nom' in e || 'nom_usuel' in e || 'prenom' in e) {
      e.sort_key = makeSortKey(
        (e.nom as string) ?? current.nom,
        'nom_usuel' in e ? (e.nom_usuel as string | null) : current.nom_usuel,
        (e.prenom as string) ?? current.prenom,
      );
    }
    if (Object.keys(e).length) await trx.updateTable('sco_etudiant').set(e).where('id', '=', current.id).execute();
    if (input.admission && Object.keys(input.admission).length) {
      const exists = await trx
        .selectFrom('sco_admission')
        .select('etudid')
        .where('etudid', '=', current.id)
        .executeTakeFirst();
      if (exists)
        await trx.updateTable('sco_admission').set(input.admission).where('etudid', '=', current.id).execute();
      else
        await trx
          .insertInto('sco_admission')
          .values({ ...input.admission, etudid: current.id })
          .execute();
    }
    if (input.adresse) {
      const exists = await trx
        .selectFrom('sco_adresse')
        .select('id')
        .where('etudid', '=', current.id)
        .executeTakeFirst();
      if (exists) await trx.updateTable('sco_adresse').set(input.adresse).where('etudid', '=', current.id).execute();
      else
        await trx
          .insertInto('sco_adresse')
          .values({ ...input.adresse, etudid: current.id })
          .execute();
    }
  });
}
