/** Append-only audit log shared by the APIs: who did what to which object, never field values. */
import type { Kysely } from 'kysely';

export interface AuditEntry {
  readonly api: 'rki' | 'scodoc' | 'sm' | 'cli';
  readonly actor: string;
  readonly action: string;
  readonly target?: string | null;
  readonly ip?: string | null;
  readonly detail?: string | null;
}

export async function audit(trx: Kysely<any>, e: AuditEntry, now = Date.now()): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      at: now,
      api: e.api,
      actor: e.actor,
      action: e.action,
      target: e.target ?? null,
      ip: e.ip ?? null,
      detail: e.detail ?? null,
    })
    .execute();
}
