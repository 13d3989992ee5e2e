/**
 * Justificatif writes (scodoc-assiduites.md §2, §4, AS5, AS9): create in batch (`couverture` = records it
 * now justifies), edit one (`couverture.avant` / `apres`), delete in batch (rows and files together). Every
 * write recomputes `est_just` of the student's records in its transaction.
 */
import type { Kysely } from 'kysely';
import type { ScoError } from '../../errors.js';
import { settingsOf } from '../assiduites/assiduites.writes.js';
import { JUSTIF_ETATS } from '../assiduites/etats.js';
import {
  bodyList,
  type Envelope,
  envelope,
  err,
  ItemError,
  idOf,
  isObject,
  mayWrite,
  readDate,
  readEtat,
  readExternal,
  readText,
  StudentContext,
} from '../assiduites/item-checks.js';
import { afterAttendanceWrite, lockStudents, type Period } from '../assiduites/justification.js';
import type { ScoContext } from '../route.js';
import {
  coveredAssiduites,
  deleteJustificatifs,
  insertJustificatif,
  type JustificatifRow,
  justificatifsByIds,
  updateJustificatif,
} from './justificatifs.queries.js';

const VALIDE = 0;

/** Records a justificatif justifies: those it spans, if it is VALIDE (§4). */
async function justifiedBy(
  trx: Kysely<any>,
  j: { etudid: number; date_debut: number; date_fin: number; etat: number },
) {
  if (Number(j.etat) !== VALIDE) return [];
  return coveredAssiduites(trx, Number(j.etudid), Number(j.date_debut), Number(j.date_fin));
}

/** `justificatif/<C>/create` body `[{date_debut, date_fin, etat, raison?, external_data?}]`. */
export async function createJustificatifs(ctx: ScoContext, body: unknown, etud: { id: number; dept_id: number }) {
  const items = bodyList(body);
  const s = settingsOf(ctx);
  const out = envelope();
  const etudid = Number(etud.id);
  const { db } = ctx.req.server;
  const now = Date.now();
  await db.kysely.transaction().execute(async (trx) => {
    await lockStudents(trx, db.dialect, [etudid]);
    const sc = await StudentContext.load(trx, [etudid], [], s.timeZone, null);
    const created: { indice: number; id: number; p: Period & { etat: number } }[] = [];
    for (const [indice, raw] of items.entries()) {
      if (!isObject(raw)) {
        out.errors.push({ indice, message: err('SCO_ERR_ASSI_ITEM_NOT_OBJECT').message });
        continue;
      }
      const errors: ScoError[] = [];
      const etat = readEtat(raw, JUSTIF_ETATS, errors, true);
      const debut = readDate(raw, 'date_debut', s.timeZone, errors, true);
      const fin = readDate(raw, 'date_fin', s.timeZone, errors, true);
      const raison = readText(raw, 'raison', errors);
      const ext = readExternal(raw, errors);
      if (!errors.length && !mayWrite(ctx.access, Number(etud.dept_id))) errors.push(err('SCO_ERR_FORBIDDEN'));
      if (!errors.length && fin! <= debut!) errors.push(err('SCO_ERR_ASSI_FIN_BEFORE_DEBUT'));
      if (!errors.length && !sc.overlapsSemestre(etudid, debut!, fin!))
        errors.push(err('SCO_ERR_ASSI_OUTSIDE_SEMESTRE'));
      if (errors.length) {
        out.errors.push({ indice, message: new ItemError(errors).message });
        continue;
      }
      const id = await insertJustificatif(trx, {
        etudid,
        date_debut: debut,
        date_fin: fin,
        etat,
        raison: raison ?? null,
        entry_date: now,
        user_id: ctx.access.userId,
        external_data: ext ?? null,
      });
      created.push({ indice, id, p: { etudid, date_debut: debut!, date_fin: fin!, etat: etat! } });
    }
    if (!created.length) return;
    await afterAttendanceWrite(trx, {
      actor: ctx.access.username,
      action: 'justificatif.create',
      recompute: 'periods',
      ids: created.map((c) => c.id),
      periods: created.map((c) => c.p),
      timeZone: s.timeZone,
      ip: ctx.req.ip,
    });
    for (const c of created) {
      out.success.push({ indice: c.indice, message: { justif_id: c.id, couverture: await justifiedBy(trx, c.p) } });
    }
  });
  return out;
}

