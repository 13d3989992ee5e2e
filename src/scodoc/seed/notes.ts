/**
 * Demo évaluations and notes (issue 5): for every formsemestre with moduleimpls, three évaluations per
 * moduleimpl (two normal ones and, in past semesters, a rattrapage) and a note for each inscrit —
 * deterministic pseudo-random values with a few ABS and EXC — so that bulletins, `resultats` and juries
 * show real averages. Bulk inserts; the results versions are bumped at the end.
 */
import type { Kysely } from 'kysely';
import { getMeta, type PluginSeeder, setMeta } from '../../seed/seeder.js';
import { NOTES_NEUTRALISE } from '../grades/types.js';
import { instantOfLocalDay } from '../routes/assiduites/local-datetime.js';
import { solidPng } from '../routes/bulletins/png.js';
import { logoOf } from '../routes/logos/logos.queries.js';
import { bulkInsert, bulkInsertIds } from './bulk.js';

const META = 'scodoc_notes_demo';

/** A small deterministic generator (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const dayNumber = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);

export interface NotesDemoOptions {
  readonly timeZone: string;
  readonly now?: number;
  /** Only these formsemestres (default: all). */
  readonly formsemestreIds?: readonly number[];
  readonly seed?: number;
}

export async function seedNotesDemo(
  db: Kysely<any>,
  opts: NotesDemoOptions,
): Promise<{ evaluations: number; notes: number }> {
  const now = opts.now ?? Date.now();
  const rnd = prng(opts.seed ?? 20241);
  let q = db
    .selectFrom('sco_moduleimpl as mi')
    .innerJoin('sco_formsemestre as fs', 'fs.id', 'mi.formsemestre_id')
    .innerJoin('sco_module as m', 'm.id', 'mi.module_id')
    .select(['mi.id', 'mi.formsemestre_id', 'fs.date_debut', 'fs.date_fin', 'm.module_type', 'mi.responsable_id'])
    .orderBy('mi.id');
  if (opts.formsemestreIds) q = q.where('mi.formsemestre_id', 'in', opts.formsemestreIds);
  const mis = await q.execute();
  if (mis.length === 0) return { evaluations: 0, notes: 0 };
  const inscrits = new Map<number, number[]>();
  for (const r of await db
    .selectFrom('sco_moduleimpl_inscription')
    .select(['moduleimpl_id', 'etudid'])
    .where(
      'moduleimpl_id',
      'in',
      mis.map((m) => Number(m.id)),
    )
    .orderBy('etudid')
    .execute()) {
    const k = Number(r.moduleimpl_id);
    let l = inscrits.get(k);
    if (!l) {
      l = [];
      inscrits.set(k, l);
    }
    l.push(Number(r.etudid));
  }
  const todayDay = Math.floor(now / 86_400_000);
  const evalRows: Record<string, unknown>[] = [];
  const evalMeta: { mi: number; type: number; max: number; resp: number | null; malus: boolean }[] = [];
  for (const mi of mis) {
    const d0 = dayNumber(String(mi.date_debut));
    const d1 = Math.min(dayNumber(String(mi.date_fin)), Math.max(d0 + 20, todayDay));
    const past = dayNumber(String(mi.date_fin)) < todayDay;
    const specs = [
      { description: 'Contrôle continu', type: 0, coef: 1, max: 20, at: 0.3 },
      { description: 'Examen', type: 0, coef: 2, max: 20, at: 0.8 },
      ...(past ? [{ description: 'Rattrapage', type: 1, coef: 1, max: 20, at: 0.95 }] : []),
    ];
    specs.forEach((s, k) => {
      const day = Math.round(d0 + (d1 - d0) * s.at);
      const iso = new Date(day * 86_400_000).toISOString().slice(0, 10);
      const debut = instantOfLocalDay(day, 8 * 60, opts.timeZone);
      evalRows.push({
        moduleimpl_id: Number(mi.id),
        description: `${s.description} du ${iso.slice(8, 10)}/${iso.slice(5, 7)}`,
        date_debut: debut,
        date_fin: debut + 2 * 3_600_000,
        coefficient: s.coef,
        note_max: s.max,
        evaluation_type: s.type,
        numero: k,
        publish_incomplete: 0,
        visibulletin: 1,
      });
      evalMeta.push({
        mi: Number(mi.id),
        type: s.type,
        max: s.max,
        resp: mi.responsable_id === null ? null : Number(mi.responsable_id),
        malus: Number(mi.module_type) === 1,
      });
    });
  }
  const evalIds = await bulkInsertIds(db, 'sco_evaluation', evalRows);
  const notes: Record<string, unknown>[] = [];
  evalIds.forEach((id, k) => {
    const meta = evalMeta[k];
    const etuds = inscrits.get(meta.mi) ?? [];
    for (const etudid of etuds) {
      // Rattrapage: only for a third of the students.
      if (meta.type === 1 && rnd() > 0.33) continue;
      const r = rnd();
      let value: number | null;
      if (r < 0.03)
        value = null; // ABS
      else if (r < 0.04)
        value = NOTES_NEUTRALISE; // EXC
      else {
        // Around 11.5/20, spread ±7, by quarter points.
        const x = 11.5 + (rnd() + rnd() + rnd() - 1.5) * 9;
        value = Math.round(Math.min(meta.max, Math.max(0, (x * meta.max) / 20)) * 4) / 4;
      }
      notes.push({ evaluation_id: id, etudid, value, comment: '', date: now, uid: meta.resp });
    }
  });
  await bulkInsert(db, 'sco_note', notes);
  const fsIds = [...new Set(mis.map((m) => Number(m.formsemestre_id)))];
  await db
    .updateTable('sco_results_version')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('formsemestre_id', 'in', fsIds)
    .execute();
  return { evaluations: evalIds.length, notes: notes.length };
}

export const scodocNotesSeeder: PluginSeeder = {
  name: 'scodoc-notes',
  async seed(ctx) {
    const db = ctx.db.kysely;
    if (await getMeta(db, META)) return;
    const n = await db.transaction().execute(async (trx) => {
      const out = await seedNotesDemo(trx, { timeZone: ctx.config.scodoc.timeZone });
      // PDF bulletins draw the site's `header` logo and signature images: give the demo some.
      const images = [
        ['header', solidPng(180, 60, [35, 82, 150])],
        ['bul_sig_left', solidPng(120, 40, [20, 20, 20])],
        ['bul_sig_right', solidPng(120, 40, [60, 20, 20])],
      ] as const;
      for (const [name, png] of images) {
        if (!(await logoOf(trx, 0, name))) {
          await trx.insertInto('sco_logo').values({ dept_id: 0, name, mime: 'image/png', data: png }).execute();
        }
      }
      await setMeta(trx, META, new Date().toISOString());
      return out;
    });
    ctx.log(`scodoc: ${n.evaluations} évaluations, ${n.notes} notes`);
  },
  async loginHelp() {
    return [];
  },
};
