/**
 * Checks of one attendance item (scodoc-assiduites.md §5, AS3, AS4, AS6): each returns the ScoErrors of the
 * item, whose texts go to the batch envelope (several joined with ", ") or to a single edit's 404 body.
 */
import type { Kysely } from 'kysely';
import type { ScoAccess } from '../../access.js';
import { can } from '../../access.js';
import { ScoError } from '../../errors.js';
import { inscriptionPeriods, moduleimplInscriptions, moduleimplsByIds, periodsOf } from './assiduites.queries.js';
import { etatCode } from './etats.js';
import { localDayAfter, localMidnight, localParts, parseDatetime } from './local-datetime.js';

export type Obj = Record<string, unknown>;

/** An id given in a body: a positive integer (number or digits) that every database can compare; else null. */
export function idOf(v: unknown): number | null {
  if (typeof v !== 'number' && typeof v !== 'string') return null;
  if (typeof v === 'string' && !/^\s*\d{1,15}\s*$/.test(v)) return null;
  const n = Number(v);
  return Number.isSafeInteger(n) && n >= 1 && n < 1e15 ? n : null;
}

export function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A failed item: its ScoErrors, shown joined with ", " (§5). */
export class ItemError extends Error {
  constructor(readonly errors: readonly ScoError[]) {
    super(errors.map((e) => e.message).join(', '));
  }
  /** The single-object routes answer the first error's status with the joined text. */
  toScoError(): ScoError {
    const e = this.errors[0];
    return Object.assign(Object.create(ScoError.prototype), e, { message: this.message }) as ScoError;
  }
}

export function err(code: ConstructorParameters<typeof ScoError>[0], params: Record<string, string> = {}) {
  return new ScoError(code, params);
}

/** `date_debut` / `date_fin` of an item: AS2 forms; missing or malformed → its text. */
export function readDate(o: Obj, name: string, tz: string, errors: ScoError[], required: boolean): number | undefined {
  const v = o[name];
  if (v === undefined || v === null || v === '') {
    if (required) errors.push(err('SCO_ERR_ASSI_PARAM_MISSING', { name }));
    return undefined;
  }
  const p = parseDatetime(v, tz);
  if (!p) {
    errors.push(err('SCO_ERR_ASSI_PARAM_FORMAT', { name }));
    return undefined;
  }
  return p.ms;
}

export function readEtat(o: Obj, names: readonly string[], errors: ScoError[], required: boolean): number | undefined {
  const v = o.etat;
  if (v === undefined || v === null || v === '') {
    if (required) errors.push(err('SCO_ERR_ASSI_PARAM_MISSING', { name: 'etat' }));
    return undefined;
  }
  const c = etatCode(names, v);
  if (c === undefined) errors.push(err('SCO_ERR_ASSI_PARAM_INVALID', { name: 'etat' }));
  return c;
}

/** Optional text (`desc`, `raison`): string or null; undefined when absent. */
export function readText(o: Obj, name: string, errors: ScoError[]): string | null | undefined {
  const v = o[name];
  if (v === undefined) return undefined;
  if (v === null || v === '') return null;
  if (typeof v !== 'string' || v.length > 5000 || v.includes('\u0000')) {
    errors.push(err('SCO_ERR_ASSI_PARAM_INVALID', { name }));
    return undefined;
  }
  return v;
}

/** `external_data`: a JSON object (or null), stored as given (compat requirement 21). */
export function readExternal(o: Obj, errors: ScoError[]): string | null | undefined {
  const v = o.external_data;
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (!isObject(v)) {
    errors.push(err('SCO_ERR_ASSI_EXTERNAL_DATA'));
    return undefined;
  }
  return JSON.stringify(v);
}

/** `moduleimpl_id`: id, or null/"" for none; undefined when absent. */
export function readModuleimpl(o: Obj, errors: ScoError[]): number | null | undefined {
  const v = o.moduleimpl_id;
  if (v === undefined) return undefined;
  if (v === null || v === '') return null;
  const n = idOf(v);
  if (n === null) {
    errors.push(err('SCO_ERR_ASSI_PARAM_INVALID', { name: 'moduleimpl_id' }));
    return undefined;
  }
  return n;
}

export interface Settings {
  readonly timeZone: string;
  readonly nonWorkingDays: readonly number[];
  readonly forceModule: boolean;
}

/**
 * What the checks of a batch need about its students, loaded once inside the write transaction:
 * formsemestre periods, moduleimpls, module inscriptions, existing records (AS3 overlaps).
 */
export class StudentContext {
  private constructor(
    private readonly fsOf: Map<number, { fs: number; from: number; to: number }[]>,
    private readonly mis: Map<number, { formsemestre_id: number; dept_id: number }>,
    private readonly miIns: Set<string>,
    private readonly periods: Map<number, { id: number; debut: number; fin: number }[]>,
  ) {}

