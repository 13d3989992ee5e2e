/**
 * Service modes on the wire (service-modes-api.ru.txt, output model): keys in the spec's order, dates in
 * SM_TIME_ZONE with their offset, entry states from the clock at read time.
 */
import type { DateFormatter } from '../../time.js';
import { type EntryState, stateAt } from './mode-rules.js';
import type { CoveringRow, EntryRow, HistoryRow, ModeRow } from './rsm-maintenance.queries.js';

export interface ModeOut {
  id: number;
  dateStart: string;
  dateEnd: string;
  title: string | null;
  configItems: {
    id: number;
    scope: 'Ci' | 'CiAndChildren';
    depth: number;
    state: EntryState;
    dateStart: string;
    dateEnd: string;
  }[];
  labels: Record<string, string>;
}

export function presentMode(m: ModeRow, entries: readonly EntryRow[], now: number, fmt: DateFormatter): ModeOut {
  const cancelled = m.cancelled_at === null ? null : Number(m.cancelled_at);
  return {
    id: Number(m.id),
    dateStart: fmt.format(Number(m.date_start)),
    dateEnd: fmt.format(Number(m.date_end)),
    title: m.title,
    configItems: entries.map((e) => ({
      id: Number(e.ci_id),
      scope: e.scope,
      depth: Number(e.depth),
      state: stateAt(cancelled, Number(e.date_start), Number(e.date_end), now),
      dateStart: fmt.format(Number(e.date_start)),
      dateEnd: fmt.format(Number(e.date_end)),
    })),
    labels: JSON.parse(m.labels),
  };
}

/** A page of modes with their (visible) entries, which come grouped by mode. */
export function presentModes(
  rows: readonly ModeRow[],
  entries: readonly EntryRow[],
  now: number,
  fmt: DateFormatter,
): ModeOut[] {
  const byMode = new Map<number, EntryRow[]>();
  for (const e of entries) {
    const id = Number(e.mode_id);
    const list = byMode.get(id);
    if (list) list.push(e);
    else byMode.set(id, [e]);
  }
  return rows.map((r) => presentMode(r, byMode.get(Number(r.id)) ?? [], now, fmt));
}

/** Campus extension: active-config-items answer. */
export function presentActive(
  at: number,
  ciIds: readonly number[],
  rows: readonly CoveringRow[],
  fmt: DateFormatter,
): { at: string; configItems: { id: number; modes: unknown[] }[] } {
  const byCi = new Map<number, unknown[]>();
  for (const r of rows) {
    const id = Number(r.ci_id);
    const list = byCi.get(id) ?? [];
    byCi.set(id, list);
    list.push({
      id: Number(r.mode_id),
      title: r.title,
      scope: r.scope,
      depth: Number(r.depth),
      dateStart: fmt.format(Number(r.date_start)),
      dateEnd: fmt.format(Number(r.date_end)),
    });
  }
  return {
    at: fmt.format(at),
    configItems: ciIds.filter((id) => byCi.has(id)).map((id) => ({ id, modes: byCi.get(id)! })),
  };
}

interface Snapshot {
  title: string | null;
  dateStart: number;
  dateEnd: number;
  cancelledAt: number | null;
  labels: Record<string, string>;
  configItems: { ciId: number; scope: string; depth: number; dateStart: number; dateEnd: number }[];
}

function presentSnapshot(s: Snapshot, visible: (ci: number) => boolean, fmt: DateFormatter) {
  return {
    title: s.title,
    dateStart: fmt.format(s.dateStart),
    dateEnd: fmt.format(s.dateEnd),
    cancelled: s.cancelledAt !== null,
    configItems: s.configItems
      .filter((e) => visible(e.ciId))
      .map((e) => ({
        id: e.ciId,
        scope: e.scope,
        depth: e.depth,
        dateStart: fmt.format(e.dateStart),
        dateEnd: fmt.format(e.dateEnd),
      })),
    labels: s.labels,
  };
}

/** Campus extension: who changed what, when; entries of CIs the caller cannot see are omitted. */
export function presentHistory(rows: readonly HistoryRow[], visible: (ci: number) => boolean, fmt: DateFormatter) {
  return rows.map((h) => ({
    at: fmt.format(Number(h.at)),
    account: h.username,
    action: h.action,
    changedFields: JSON.parse(h.changed) as string[],
    before: h.before ? presentSnapshot(JSON.parse(h.before), visible, fmt) : null,
    after: presentSnapshot(JSON.parse(h.after), visible, fmt),
  }));
}

/** CI ids named anywhere in a history (to check visibility once). */
export function historyCiIds(rows: readonly HistoryRow[]): number[] {
  const ids = new Set<number>();
  for (const h of rows) {
    for (const raw of [h.before, h.after]) {
      if (raw) for (const e of (JSON.parse(raw) as Snapshot).configItems) ids.add(e.ciId);
    }
  }
  return [...ids];
}
