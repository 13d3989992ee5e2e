/**
 * The state machine and editing rules of a service mode (service-modes.md, "States and editing rules"),
 * as pure functions of the stored mode, the validated input and one `now` per request. The writer loads
 * the mode inside its transaction, asks for a plan here, and applies it; a rule failure throws before
 * anything is written.
 */
import { badModel, SmError } from '../../errors.js';
import type { ItemInput, ModeInput, Scope } from './mode-input.js';

export type EntryState = 'Pending' | 'Active' | 'Completed' | 'Cancelled';

export interface StoredEntry {
  readonly rowId: number;
  readonly ciId: number;
  readonly scope: Scope;
  readonly depth: number;
  readonly dateStart: number;
  readonly dateEnd: number;
  readonly position: number;
}

export interface StoredMode {
  readonly id: number;
  readonly title: string | null;
  readonly dateStart: number;
  readonly dateEnd: number;
  readonly cancelledAt: number | null;
  readonly labels: Readonly<Record<string, string>>;
  readonly version: number;
  readonly entries: readonly StoredEntry[];
}

/** State of a window: Cancelled when the mode was cancelled while pending, else from the clock. */
export function stateAt(cancelledAt: number | null, dateStart: number, dateEnd: number, now: number): EntryState {
  if (cancelledAt !== null) return 'Cancelled';
  if (now < dateStart) return 'Pending';
  if (now < dateEnd) return 'Active';
  return 'Completed';
}

/** Whole seconds: stored instants are whole seconds (Campus decisions: time zone). */
export function wholeSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

export interface NewEntry {
  readonly ciId: number;
  readonly scope: Scope;
  readonly depth: number;
  readonly dateStart: number;
  readonly dateEnd: number;
}

export interface EditPlan {
  readonly action: 'update' | 'cancel' | 'finish';
  readonly title: string | null;
  readonly dateStart: number;
  readonly dateEnd: number;
  readonly cancelledAt: number | null;
  readonly labels: Readonly<Record<string, string>>;
  readonly deleteRowIds: readonly number[];
  readonly updateEntries: readonly (NewEntry & { readonly rowId: number })[];
  readonly newEntries: readonly NewEntry[];
}

/** CIs of the request that would become new entries (the ones whose rights must be checked). */
export function candidateNewCis(stored: StoredMode | undefined, items: readonly ItemInput[] | null | undefined) {
  if (!items) return [];
  const known = new Set((stored?.entries ?? []).map((e) => e.ciId));
  return items.filter((i) => !known.has(i.id)).map((i) => i.id);
}

/** Keeps the accepted new CIs (batchValidate=false) or fails on the first refused one (true). */
function acceptItems(
  items: readonly ItemInput[],
  accepted: ReadonlySet<number>,
  known: ReadonlySet<number>,
  batch: boolean,
) {
  const ok = items.filter((i) => known.has(i.id) || accepted.has(i.id));
  if (batch && ok.length !== items.length) throw new SmError('SM_ERR_CI_NOT_FOUND');
  return ok;
}

/** Plan of a new mode (POST). `accepted`: requested CIs that exist and the caller may edit. */
export function planCreate(input: ModeInput, now: number, accepted: ReadonlySet<number>, batch: boolean) {
  const dateStart = input.dateStart!;
  const dateEnd = input.dateEnd!;
  if (dateEnd <= dateStart) throw new SmError('SM_ERR_END_BEFORE_START');
  if (dateEnd <= now) throw badModel('dateEnd', 'Время окончания должно быть больше текущего времени');
  const items = acceptItems(input.configItems!, accepted, new Set(), batch);
  if (items.length === 0) throw new SmError('SM_ERR_CI_NOT_FOUND');
  return {
    title: input.title ?? null,
    dateStart,
    dateEnd,
    labels: input.labels ?? {},
    entries: items.map((i) => ({ ciId: i.id, scope: i.scope, depth: i.depth, dateStart, dateEnd })),
  };
}

/**
 * Plan of a PUT (`whole`) or PATCH. Called after the 404 and mode-level 403 checks; applies, in order,
 * the cancel rules, the state rules, dateEnd > dateStart, dateEnd > now, then CI existence and rights.
 */
