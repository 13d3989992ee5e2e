/**
 * Assiduité writes (scodoc-assiduites.md §2, AS3–AS6, AS9): create in batch, edit one or many, delete many.
 * Items are parsed, then checked one by one inside one transaction against the students' formsemestres,
 * modules and records (earlier items of the batch included); refused items write nothing, accepted ones are
 * inserted together, then est_just, results versions and audit follow in the same transaction.
 */
import type { Kysely } from 'kysely';
import { can } from '../../access.js';
import type { ScoError } from '../../errors.js';
import type { ScoContext } from '../route.js';
import {
  type AssiduiteRow,
  assiduitesByIds,
  deleteAssiduites,
  etudiantsByIds,
  insertAssiduites,
  updateAssiduite,
} from './assiduites.queries.js';
import { ASSIDUITE_ETATS } from './etats.js';
import {
  bodyList,
  checkWorkingDays,
  type Envelope,
  envelope,
  err,
  ItemError,
  idOf,
  isObject,
  mayWrite,
  type Obj,
  readDate,
  readEtat,
  readExternal,
  readModuleimpl,
  readText,
  type Settings,
  StudentContext,
} from './item-checks.js';
import { afterAttendanceWrite, lockStudents, type Period } from './justification.js';

export function settingsOf(ctx: ScoContext): Settings {
  const c = ctx.req.server.config.scodoc;
  return { timeZone: c.timeZone, nonWorkingDays: c.assiduites.nonWorkingDays, forceModule: c.assiduites.forceModule };
}

interface CreateItem {
  readonly etudid: number;
  readonly debut: number;
  readonly fin: number;
  readonly etat: number;
  readonly mi: number | null;
  readonly desc: string | null;
  readonly ext: string | null;
}

function parseCreate(raw: unknown, tz: string, etudid: number | undefined): CreateItem | ItemError {
  if (!isObject(raw)) return new ItemError([err('SCO_ERR_ASSI_ITEM_NOT_OBJECT')]);
  const errors: ScoError[] = [];
  let e = etudid;
  if (e === undefined) {
    const n = idOf(raw.etudid);
    if (n === null) errors.push(err('SCO_ERR_ASSI_PARAM_INVALID', { name: 'etudid' }));
    else e = n;
  }
  const etat = readEtat(raw, ASSIDUITE_ETATS, errors, true);
  const debut = readDate(raw, 'date_debut', tz, errors, true);
  const fin = readDate(raw, 'date_fin', tz, errors, true);
  const mi = readModuleimpl(raw, errors);
  const desc = readText(raw, 'desc', errors);
  const ext = readExternal(raw, errors);
  if (errors.length) return new ItemError(errors);
  return { etudid: e!, debut: debut!, fin: fin!, etat: etat!, mi: mi ?? null, desc: desc ?? null, ext: ext ?? null };
}

/**
 * `assiduite/<C>/create` (one student, `etudid` fixed) and `assiduites/create` (items name theirs).
 * The caller's right on each student is checked per item.
 */
export async function createAssiduites(ctx: ScoContext, body: unknown, fixed?: { id: number; dept_id: number }) {
  const items = bodyList(body);
  const s = settingsOf(ctx);
  const out = envelope();
  const parsed = items.map((raw) => parseCreate(raw, s.timeZone, fixed ? Number(fixed.id) : undefined));
  const etudids = [...new Set(parsed.flatMap((p) => (p instanceof ItemError ? [] : [p.etudid])))];
  const mis = [...new Set(parsed.flatMap((p) => (p instanceof ItemError || p.mi === null ? [] : [p.mi])))];
  const { db } = ctx.req.server;
  const now = Date.now();
  await db.kysely.transaction().execute(async (trx) => {
    await lockStudents(trx, db.dialect, etudids);
    const depts = new Map(
      fixed
        ? [[Number(fixed.id), Number(fixed.dept_id)]]
        : (await etudiantsByIds(trx, etudids)).map((e) => [Number(e.id), Number(e.dept_id)]),
    );
    const ok = parsed.filter((p): p is CreateItem => !(p instanceof ItemError));
    const window = ok.length
      ? { from: Math.min(...ok.map((p) => p.debut)), to: Math.max(...ok.map((p) => p.fin)) }
      : null;
    const sc = await StudentContext.load(trx, etudids, mis, s.timeZone, window);
    const accepted: { indice: number; row: Record<string, unknown>; item: CreateItem }[] = [];
    parsed.forEach((p, indice) => {
      const r = p instanceof ItemError ? p : checkCreate(ctx, p, depts, sc, s);
      if (r instanceof ItemError || p instanceof ItemError) {
        out.errors.push({ indice, message: ((r ?? p) as ItemError).message });
        return;
      }
      sc.addPeriod(p.etudid, p.debut, p.fin);
      accepted.push({
        indice,
        item: p,
        row: {
          etudid: p.etudid,
          moduleimpl_id: p.mi,
          date_debut: p.debut,
          date_fin: p.fin,
          etat: p.etat,
          description: p.desc,
          entry_date: now,
          user_id: ctx.access.userId,
          est_just: 0,
          external_data: p.ext,
        },
      });
    });
    const ids = await insertAssiduites(
      trx,
      accepted.map((a) => a.row),
    );
    for (const [i, a] of accepted.entries()) out.success.push({ indice: a.indice, message: { assiduite_id: ids[i] } });
    if (ids.length) {
      await afterAttendanceWrite(trx, {
        actor: ctx.access.username,
        action: 'assiduite.create',
        recompute: 'records',
        ids,
        periods: accepted.map((a) => ({ etudid: a.item.etudid, date_debut: a.item.debut, date_fin: a.item.fin })),
        timeZone: s.timeZone,
        ip: ctx.req.ip,
      });
    }
  });
  return out;
}