/** `justificatif/<id>/edit` body `{etat?, raison?, date_debut?, date_fin?, external_data?}`. */
export async function editJustificatif(ctx: ScoContext, j: JustificatifRow) {
  const raw = ctx.body ?? {};
  if (!isObject(raw)) throw err('SCO_ERR_ASSI_ITEM_NOT_OBJECT');
  const s = settingsOf(ctx);
  const errors: ScoError[] = [];
  const values: Record<string, unknown> = {};
  const etat = readEtat(raw, JUSTIF_ETATS, errors, false);
  if (etat !== undefined) values.etat = etat;
  const debut = readDate(raw, 'date_debut', s.timeZone, errors, false);
  if (debut !== undefined) values.date_debut = debut;
  const fin = readDate(raw, 'date_fin', s.timeZone, errors, false);
  if (fin !== undefined) values.date_fin = fin;
  const raison = readText(raw, 'raison', errors);
  if (raison !== undefined) values.raison = raison;
  const ext = readExternal(raw, errors);
  if (ext !== undefined) values.external_data = ext;
  const after = {
    etudid: Number(j.etudid),
    date_debut: debut ?? Number(j.date_debut),
    date_fin: fin ?? Number(j.date_fin),
    etat: etat ?? Number(j.etat),
  };
  if (!errors.length && after.date_fin <= after.date_debut) errors.push(err('SCO_ERR_ASSI_FIN_BEFORE_DEBUT'));
  if (errors.length) throw new ItemError(errors).toScoError();
  const { db } = ctx.req.server;
  return db.kysely.transaction().execute(async (trx) => {
    await lockStudents(trx, db.dialect, [after.etudid]);
    const avant = await justifiedBy(trx, j);
    await updateJustificatif(trx, Number(j.id), values);
    await afterAttendanceWrite(trx, {
      actor: ctx.access.username,
      action: 'justificatif.edit',
      recompute: 'periods',
      ids: [Number(j.id)],
      // Both periods: the old one loses coverage, the new one gains it.
      periods: [j, after],
      timeZone: s.timeZone,
      ip: ctx.req.ip,
    });
    return { couverture: { avant, apres: await justifiedBy(trx, after) } };
  });
}

/** `justificatif/delete` body `[id, …]`: unknown ids → "Justificatif non existant" (§5). */
export async function deleteJustificatifsBatch(ctx: ScoContext, body: unknown): Promise<Envelope> {
  const items = bodyList(body);
  const out = envelope();
  const ids = items.map((v) => idOf(v) ?? 0);
  const { db } = ctx.req.server;
  const s = settingsOf(ctx);
  await db.kysely.transaction().execute(async (trx) => {
    const rows = new Map((await justificatifsByIds(trx, ids.filter(Boolean))).map((r) => [Number(r.id), r]));
    await lockStudents(
      trx,
      db.dialect,
      [...rows.values()].map((r) => Number(r.etudid)),
    );
    const del = new Set<number>();
    ids.forEach((id, indice) => {
      const row = rows.get(id);
      if (!row || del.has(id) || (ctx.access.dept && ctx.access.dept.id !== Number(row.dept_id))) {
        out.errors.push({ indice, message: err('SCO_ERR_JUSTIF_NOT_EXISTING').message });
      } else if (!mayWrite(ctx.access, Number(row.dept_id))) {
        out.errors.push({ indice, message: err('SCO_ERR_FORBIDDEN').message });
      } else {
        del.add(id);
        out.success.push({ indice, message: 'OK' });
      }
    });
    if (del.size) {
      await deleteJustificatifs(trx, [...del]);
      await afterAttendanceWrite(trx, {
        actor: ctx.access.username,
        action: 'justificatif.delete',
        recompute: 'periods',
        ids: [...del],
        periods: [...del].map((id) => rows.get(id)!),
        timeZone: s.timeZone,
        ip: ctx.req.ip,
      });
    }
  });
  return out;
}