export function planEdit(
  stored: StoredMode,
  input: ModeInput,
  whole: boolean,
  now: number,
  accepted: ReadonlySet<number>,
  batch: boolean,
): EditPlan {
  const state = stateAt(stored.cancelledAt, stored.dateStart, stored.dateEnd, now);
  const nowSec = wholeSecond(now);
  const keepAll = {
    title: stored.title,
    dateStart: stored.dateStart,
    dateEnd: stored.dateEnd,
    cancelledAt: stored.cancelledAt,
    labels: stored.labels,
    deleteRowIds: [],
    newEntries: [],
  };
  const entryAs = (e: StoredEntry, patch: Partial<NewEntry>) => ({
    rowId: e.rowId,
    ciId: e.ciId,
    scope: patch.scope ?? e.scope,
    depth: patch.depth ?? e.depth,
    dateStart: patch.dateStart ?? e.dateStart,
    dateEnd: patch.dateEnd ?? e.dateEnd,
  });

  if (input.cancel === true) {
    if (state === 'Completed' || state === 'Cancelled') throw new SmError('SM_ERR_ENDED_CANNOT_FINISH');
    if (state === 'Pending') return { ...keepAll, action: 'cancel', cancelledAt: nowSec, updateEntries: [] };
    // Active: finishing in the second it started would make dateEnd = dateStart (Campus decisions).
    if (nowSec <= stored.dateStart) throw new SmError('SM_ERR_STARTED_CANNOT_CANCEL');
    return {
      ...keepAll,
      action: 'finish',
      dateEnd: nowSec,
      updateEntries: stored.entries.filter((e) => e.dateEnd > nowSec).map((e) => entryAs(e, { dateEnd: nowSec })),
    };
  }
  if (state === 'Completed' || state === 'Cancelled') throw new SmError('SM_ERR_ENDED_CANNOT_EDIT');
  if (state === 'Active' && input.dateStart != null && input.dateStart !== stored.dateStart) {
    throw new SmError('SM_ERR_STARTED_CANNOT_MOVE_START');
  }
  const dateStart = input.dateStart ?? stored.dateStart;
  const dateEnd = input.dateEnd ?? stored.dateEnd;
  if (dateEnd <= dateStart) throw new SmError('SM_ERR_END_BEFORE_START');
  if (dateEnd !== stored.dateEnd && dateEnd <= now) {
    throw badModel('dateEnd', 'Время окончания должно быть больше текущего времени');
  }
  const title = whole ? (input.title ?? null) : input.title != null ? input.title : stored.title;
  const labels = whole ? (input.labels ?? {}) : (input.labels ?? stored.labels);
  const base = { action: 'update' as const, title, dateStart, dateEnd, cancelledAt: null, labels };
  const known = new Set(stored.entries.map((e) => e.ciId));

  if (state === 'Pending') {
    // Entries take the mode's dates; removed CIs are deleted, added ones appended.
    if (!input.configItems) {
      return {
        ...base,
        deleteRowIds: [],
        newEntries: [],
        updateEntries: stored.entries.map((e) => entryAs(e, { dateStart, dateEnd })),
      };
    }
    const items = acceptItems(input.configItems, accepted, known, batch);
    if (items.length === 0) throw new SmError('SM_ERR_CI_NOT_FOUND');
    const wanted = new Map(items.map((i) => [i.id, i]));
    return {
      ...base,
      deleteRowIds: stored.entries.filter((e) => !wanted.has(e.ciId)).map((e) => e.rowId),
      updateEntries: stored.entries
        .filter((e) => wanted.has(e.ciId))
        .map((e) => {
          const i = wanted.get(e.ciId)!;
          return entryAs(e, { scope: i.scope, depth: i.depth, dateStart, dateEnd });
        }),
      newEntries: items
        .filter((i) => !known.has(i.id))
        .map((i) => ({ ciId: i.id, scope: i.scope, depth: i.depth, dateStart, dateEnd })),
    };
  }

  // Active: open entries follow dateEnd; a scope edit closes removed entries now and opens added ones now.
  const open = (e: StoredEntry) => e.dateEnd > nowSec;
  if (!input.configItems) {
    return {
      ...base,
      deleteRowIds: [],
      newEntries: [],
      updateEntries: stored.entries.filter(open).map((e) => entryAs(e, { dateEnd })),
    };
  }
  const items = acceptItems(input.configItems, accepted, known, batch);
  if (items.length === 0) throw new SmError('SM_ERR_CI_NOT_FOUND');
  const wanted = new Map(items.map((i) => [i.id, i]));
  const updates = stored.entries.filter(open).map((e) => {
    const i = wanted.get(e.ciId);
    return i ? entryAs(e, { scope: i.scope, depth: i.depth, dateEnd }) : entryAs(e, { dateEnd: nowSec });
  });
  const added = items
    .filter((i) => !known.has(i.id))
    .map((i) => ({ ciId: i.id, scope: i.scope, depth: i.depth, dateStart: nowSec, dateEnd }));
  if (!updates.some((e) => e.dateEnd > nowSec) && added.length === 0) {
    throw new SmError('SM_ERR_CONFIG_ITEMS_MISSING');
  }
  return { ...base, deleteRowIds: [], updateEntries: updates, newEntries: added };
}