function checkCreate(
  ctx: ScoContext,
  p: CreateItem,
  depts: Map<number, number>,
  sc: StudentContext,
  s: Settings,
): ItemError | null {
  const dept = depts.get(p.etudid);
  // Unknown here (absent, or of another department on a department prefix, D5) or not writable (D4).
  if (dept === undefined || (ctx.access.dept && ctx.access.dept.id !== dept)) {
    return new ItemError([err('SCO_ERR_ASSI_PARAM_INVALID', { name: 'etudid' })]);
  }
  if (!mayWrite(ctx.access, dept)) return new ItemError([err('SCO_ERR_FORBIDDEN')]);
  if (p.fin <= p.debut) return new ItemError([err('SCO_ERR_ASSI_FIN_BEFORE_DEBUT')]);
  const errors: ScoError[] = [];
  checkWorkingDays(p.debut, p.fin, s, errors);
  if (p.mi !== null) sc.checkModule(p.etudid, dept, p.mi, p.debut, p.fin, errors);
  else {
    if (s.forceModule) errors.push(err('SCO_ERR_ASSI_MODULE_REQUIRED'));
    if (!sc.inSemestre(p.etudid, p.debut, p.fin)) errors.push(err('SCO_ERR_ASSI_OUTSIDE_SEMESTRE'));
  }
  if (sc.overlaps(p.etudid, p.debut, p.fin)) errors.push(err('SCO_ERR_ASSI_DUPLICATION'));
  return errors.length ? new ItemError(errors) : null;
}

interface EditItem {
  readonly id: number;
  readonly values: Record<string, unknown>;
  readonly mi?: number | null;
}

/** Edit body (§2): `etat`, `moduleimpl_id`, `desc`, `external_data`; a supplied `est_just` is ignored (AS5). */
function parseEdit(raw: unknown, id: number | undefined): EditItem | ItemError {
  if (!isObject(raw)) return new ItemError([err('SCO_ERR_ASSI_ITEM_NOT_OBJECT')]);
  const errors: ScoError[] = [];
  let aid = id;
  if (aid === undefined) {
    const n = idOf(raw.assiduite_id);
    if (raw.assiduite_id === undefined || raw.assiduite_id === null) {
      errors.push(err('SCO_ERR_ASSI_PARAM_MISSING', { name: 'assiduite_id' }));
    } else if (n === null) errors.push(err('SCO_ERR_ASSI_PARAM_INVALID', { name: 'assiduite_id' }));
    else aid = n;
  }
  const values: Record<string, unknown> = {};
  const etat = readEtat(raw as Obj, ASSIDUITE_ETATS, errors, false);
  if (etat !== undefined) values.etat = etat;
  const mi = readModuleimpl(raw, errors);
  if (mi !== undefined) values.moduleimpl_id = mi;
  const desc = readText(raw, 'desc', errors);
  if (desc !== undefined) values.description = desc;
  const ext = readExternal(raw, errors);
  if (ext !== undefined) values.external_data = ext;
  if (errors.length) return new ItemError(errors);
  return { id: aid!, values, mi };
}

