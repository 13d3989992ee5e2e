/**
 * Demo attendance (issue 8): for every inscription in a formsemestre that has begun, a term of records up to
 * today — a few two-hour absences per student (some in a module), late arrivals, some absences justified
 * by a VALIDE justificatif with a stored PDF, some with a justificatif still pending (ATTENTE). Deterministic,
 * free of overlaps, written with bulk inserts; `--scale N` grows it with the cohorts.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { getMeta, type PluginSeeder, setMeta } from '../../seed/seeder.js';
import { bumpResultsVersion, recomputeEstJust } from '../routes/assiduites/justification.js';
import { instantOfLocalDay, localParts } from '../routes/assiduites/local-datetime.js';
import { bulkInsert, bulkInsertIds } from './bulk.js';

const META = 'scodoc_demo_assiduites';

/** A one-page PDF ("Certificat médical"), the same bytes for every demo justificatif. */
export const DEMO_PDF = Buffer.from(
  [
    '%PDF-1.4',
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >> endobj',
    '4 0 obj << /Length 58 >> stream',
    'BT /F1 18 Tf 72 760 Td (Certificat medical - demo Campus) Tj ET',
    'endstream endobj',
    '5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj',
    'trailer << /Root 1 0 R >>',
    '%%EOF',
    '',
  ].join('\n'),
  'latin1',
);

/** Two-hour slots of a day, in minutes after midnight. */
const SLOTS = [
  [8 * 60, 10 * 60],
  [10 * 60, 12 * 60],
  [14 * 60, 16 * 60],
  [16 * 60, 18 * 60],
] as const;

function lcg(seed: number) {
  let s = seed >>> 0 || 1;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

export interface AssiduitesDemoOptions {
  readonly timeZone: string;
  readonly nonWorkingDays: readonly number[];
  readonly now?: number;
}

export async function seedAssiduitesDemo(db: Kysely<any>, opts: AssiduitesDemoOptions) {
  const now = opts.now ?? Date.now();
  const today = localParts(now, opts.timeZone).day;
  const ins = await db
    .selectFrom('sco_inscription as i')
    .innerJoin('sco_formsemestre as fs', 'fs.id', 'i.formsemestre_id')
    .select(['i.etudid', 'i.formsemestre_id', 'fs.date_debut', 'fs.date_fin'])
    .orderBy('i.formsemestre_id')
    .orderBy('i.etudid')
    .execute();
  const mis = await db
    .selectFrom('sco_moduleimpl_inscription as mii')
    .innerJoin('sco_moduleimpl as mi', 'mi.id', 'mii.moduleimpl_id')
    .select(['mii.etudid', 'mi.formsemestre_id', 'mi.id'])
    .execute();
  const miOf = new Map<string, number[]>();
  for (const m of mis) {
    const k = `${m.formsemestre_id}:${m.etudid}`;
    miOf.set(k, [...(miOf.get(k) ?? []), Number(m.id)]);
  }
  const authors = await db
    .selectFrom('accounts')
    .select(['id', 'username'])
    .where('username', 'in', ['secr_info', 'ens_info', 'ens_cj'])
    .execute();
  const author = (i: number) => (authors.length ? Number(authors[i % authors.length].id) : null);
  const dayOf = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);

  const assiduites: Record<string, unknown>[] = [];
  const justifs: Record<string, unknown>[] = [];
  const withFile: boolean[] = [];
  const fsIds = new Set<number>();
  ins.forEach((r, n) => {
    const first = dayOf(r.date_debut);
    const last = Math.min(dayOf(r.date_fin), today - 1);
    const workdays: number[] = [];
    for (let d = first; d <= last; d++) if (!opts.nonWorkingDays.includes((d + 4) % 7)) workdays.push(d);
    if (workdays.length < 10) return;
    fsIds.add(Number(r.formsemestre_id));
    const rnd = lcg(Number(r.etudid) * 7919 + Number(r.formsemestre_id));
    const modules = miOf.get(`${r.formsemestre_id}:${r.etudid}`) ?? [];
    const used = new Set<string>();
    const add = (day: number, from: number, to: number, etat: number, desc: string | null) => {
      const key = `${day}:${from}`;
      if (used.has(key)) return false;
      used.add(key);
      assiduites.push({
        etudid: Number(r.etudid),
        moduleimpl_id: modules.length && rnd(2) === 0 ? modules[rnd(modules.length)] : null,
        date_debut: instantOfLocalDay(day, from, opts.timeZone),
        date_fin: instantOfLocalDay(day, to, opts.timeZone),
        etat,
        description: desc,
        entry_date: Math.min(now, instantOfLocalDay(day, to + 30, opts.timeZone)),
        user_id: author(n),
        est_just: 0,
        external_data: null,
      });
      return true;
    };
    const absences = 2 + rnd(4);
    for (let k = 0; k < absences; k++) {
      const day = workdays[rnd(workdays.length)];
      const [from, to] = SLOTS[rnd(SLOTS.length)];
      if (!add(day, from, to, 2, null)) continue;
      const kind = rnd(6);
      // One absence in three justified (with a certificate), one in six waiting for a decision.
      if (kind <= 2) {
        justifs.push({
          etudid: Number(r.etudid),
          date_debut: instantOfLocalDay(day, 0, opts.timeZone),
          date_fin: instantOfLocalDay(day + 1, 0, opts.timeZone),
          etat: kind < 2 ? 0 : 2,
          raison: kind < 2 ? 'Certificat médical' : 'Rendez-vous administratif',
          entry_date: Math.min(now, instantOfLocalDay(day + 2, 9 * 60, opts.timeZone)),
          user_id: author(n + 1),
          external_data: null,
        });
        withFile.push(kind < 2);
      }
    }
    // Late arrivals: a quarter of an hour at 08:00.
    for (let k = rnd(3); k > 0; k--) add(workdays[rnd(workdays.length)], 8 * 60, 8 * 60 + 15, 1, 'Retard transport');
  });

  await bulkInsert(db, 'sco_assiduite', assiduites);
  const justifIds = await bulkInsertIds(db, 'sco_justificatif', justifs);
  const sha = createHash('sha256').update(DEMO_PDF).digest('hex');
  await bulkInsert(
    db,
    'sco_justificatif_file',
    justifIds.flatMap((id, i) =>
      withFile[i]
        ? [
            {
              justif_id: id,
              filename: 'certificat.pdf',
              mime: 'application/pdf',
              size: DEMO_PDF.length,
              sha256: sha,
              data: DEMO_PDF,
              user_id: justifs[i].user_id,
              uploaded_at: justifs[i].entry_date,
            },
          ]
        : [],
    ),
  );
  const etudids = [...new Set(assiduites.map((a) => a.etudid as number))];
  for (let i = 0; i < etudids.length; i += 500) await recomputeEstJust(db, etudids.slice(i, i + 500));
  await bumpResultsVersion(db, fsIds);
  return { assiduites: assiduites.length, justificatifs: justifs.length };
}

export const scodocAssiduitesSeeder: PluginSeeder = {
  name: 'scodoc-assiduites',
  async seed(ctx) {
    const db = ctx.db.kysely;
    if (await getMeta(db, META)) return;
    const c = ctx.config.scodoc;
    const n = await db.transaction().execute(async (trx) => {
      const out = await seedAssiduitesDemo(trx, { timeZone: c.timeZone, nonWorkingDays: c.assiduites.nonWorkingDays });
      await setMeta(trx, META, new Date().toISOString());
      return out;
    });
    ctx.log(`scodoc: ${n.assiduites} assiduités, ${n.justificatifs} justificatifs`);
  },
  async loginHelp() {
    return [];
  },
};
