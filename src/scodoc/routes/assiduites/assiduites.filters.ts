/**
 * Query filters of the list and count routes (scodoc-assiduites.md §2 "Query filters", AS15): parsed once,
 * applied in memory to one student's or one formsemestre's records. A malformed value → 404 with ScoDoc's
 * `param '<name>': …` text (D16).
 */
import { createHash } from 'node:crypto';
import type { Database } from '../../../db/database.js';
import { defineQuery, param } from '../../../db/statements.js';
import { ScoError } from '../../errors.js';
import { flag, q1 } from '../lookup.js';
import type { ScoContext } from '../route.js';
import { membersOfGroup } from './assiduites.queries.js';
import { etatsFilter } from './etats.js';
import { localDayAfter, localMidnight, parseDatetime } from './local-datetime.js';

export interface RecordFilter {
  readonly etats: Set<number> | null;
  /** Records overlapping [from, to], bounds inclusive. */
  readonly from?: number;
  readonly to?: number;
  /** undefined: any; null: records without module. */
  readonly moduleimpl?: number | null;
  readonly estJust?: boolean;
  readonly userId?: number;
  /** Students of a formsemestre (and its dates) or of a group. */
  readonly etudids?: ReadonlySet<number>;
  readonly fsFrom?: number;
  readonly fsTo?: number;
  readonly withJustifs: boolean;
}

const inscritsOf = defineQuery<{ fs: number }, { etudid: number }>('scodoc.assiduitesInscritsOf', (db) =>
  db.selectFrom('sco_inscription').select('etudid').where('formsemestre_id', '=', param('fs')),
);
const fsDates = defineQuery<{ fs: number }, { id: number; dept_id: number; date_debut: string; date_fin: string }>(
  'scodoc.assiduitesFormsemestreDates',
  (db) =>
    db.selectFrom('sco_formsemestre').select(['id', 'dept_id', 'date_debut', 'date_fin']).where('id', '=', param('fs')),
);

export function inscritsSet(db: Database, fs: number) {
  return db.statements.all(inscritsOf, { fs }).then((r) => new Set(r.map((x) => Number(x.etudid))));
}

export function formsemestreDates(db: Database, fs: number) {
  return db.statements.first(fsDates, { fs });
}

function intParam(name: string, v: string): number {
  if (!/^\d{1,15}$/.test(v.trim())) throw new ScoError('SCO_ERR_ASSI_PARAM_INVALID', { name });
  return Number(v);
}

/** `states`: the names of the side being filtered (assiduité or justificatif states). */
export async function parseFilter(ctx: ScoContext, states: readonly string[]): Promise<RecordFilter> {
  const q = (k: string) => q1(ctx.query[k]);
  const db = ctx.req.server.db;
  const tz = ctx.req.server.config.scodoc.timeZone;
  const f: { -readonly [K in keyof RecordFilter]: RecordFilter[K] } = {
    etats: etatsFilter(states, q('etat')),
    withJustifs: q('with_justifs') !== undefined && flag(q('with_justifs') || '1') !== false,
  };
  for (const name of ['date_debut', 'date_fin'] as const) {
    const v = q(name);
    if (v === undefined || v === '') continue;
    const p = parseDatetime(v, tz);
    if (!p) throw new ScoError('SCO_ERR_ASSI_PARAM_FORMAT', { name });
    if (name === 'date_debut') f.from = p.ms;
    // AS2: a date-only `date_fin` means the end of that day.
    else f.to = p.dateOnly ? localDayAfter(v.trim(), tz) - 1 : p.ms;
  }
  const mi = q('moduleimpl_id');
  if (mi !== undefined) f.moduleimpl = mi.trim() === '' ? null : intParam('moduleimpl_id', mi);
  const ej = q('est_just');
  if (ej !== undefined && ej !== '') {
    const b = flag(ej);
    if (b === undefined) throw new ScoError('SCO_ERR_ASSI_PARAM_INVALID', { name: 'est_just' });
    f.estJust = b;
  }
  const uid = q('user_id');
  if (uid !== undefined && uid !== '') f.userId = intParam('user_id', uid);
  const fsId = q('formsemestre_id');
  if (fsId !== undefined && fsId !== '') {
    const fs = await formsemestreDates(db, intParam('formsemestre_id', fsId));
    if (!fs) throw new ScoError('SCO_ERR_FORMSEMESTRE_NOT_FOUND');
    f.etudids = await inscritsSet(db, Number(fs.id));
    f.fsFrom = localMidnight(fs.date_debut, tz);
    f.fsTo = localDayAfter(fs.date_fin, tz);
  }
  const gid = q('group_id');
  if (gid !== undefined && gid !== '') {
    const members = new Set((await membersOfGroup(db.kysely, intParam('group_id', gid))).map((m) => Number(m.etudid)));
    f.etudids = f.etudids ? new Set([...f.etudids].filter((e) => members.has(e))) : members;
  }
  return f;
}

interface Filterable {
  readonly etudid: number;
  readonly date_debut: number;
  readonly date_fin: number;
  readonly etat: number;
  readonly user_id: number | null;
  readonly moduleimpl_id?: number | null;
  readonly est_just?: number | boolean;
}

export function matches(f: RecordFilter, r: Filterable): boolean {
  if (f.etats && !f.etats.has(Number(r.etat))) return false;
  if (f.from !== undefined && Number(r.date_fin) < f.from) return false;
  if (f.to !== undefined && Number(r.date_debut) > f.to) return false;
  if (f.moduleimpl !== undefined) {
    const mi = r.moduleimpl_id === null || r.moduleimpl_id === undefined ? null : Number(r.moduleimpl_id);
    if (mi !== f.moduleimpl) return false;
  }
  if (f.estJust !== undefined && Boolean(Number(r.est_just)) !== f.estJust) return false;
  if (f.userId !== undefined && Number(r.user_id) !== f.userId) return false;
  if (f.etudids && !f.etudids.has(Number(r.etudid))) return false;
  if (f.fsFrom !== undefined && !(Number(r.date_fin) > f.fsFrom && Number(r.date_debut) < f.fsTo!)) return false;
  return true;
}

/** A stable key of the filters that change a count (count cache). */
export function filterKey(ctx: ScoContext): string {
  const keys = ['etat', 'date_debut', 'date_fin', 'moduleimpl_id', 'est_just', 'user_id', 'formsemestre_id', 'metric'];
  const parts = keys.map((k) => {
    const v = q1(ctx.query[k]);
    return v === undefined ? `-${k}` : `${k}=${encodeURIComponent(v)}`;
  });
  const split = q1(ctx.query.split);
  parts.push(`split=${split !== undefined && flag(split || '1') !== false}`);
  // Hashed: any text the client sends becomes a fixed-size key that every database stores.
  return createHash('sha256').update(parts.join('&')).digest('hex');
}
