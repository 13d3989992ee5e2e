/** Multi-row inserts in chunks (parameter limits of both dialects), returning ids in insertion order. */
import type { Kysely } from 'kysely';

const CHUNK = 400;

export async function bulkInsert(
  db: Kysely<any>,
  table: string,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + CHUNK))
      .execute();
  }
}

export async function bulkInsertIds(
  db: Kysely<any>,
  table: string,
  rows: readonly Record<string, unknown>[],
): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const out = await db
      .insertInto(table)
      .values(rows.slice(i, i + CHUNK))
      .returning('id')
      .execute();
    for (const r of out) ids.push(Number(r.id));
  }
  return ids;
}