  static async load(
    trx: Kysely<any>,
    etudids: readonly number[],
    moduleimplIds: readonly number[],
    tz: string,
    /** The batch's time span, for overlap checks; null when the batch writes no new period. */
    window: { readonly from: number; readonly to: number } | null,
  ) {
    const fsOf = new Map<number, { fs: number; from: number; to: number }[]>();
    for (const i of await inscriptionPeriods(trx, etudids)) {
      const l = fsOf.get(Number(i.etudid)) ?? [];
      l.push({
        fs: Number(i.formsemestre_id),
        from: localMidnight(i.date_debut, tz),
        to: localDayAfter(i.date_fin, tz),
      });
      fsOf.set(Number(i.etudid), l);
    }
    const mis = new Map(
      (await moduleimplsByIds(trx, moduleimplIds)).map((m) => [
        Number(m.id),
        { formsemestre_id: Number(m.formsemestre_id), dept_id: Number(m.dept_id) },
      ]),
    );
    const miIns = new Set(
      (await moduleimplInscriptions(trx, etudids, moduleimplIds)).map(
        (r) => `${Number(r.moduleimpl_id)}:${Number(r.etudid)}`,
      ),
    );
    const periods = new Map<number, { id: number; debut: number; fin: number }[]>();
    if (window) {
      for (const p of await periodsOf(trx, etudids, window.from, window.to)) {
        const l = periods.get(Number(p.etudid)) ?? [];
        l.push({ id: Number(p.id), debut: Number(p.date_debut), fin: Number(p.date_fin) });
        periods.set(Number(p.etudid), l);
      }
    }
    return new StudentContext(fsOf, mis, miIns, periods);
  }

  /** AS4: inside one formsemestre of the student (its moduleimpl's one when given). */
  inSemestre(etudid: number, debut: number, fin: number, fs?: number): boolean {
    return (this.fsOf.get(etudid) ?? []).some(
      (p) => (fs === undefined || p.fs === fs) && debut >= p.from && fin <= p.to,
    );
  }

  /** The period touches some formsemestre of the student (justificatifs). */
  overlapsSemestre(etudid: number, debut: number, fin: number): boolean {
    return (this.fsOf.get(etudid) ?? []).some((p) => debut < p.to && fin > p.from);
  }

  /** Module checks of AS4: known, same department, student inscribed, period inside its formsemestre. */
  checkModule(etudid: number, deptId: number, mi: number, debut: number, fin: number, errors: ScoError[]) {
    const m = this.mis.get(mi);
    if (!m || m.dept_id !== deptId) {
      errors.push(err('SCO_ERR_ASSI_PARAM_INVALID', { name: 'moduleimpl_id' }));
      return;
    }
    if (!this.miIns.has(`${mi}:${etudid}`)) errors.push(err('SCO_ERR_ASSI_NOT_IN_MODULE'));
    else if (!this.inSemestre(etudid, debut, fin, m.formsemestre_id)) errors.push(err('SCO_ERR_ASSI_OUTSIDE_SEMESTRE'));
  }

  /** AS3: `a.debut < b.fin && b.debut < a.fin` with any record of the student (but `except`). */
  overlaps(etudid: number, debut: number, fin: number, except?: number): boolean {
    return (this.periods.get(etudid) ?? []).some((p) => p.id !== except && p.debut < fin && debut < p.fin);
  }

  /** Records accepted earlier in the batch are checked against too (AS3). */
  addPeriod(etudid: number, debut: number, fin: number, id = -1) {
    const l = this.periods.get(etudid) ?? [];
    l.push({ id, debut, fin });
    this.periods.set(etudid, l);
  }
}

/** §5: the start and end of an assiduité fall on working days. */
export function checkWorkingDays(debut: number, fin: number, s: Settings, errors: ScoError[]) {
  if (s.nonWorkingDays.includes(localParts(debut, s.timeZone).weekday))
    errors.push(err('SCO_ERR_ASSI_DEBUT_NOT_WORKING'));
  if (s.nonWorkingDays.includes(localParts(fin - 1, s.timeZone).weekday))
    errors.push(err('SCO_ERR_ASSI_FIN_NOT_WORKING'));
}

/** The caller may write attendance of a student of `deptId` (ScoAbsChange there; D4/D5 on the prefix). */
export function mayWrite(access: ScoAccess, deptId: number): boolean {
  if (access.dept && access.dept.id !== deptId) return false;
  return can(access, 'ScoAbsChange', deptId);
}

/** HTTP 200 batch envelope (§2 "Batch envelope"): items by their 0-based position. */
export interface Envelope {
  errors: { indice: number; message: string }[];
  success: { indice: number; message: unknown }[];
}

export function envelope(): Envelope {
  return { errors: [], success: [] };
}

/** The body of a batch route: a JSON list, else 404 "Le contenu envoyé n'est pas une liste" (§5). */
export function bodyList(body: unknown): unknown[] {
  if (!Array.isArray(body)) throw new ScoError('SCO_ERR_ASSI_NOT_A_LIST');
  return body;
}
