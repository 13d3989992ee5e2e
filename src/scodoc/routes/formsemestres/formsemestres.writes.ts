/**
 * Formsemestre writes (scodoc.md D26, D37): create (with one moduleimpl per module of its semestre and
 * the default partition), edit, inscriptions with etat I / D / DEF. Multi-row writes are transactions.
 */
import type { Kysely } from 'kysely';
import { parseDate } from '../../dates.js';
import { BodyReader } from '../body.js';

const BOOL_FIELDS = [
  'etat',
  'gestion_semestrielle',
  'gestion_compensation',
  'block_moyennes',
  'bul_hide_xml',
  'resp_can_edit',
  'resp_can_change_ens',
  'ens_can_edit_eval',
] as const;

export interface FormsemestreInput {
  readonly values: Record<string, unknown>;
  readonly responsables?: number[];
}

/** Reads the §5.14 fields; `create` requires formation_id, semestre_id, titre and both dates. */
export function readFormsemestre(
  route: string,
  body: unknown,
  create: boolean,
): FormsemestreInput & { formation_id?: number } {
  const r = BodyReader.of(route, body);
  const v: Record<string, unknown> = {};
  const formationId = create ? r.int('formation_id', { required: true, min: 1 }) : undefined;
  const semestreId = r.int('semestre_id', { required: create, min: -1, max: 20 });
  if (semestreId !== undefined) v.semestre_id = semestreId;
  const titre = r.str('titre', { required: create, max: 500 });
  if (titre) v.titre = titre;
  for (const k of ['date_debut', 'date_fin'] as const) {
    if (!r.has(k)) {
      if (create) r.fail(`${k} is required`);
      continue;
    }
    const d = parseDate(r.body[k]);
    if (!d) r.fail(`invalid ${k}`);
    v[k] = d;
  }
  if (v.date_debut && v.date_fin && (v.date_debut as string) > (v.date_fin as string))
    r.fail('date_debut after date_fin');
  const modalite = r.str('modalite', { max: 10 });
  if (modalite) {
    if (!/^[A-Z]{2,4}$/.test(modalite)) r.fail('invalid modalite');
    v.modalite = modalite;
  }
  for (const k of BOOL_FIELDS) {
    const b = r.bool(k);
    if (b !== undefined) v[k] = b ? 1 : 0;
  }
  for (const k of ['bul_bgcolor', 'elt_sem_apo', 'elt_annee_apo'] as const) {
    const s = r.str(k, { max: 200 });
    if (s !== undefined) v[k] = s;
  }
  if (r.has('etape_apo')) {
    const raw = r.body.etape_apo;
    const list = Array.isArray(raw) ? raw.map(String) : String(raw ?? '').split(',');
    v.etape_apo = list
      .map((x) => x.trim())
      .filter(Boolean)
      .join(',');
  }
  const responsables = r.intList('responsables');
  return { values: v, responsables, formation_id: formationId };
}

export async function createFormsemestre(
  db: Kysely<any>,
  deptId: number,
  formationId: number,
  input: FormsemestreInput,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('sco_formsemestre')
      .values({ ...input.values, dept_id: deptId, formation_id: formationId })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(row.id);
    for (const uid of input.responsables ?? []) {
      await trx.insertInto('sco_formsemestre_responsable').values({ formsemestre_id: id, user_id: uid }).execute();
    }
    const modules = await trx
      .selectFrom('sco_module')
      .select('id')
      .where('formation_id', '=', formationId)
      .where('semestre_id', '=', input.values.semestre_id as number)
      .orderBy('numero')
      .orderBy('code')
      .execute();
    const resp = input.responsables?.[0] ?? null;
    for (const m of modules) {
      await trx
        .insertInto('sco_moduleimpl')
        .values({ formsemestre_id: id, module_id: Number(m.id), responsable_id: resp })
        .execute();
    }
    await createDefaultPartition(trx, id);
    return id;
  });
}

