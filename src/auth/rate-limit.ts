/**
 * Token-bucket rate limits kept in the database, so every instance sees the same counters.
 * One upsert per check: refill by elapsed time, take one token, never below -1.
 */
import { sql } from 'kysely';
import type { Database } from '../db/database.js';

export interface Bucket {
  /** Tokens added per second. */
  readonly ratePerSecond: number;
  /** Bucket size (the burst). */
  readonly burst: number;
}

/** Takes one token from the bucket `key`; false when it was empty (the caller answers 429). */
export async function consume(db: Database, key: string, bucket: Bucket, now = Date.now()): Promise<boolean> {
  // Explicit casts: PostgreSQL cannot infer a parameter's type from arithmetic alone.
  const at = sql`cast(${now} as bigint)`;
  const rate = sql`cast(${bucket.ratePerSecond / 1000} as double precision)`;
  const burst = sql`cast(${bucket.burst} as double precision)`;
  const refilled = sql`rate_limits.tokens + (${at} - rate_limits.updated_at) * ${rate}`;
  const capped = sql`case when ${refilled} > ${burst} then ${burst} else ${refilled} end`;
  const row = await sql<{ tokens: number }>`
    insert into rate_limits (key, tokens, updated_at) values (${key}, ${bucket.burst - 1}, ${at})
    on conflict (key) do update set
      tokens = case when ${capped} - 1 < -1 then -1 else ${capped} - 1 end,
      updated_at = ${at}
    returning tokens`.execute(db.kysely);
  return Number(row.rows[0]?.tokens ?? 0) >= 0;
}

/** True when the bucket still has a token, without taking one. */
export async function available(db: Database, key: string, bucket: Bucket, now = Date.now()): Promise<boolean> {
  const row = await db.kysely
    .selectFrom('rate_limits')
    .select(['tokens', 'updated_at'])
    .where('key', '=', key)
    .executeTakeFirst();
  if (!row) return true;
  const tokens = Math.min(
    bucket.burst,
    Number(row.tokens) + (now - Number(row.updated_at)) * (bucket.ratePerSecond / 1000),
  );
  return tokens >= 1;
}
