/**
 * The trigram index behind `?search=` (migrations/0003-search-grams.ts): grams of a mode's search text,
 * written in the mode's transaction, and the choice of a term's rarest grams at search time.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.js';
import { param } from '../db/statements.js';
import { rawQuery } from './raw-query.js';

/** Separates title, keys and values in the search text: no gram spans two of them. */
export const SEARCH_SEPARATOR = '\u0001';

/** Distinct 3-code-point grams of `text` (already lower-cased), none spanning a separator. */
export function gramsOf(text: string): string[] {
  const out = new Set<string>();
  for (const part of text.split(SEARCH_SEPARATOR)) {
    const cps = Array.from(part);
    for (let i = 0; i + 3 <= cps.length; i++) out.add(cps[i] + cps[i + 1] + cps[i + 2]);
  }
  return [...out];
}

/** What `?search=` matches: lower-cased title, label keys and values. */
export function searchText(title: string | null, labels: Readonly<Record<string, string>>): string {
  const parts = [title ?? ''];
  for (const [k, v] of Object.entries(labels)) parts.push(k, v);
  return parts.join(SEARCH_SEPARATOR).toLowerCase();
}

/** Replaces the grams of mode `id` (old text → new text), keeping the per-gram counts. */
export async function indexSearchText(trx: Kysely<any>, id: number, oldText: string | null, newText: string) {
  const before = new Set(oldText === null ? [] : gramsOf(oldText));
  const after = new Set(gramsOf(newText));
  const removed = [...before].filter((g) => !after.has(g));
  const added = [...after].filter((g) => !before.has(g));
  if (removed.length) {
    await trx.deleteFrom('sm_mode_grams').where('mode_id', '=', id).where('gram', 'in', removed).execute();
    await trx.updateTable('sm_gram_stats').set({ n: sql`n - 1` }).where('gram', 'in', removed).execute();
  }
  for (let i = 0; i < added.length; i += 500) {
    const chunk = added.slice(i, i + 500);
    await trx
      .insertInto('sm_mode_grams')
      .values(chunk.map((gram) => ({ gram, mode_id: id })))
      .execute();
    await trx
      .insertInto('sm_gram_stats')
      .values(chunk.map((gram) => ({ gram, n: 1 })))
      .onConflict((oc) => oc.column('gram').doUpdateSet({ n: sql`sm_gram_stats.n + 1` }))
      .execute();
  }
}

const statsOf = rawQuery<Record<string, unknown>, { gram: string; n: number }>('sm.gramStats', (pg) =>
  pg
    ? sql`select gram, n from sm_gram_stats where gram = any(cast(${param('grams')} as text[]))`
    : sql`select gram, n from sm_gram_stats where gram in (select value from json_each(${param('grams')}))`,
);

/**
 * The two rarest grams of a search term (the same gram twice when it has one), or `null` when some gram
 * of the term is in no mode (nothing can match), or `undefined` when the term is shorter than a gram.
 */
export async function rarestGrams(db: Database, term: string): Promise<[string, string] | null | undefined> {
  const grams = gramsOf(term);
  if (grams.length === 0) return undefined;
  const rows = await db.statements.all(statsOf, {
    grams: db.dialect === 'postgres' ? grams : JSON.stringify(grams),
  });
  const counts = new Map(rows.map((r) => [r.gram, Number(r.n)]));
  if (grams.some((g) => !(Number(counts.get(g)) > 0))) return null;
  const sorted = [...grams].sort((a, b) => counts.get(a)! - counts.get(b)!);
  return [sorted[0], sorted[1] ?? sorted[0]];
}
