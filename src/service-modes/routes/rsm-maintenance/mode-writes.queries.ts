/**
 * Writing service modes: create, and edit (PUT / PATCH / cancel) with the mode row locked, the rules of
 * mode-rules.ts evaluated inside the transaction, the search index and the audit history written in the
 * same transaction. A failed request writes nothing.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../../db/database.js';
import { SmError } from '../../errors.js';
import { refreshMode } from '../../mode-visibility.js';
import { type Caller, editableCi } from '../../permissions.js';
import { indexSearchText, searchText } from '../../search-grams.js';
import { writeTransaction } from '../../write-transaction.js';
import type { ModeInput } from './mode-input.js';
import { candidateNewCis, type EditPlan, planCreate, planEdit, type StoredMode } from './mode-rules.js';

/** Existing CIs among `ids` that the caller may set service modes on (Edit). */
export async function editableCis(trx: Kysely<any>, caller: Caller, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  let q = trx
    .selectFrom('sm_config_items as c')
    .select('c.id')
    .where('c.id', 'in', [...ids]);
  if (!caller.admin) q = q.where(editableCi(sql`c.id`, caller.accountId) as any);
  const rows = await q.execute();
  return new Set(rows.map((r) => Number(r.id)));
}

async function loadForUpdate(trx: Kysely<any>, pg: boolean, id: number): Promise<StoredMode | undefined> {
  let q = trx
    .selectFrom('sm_modes')
    .select(['id', 'title', 'date_start', 'date_end', 'cancelled_at', 'labels', 'version'])
    .where('id', '=', id);
  if (pg) q = q.forUpdate();
  const m = await q.executeTakeFirst();
  if (!m) return undefined;
  const entries = await trx
    .selectFrom('sm_mode_entries')
    .select(['id', 'ci_id', 'scope', 'depth', 'date_start', 'date_end', 'position'])
    .where('mode_id', '=', id)
    .orderBy('position')
    .execute();
  return {
    id: Number(m.id),
    title: m.title,
    dateStart: Number(m.date_start),
    dateEnd: Number(m.date_end),
    cancelledAt: m.cancelled_at === null ? null : Number(m.cancelled_at),
    labels: JSON.parse(m.labels),
    version: Number(m.version),
    entries: entries.map((e) => ({
      rowId: Number(e.id),
      ciId: Number(e.ci_id),
      scope: e.scope,
      depth: Number(e.depth),
      dateStart: Number(e.date_start),
      dateEnd: Number(e.date_end),
      position: Number(e.position),
    })),
  };
}

/** The mode as recorded in history: instants in ms, entries in order. */
function snapshot(m: Omit<EditPlan, 'action' | 'deleteRowIds' | 'updateEntries' | 'newEntries'>, entries: unknown[]) {
  return JSON.stringify({
    title: m.title,
    dateStart: m.dateStart,
    dateEnd: m.dateEnd,
    cancelledAt: m.cancelledAt,
    labels: m.labels,
    configItems: entries,
  });
}

async function record(
  trx: Kysely<any>,
  modeId: number,
  caller: Caller,
  action: string,
  now: number,
  before: string | null,
  after: string,
) {
  const changed: string[] = [];
  if (before) {
    const b = JSON.parse(before);
    const a = JSON.parse(after);
    for (const k of Object.keys(a)) if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) changed.push(k);
  }
  await trx
    .insertInto('sm_mode_history')
    .values({
      mode_id: modeId,
      at: now,
      account_id: caller.accountId,
      username: caller.username,
      action,
      changed: JSON.stringify(changed),
      before,
      after,
    })
    .execute();
}

