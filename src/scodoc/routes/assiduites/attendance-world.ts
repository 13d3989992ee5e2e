/**
 * Test helpers of the attendance routes (used by the *.test.ts files only): dates inside the demo's
 * formsemestres, the DST Sundays, the field sets of the reference, and row counts for "nothing else changes".
 */
import type { World } from '../../testing/world.js';

/** scodoc-assiduites.md §1.1 + AS13 (compat §3.7): an assiduité's fields, without `justificatifs`. */
export const ASSIDUITE_FIELDS = {
  assiduite_id: 'number',
  etudid: 'number',
  code_nip: 'string',
  moduleimpl_id: 'number|null',
  date_debut: 'string',
  date_fin: 'string',
  etat: 'string',
  desc: 'string|null',
  entry_date: 'string',
  user_id: 'number|null',
  user_name: 'string|null',
  user_nom_complet: 'string|null',
  est_just: 'boolean',
  external_data: 'object|null',
} as const;

/** §1.2 (compat §3.7): a justificatif's fields. */
export const JUSTIFICATIF_FIELDS = {
  justif_id: 'number',
  etudid: 'number',
  code_nip: 'string',
  date_debut: 'string',
  date_fin: 'string',
  etat: 'string',
  raison: 'string|null',
  entry_date: 'string',
  fichier: 'string|null',
  user_id: 'number|null',
  user_name: 'string|null',
  user_nom_complet: 'string|null',
  external_data: 'object|null',
} as const;

/** AS1 / compat §3.7: local ISO 8601 with a `+HH:MM` offset, no fraction. */
export const LOCAL_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

/** Checks keys and JSON types of an object against a field table; returns the mismatches. */
export function shapeErrors(o: Record<string, unknown>, fields: Record<string, string>): string[] {
  const errors: string[] = [];
  const keys = Object.keys(o).filter((k) => k !== 'justificatifs');
  if (keys.sort().join(',') !== Object.keys(fields).sort().join(',')) errors.push(`keys ${keys.join(',')}`);
  for (const [k, t] of Object.entries(fields)) {
    const v = o[k];
    const actual = v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
    if (!t.split('|').includes(actual)) errors.push(`${k}: ${actual} not ${t}`);
  }
  return errors;
}

/** `yyyy-mm-dd` of a UTC day number. */
export function isoDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

export function dayOf(iso: string): number {
  return Math.floor(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
}

/** The last Sunday of a month (the EU DST changes: March and October). */
export function lastSunday(year: number, month: number): string {
  const lastDay = new Date(Date.UTC(year, month, 0));
  const back = lastDay.getUTCDay();
  return isoDay(dayOf(lastDay.toISOString().slice(0, 10)) - back);
}

/** The n-th Monday (0-based) on or after a date. */
export function monday(fromIso: string, n = 0): string {
  const d = dayOf(fromIso);
  const wd = (d + 4) % 7;
  return isoDay(d + ((8 - wd) % 7) + 7 * n);
}

export async function formsemestreDates(w: World, id: number) {
  return w.t.db.kysely
    .selectFrom('sco_formsemestre')
    .select(['date_debut', 'date_fin'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow() as Promise<{ date_debut: string; date_fin: string }>;
}

/** Row counts of every table an attendance write may touch. */
export async function rowCounts(w: World): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ['sco_assiduite', 'sco_justificatif', 'sco_justificatif_file', 'sco_results_version', 'audit_log']) {
    const r = await w.t.db.kysely
      .selectFrom(t)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    out[t] = Number(r.n);
  }
  const v = await w.t.db.kysely
    .selectFrom('sco_results_version')
    .select((eb) => eb.fn.sum('version').as('s'))
    .executeTakeFirstOrThrow();
  out.versions = Number(v.s ?? 0);
  const j = await w.t.db.kysely
    .selectFrom('sco_assiduite')
    .select((eb) => eb.fn.sum('est_just').as('s'))
    .executeTakeFirstOrThrow();
  out.est_just = Number(j.s ?? 0);
  return out;
}

/** The results version of a formsemestre (0 before any write). */
export async function resultsVersion(w: World, fs: number): Promise<number> {
  const r = await w.t.db.kysely
    .selectFrom('sco_results_version')
    .select('version')
    .where('formsemestre_id', '=', fs)
    .executeTakeFirst();
  return Number(r?.version ?? 0);
}