function checkEdit(ctx: ScoContext, p: EditItem, row: AssiduiteRow | undefined, sc: StudentContext, s: Settings) {
  if (!row || (ctx.access.dept && ctx.access.dept.id !== Number(row.dept_id))) {
    return new ItemError([err('SCO_ERR_ASSI_NOT_EXISTING')]);
  }
  if (!can(ctx.access, 'ScoAbsChange', Number(row.dept_id))) return new ItemError([err('SCO_ERR_FORBIDDEN')]);
  const errors: ScoError[] = [];
  if (p.mi !== undefined && p.mi !== null) {
    sc.checkModule(Number(row.etudid), Number(row.dept_id), p.mi, Number(row.date_debut), Number(row.date_fin), errors);
  } else if (p.mi === null && s.forceModule) errors.push(err('SCO_ERR_ASSI_MODULE_REQUIRED'));
  return errors.length ? new ItemError(errors) : null;
}

/**
 * `assiduite/<id>/edit` (one, `id` given: a refused edit throws) and `assiduites/edit` (items with
 * `assiduite_id`: envelope, success "OK").
 */
export async function editAssiduites(ctx: ScoContext, body: unknown, single?: number): Promise<Envelope> {
  const items = single === undefined ? bodyList(body) : [body ?? {}];
  const s = settingsOf(ctx);
  const out = envelope();
  const parsed = items.map((raw) => parseEdit(raw, single));
  const ids = [...new Set(parsed.flatMap((p) => (p instanceof ItemError ? [] : [p.id])))];
  const { db } = ctx.req.server;
  await db.kysely.transaction().execute(async (trx) => {
    const rows = new Map((await assiduitesByIds(trx, ids)).map((r) => [Number(r.id), r]));
    const etudids = [...new Set([...rows.values()].map((r) => Number(r.etudid)))];
    await lockStudents(trx, db.dialect, etudids);
    const mis = [...new Set(parsed.flatMap((p) => (p instanceof ItemError || !p.mi ? [] : [p.mi])))];
    const sc = await StudentContext.load(trx, etudids, mis, s.timeZone, null);
    const done: number[] = [];
    const periods: Period[] = [];
    for (const [indice, p] of parsed.entries()) {
      const r = p instanceof ItemError ? p : checkEdit(ctx, p, rows.get(p.id), sc, s);
      if (r instanceof ItemError) {
        if (single !== undefined) throw r.toScoError();
        out.errors.push({ indice, message: r.message });
        continue;
      }
      const e = p as EditItem;
      await updateAssiduite(trx, e.id, e.values);
      const row = rows.get(e.id)!;
      done.push(e.id);
      periods.push(row);
      out.success.push({ indice, message: 'OK' });
    }
    if (done.length) {
      await afterAttendanceWrite(trx, {
        actor: ctx.access.username,
        action: 'assiduite.edit',
        recompute: 'records',
        ids: done,
        periods,
        timeZone: s.timeZone,
        ip: ctx.req.ip,
      });
    }
  });
  return out;
}

/** `assiduite/delete` body `[id, …]`: unknown or foreign ids → "Assiduite non existante" (§5). */
export async function deleteAssiduitesBatch(ctx: ScoContext, body: unknown): Promise<Envelope> {
  const items = bodyList(body);
  const out = envelope();
  const ids = items.map((v) => idOf(v) ?? 0);
  const { db } = ctx.req.server;
  const s = settingsOf(ctx);
  await db.kysely.transaction().execute(async (trx: Kysely<any>) => {
    const rows = new Map((await assiduitesByIds(trx, ids.filter(Boolean))).map((r) => [Number(r.id), r]));
    await lockStudents(
      trx,
      db.dialect,
      [...rows.values()].map((r) => Number(r.etudid)),
    );
    const del = new Set<number>();
    ids.forEach((id, indice) => {
      const row = rows.get(id);
      if (!row || del.has(id) || (ctx.access.dept && ctx.access.dept.id !== Number(row.dept_id))) {
        out.errors.push({ indice, message: err('SCO_ERR_ASSI_NOT_EXISTING').message });
      } else if (!mayWrite(ctx.access, Number(row.dept_id))) {
        out.errors.push({ indice, message: err('SCO_ERR_FORBIDDEN').message });
      } else {
        del.add(id);
        out.success.push({ indice, message: 'OK' });
      }
    });
    if (del.size) {
      await deleteAssiduites(trx, [...del]);
      await afterAttendanceWrite(trx, {
        actor: ctx.access.username,
        action: 'assiduite.delete',
        recompute: 'none',
        ids: [...del],
        periods: [...del].map((id) => rows.get(id)!),
        timeZone: s.timeZone,
        ip: ctx.req.ip,
      });
    }
  });
  return out;
}
