/**
 * Attendance in bulletins (scodoc-assiduites.md §6, AS11), for the bulletin code of issue 5:
 * BUT `semestre.absences = {injustifie, total, metrique}` and classic `absences = {nbabs, nbabsjust}`,
 * counted over the formsemestre's dates, ABSENT records only, in the metric of the preference `assi_metrique`
 * (default `1/2 J.`). Results caches key on `sco_results_version`, which every attendance write bumps.
 */
import type { Database } from '../../../db/database.js';
import { defineQuery, param } from '../../../db/statements.js';
import { countPlain, type DaySettings, type Metric } from './counts.js';
import { localDayAfter, localMidnight } from './local-datetime.js';

/** `assi_metrique` preference values → the metric and the label bulletins print (§6). */
export const ASSI_METRIQUES = {
  'H.': { metric: 'heure', label: 'Heure(s)' },
  'J.': { metric: 'journee', label: 'Journée(s)' },
  '1/2 J.': { metric: 'demi', label: '1/2 Jour.' },
  'N.': { metric: 'compte', label: 'Nombre' },
} as const satisfies Record<string, { metric: Metric; label: string }>;

export type AssiMetrique = keyof typeof ASSI_METRIQUES;

const absencesOf = defineQuery<
  { etudid: number; fs: number },
  { etudid: number; date_debut: number; date_fin: number; etat: number; est_just: number; d: string; f: string }
>('scodoc.bulletinAbsencesOf', (db) =>
  db
    .selectFrom('sco_formsemestre as fs')
    .leftJoin('sco_assiduite as a', (j) => j.on('a.etudid', '=', param('etudid')).on('a.etat', '=', 2))
    .select([
      'a.etudid',
      'a.date_debut',
      'a.date_fin',
      'a.etat',
      'a.est_just',
      'fs.date_debut as d',
      'fs.date_fin as f',
    ])
    .where('fs.id', '=', param('fs')),
);

export interface BulletinAbsences {
  /** BUT `semestre.absences`. */
  readonly but: { readonly injustifie: number; readonly total: number; readonly metrique: string };
  /** Classic `absences`. */
  readonly classic: { readonly nbabs: number; readonly nbabsjust: number };
}

/**
 * The counts of one student in one formsemestre. `settings` = the site's day settings (config
 * `scodoc.timeZone` + `scodoc.assiduites`); `metrique` = the formsemestre's `assi_metrique` preference.
 * One cached statement.
 */
export async function bulletinAbsences(
  db: Database,
  etudid: number,
  formsemestreId: number,
  settings: DaySettings,
  metrique: AssiMetrique = '1/2 J.',
): Promise<BulletinAbsences> {
  const rows = await db.statements.all(absencesOf, { etudid, fs: formsemestreId });
  const { metric, label } = ASSI_METRIQUES[metrique];
  let total = 0;
  let just = 0;
  if (rows.length && rows[0].d) {
    const from = localMidnight(rows[0].d, settings.timeZone);
    const to = localDayAfter(rows[0].f, settings.timeZone);
    // Records overlapping the formsemestre's dates.
    const abs = rows.filter((r) => r.etudid !== null && Number(r.date_fin) > from && Number(r.date_debut) < to);
    total = value(countPlain(abs, settings, [metric])[metric]);
    just = value(
      countPlain(
        abs.filter((r) => Number(r.est_just)),
        settings,
        [metric],
      )[metric],
    );
  }
  return {
    but: { injustifie: round2(total - just), total, metrique: label },
    classic: { nbabs: total, nbabsjust: just },
  };
}

function value(v: unknown): number {
  return typeof v === 'number' ? v : Number((v as { value: number }).value);
}

function round2(x: number) {
  return Math.round(x * 100) / 100;
}