/** The default partition (name null) with its single group, holding every inscrit (scodoc.md §5.6). */
export async function createDefaultPartition(trx: Kysely<any>, formsemestreId: number): Promise<number> {
  const p = await trx
    .insertInto('sco_partition')
    .values({ formsemestre_id: formsemestreId, partition_name: null, numero: -1, show_in_lists: 0, groups_editable: 0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('sco_group')
    .values({ partition_id: Number(p.id), group_name: null, numero: 0 })
    .execute();
  return Number(p.id);
}

export async function editFormsemestre(db: Kysely<any>, id: number, input: FormsemestreInput): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (Object.keys(input.values).length) {
      await trx.updateTable('sco_formsemestre').set(input.values).where('id', '=', id).execute();
    }
    if (input.responsables) {
      await trx.deleteFrom('sco_formsemestre_responsable').where('formsemestre_id', '=', id).execute();
      for (const uid of new Set(input.responsables)) {
        await trx.insertInto('sco_formsemestre_responsable').values({ formsemestre_id: id, user_id: uid }).execute();
      }
    }
  });
}

/** Users that exist (responsables, enseignants must be ScoDoc users). */
export async function missingUsers(db: Kysely<any>, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const found = await db
    .selectFrom('sco_user')
    .select('id')
    .where('id', 'in', [...ids])
    .execute();
  const set = new Set(found.map((f) => Number(f.id)));
  return ids.filter((i) => !set.has(i));
}

/**
 * Inscribes a student: semester inscription (etat I), every moduleimpl of the semester, the default
 * group. Re-inscribing an existing inscription only sets its etat back to I.
 */
export async function inscrire(db: Kysely<any>, formsemestreId: number, etudid: number, today: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('sco_inscription')
      .select('id')
      .where('formsemestre_id', '=', formsemestreId)
      .where('etudid', '=', etudid)
      .executeTakeFirst();
    if (existing) {
      await trx
        .updateTable('sco_inscription')
        .set({ etat: 'I', date_etat: null })
        .where('id', '=', existing.id)
        .execute();
      return;
    }
    await trx
      .insertInto('sco_inscription')
      .values({ formsemestre_id: formsemestreId, etudid, etat: 'I', date_inscription: today })
      .execute();
    const mis = await trx
      .selectFrom('sco_moduleimpl')
      .select('id')
      .where('formsemestre_id', '=', formsemestreId)
      .execute();
    for (const mi of mis) {
      await trx
        .insertInto('sco_moduleimpl_inscription')
        .values({ moduleimpl_id: Number(mi.id), etudid })
        .execute();
    }
    const def = await trx
      .selectFrom('sco_group as g')
      .innerJoin('sco_partition as p', 'p.id', 'g.partition_id')
      .select(['g.id', 'g.partition_id'])
      .where('p.formsemestre_id', '=', formsemestreId)
      .where('p.partition_name', 'is', null)
      .executeTakeFirst();
    if (def) {
      await trx
        .insertInto('sco_group_member')
        .values({ partition_id: Number(def.partition_id), group_id: Number(def.id), etudid })
        .execute();
    }
  });
}

/** Removes a student from a semester: inscription, module inscriptions and group memberships. */
export async function desinscrire(db: Kysely<any>, formsemestreId: number, etudid: number): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const del = await trx
      .deleteFrom('sco_inscription')
      .where('formsemestre_id', '=', formsemestreId)
      .where('etudid', '=', etudid)
      .executeTakeFirst();
    if (Number(del.numDeletedRows) === 0) return false;
    await trx
      .deleteFrom('sco_moduleimpl_inscription')
      .where('etudid', '=', etudid)
      .where('moduleimpl_id', 'in', (eb: any) =>
        eb.selectFrom('sco_moduleimpl').select('id').where('formsemestre_id', '=', formsemestreId),
      )
      .execute();
    await trx
      .deleteFrom('sco_group_member')
      .where('etudid', '=', etudid)
      .where('partition_id', 'in', (eb: any) =>
        eb.selectFrom('sco_partition').select('id').where('formsemestre_id', '=', formsemestreId),
      )
      .execute();
    return true;
  });
}

export async function setInscriptionEtat(
  db: Kysely<any>,
  formsemestreId: number,
  etudid: number,
  etat: 'I' | 'D' | 'DEF',
  date: string | null,
): Promise<boolean> {
  const r = await db
    .updateTable('sco_inscription')
    .set({ etat, date_etat: date })
    .where('formsemestre_id', '=', formsemestreId)
    .where('etudid', '=', etudid)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export function inscription(db: Kysely<any>, formsemestreId: number, etudid: number) {
  return db
    .selectFrom('sco_inscription')
    .select(['etudid', 'formsemestre_id', 'etat', 'date_inscription', 'date_etat'])
    .where('formsemestre_id', '=', formsemestreId)
    .where('etudid', '=', etudid)
    .executeTakeFirst();
}