export async function createMode(
  db: Database,
  caller: Caller,
  input: ModeInput,
  now: number,
  batch: boolean,
): Promise<number> {
  return writeTransaction(db, async (trx) => {
    const accepted = await editableCis(trx, caller, candidateNewCis(undefined, input.configItems));
    const plan = planCreate(input, now, accepted, batch);
    const row = await trx
      .insertInto('sm_modes')
      .values({
        title: plan.title,
        date_start: plan.dateStart,
        date_end: plan.dateEnd,
        cancelled_at: null,
        labels: JSON.stringify(plan.labels),
        search_text: searchText(plan.title, plan.labels),
        version: 1,
        created_by: caller.accountId,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(row.id);
    await sql`update sm_counters set value = value + 1 where key = 'modes'`.execute(trx);
    await trx
      .insertInto('sm_mode_entries')
      .values(
        plan.entries.map((e, i) => ({
          mode_id: id,
          ci_id: e.ciId,
          scope: e.scope,
          depth: e.depth,
          date_start: e.dateStart,
          date_end: e.dateEnd,
          position: i,
        })),
      )
      .execute();
    await indexSearchText(trx, id, null, searchText(plan.title, plan.labels));
    await refreshMode(trx, id);
    await record(trx, id, caller, 'create', now, null, snapshot({ ...plan, cancelledAt: null }, plan.entries));
    return id;
  });
}

/**
 * PUT (`whole`) or PATCH of mode `id`. Order after the request-level checks: 404 → mode-level 403 (Edit on
 * every entry's CI) → rules of planEdit. Returns false when the mode does not exist.
 */
export async function editMode(
  db: Database,
  caller: Caller,
  id: number,
  input: ModeInput,
  whole: boolean,
  now: number,
  batch: boolean,
): Promise<void> {
  await writeTransaction(db, async (trx) => {
    const stored = await loadForUpdate(trx, db.dialect === 'postgres', id);
    if (!stored) throw new SmError('SM_ERR_NOT_FOUND', { id });
    if (!caller.admin) {
      const ciIds = [...new Set(stored.entries.map((e) => e.ciId))];
      const editable = await editableCis(trx, caller, ciIds);
      if (ciIds.length === 0 || editable.size !== ciIds.length) throw new SmError('SM_ERR_FORBIDDEN_EDIT');
    }
    const accepted =
      input.cancel === true
        ? new Set<number>()
        : await editableCis(trx, caller, candidateNewCis(stored, input.configItems));
    const plan = planEdit(stored, input, whole, now, accepted, batch);
    const before = snapshot(stored, stored.entries.map(entrySnapshot));

    const updated = await trx
      .updateTable('sm_modes')
      .set({
        title: plan.title,
        date_start: plan.dateStart,
        date_end: plan.dateEnd,
        cancelled_at: plan.cancelledAt,
        labels: JSON.stringify(plan.labels),
        search_text: searchText(plan.title, plan.labels),
        version: stored.version + 1,
        updated_at: now,
      })
      .where('id', '=', id)
      .where('version', '=', stored.version)
      .executeTakeFirst();
    // The lock makes this impossible; kept as the optimistic guard should the lock ever be bypassed.
    if (Number(updated.numUpdatedRows) !== 1) throw new Error(`service mode ${id} changed concurrently`);
    if (plan.deleteRowIds.length) {
      await trx
        .deleteFrom('sm_mode_entries')
        .where('id', 'in', [...plan.deleteRowIds])
        .execute();
    }
    for (const e of plan.updateEntries) {
      await trx
        .updateTable('sm_mode_entries')
        .set({ scope: e.scope, depth: e.depth, date_start: e.dateStart, date_end: e.dateEnd })
        .where('id', '=', e.rowId)
        .execute();
    }
    const next = stored.entries.reduce((mx, e) => Math.max(mx, e.position), -1) + 1;
    if (plan.newEntries.length) {
      await trx
        .insertInto('sm_mode_entries')
        .values(
          plan.newEntries.map((e, i) => ({
            mode_id: id,
            ci_id: e.ciId,
            scope: e.scope,
            depth: e.depth,
            date_start: e.dateStart,
            date_end: e.dateEnd,
            position: next + i,
          })),
        )
        .execute();
    }
    if (plan.deleteRowIds.length || plan.newEntries.length) await refreshMode(trx, id);
    const oldText = searchText(stored.title, stored.labels);
    const newText = searchText(plan.title, plan.labels);
    if (newText !== oldText) await indexSearchText(trx, id, oldText, newText);
    const after = await trx
      .selectFrom('sm_mode_entries')
      .select(['ci_id', 'scope', 'depth', 'date_start', 'date_end'])
      .where('mode_id', '=', id)
      .orderBy('position')
      .execute();
    await record(
      trx,
      id,
      caller,
      plan.action,
      now,
      before,
      snapshot(
        plan,
        after.map((e) =>
          entrySnapshot({
            ciId: Number(e.ci_id),
            scope: e.scope,
            depth: Number(e.depth),
            dateStart: Number(e.date_start),
            dateEnd: Number(e.date_end),
          }),
        ),
      ),
    );
  });
}

function entrySnapshot(e: { ciId: number; scope: string; depth: number; dateStart: number; dateEnd: number }) {
  return { ciId: e.ciId, scope: e.scope, depth: e.depth, dateStart: e.dateStart, dateEnd: e.dateEnd };
}
