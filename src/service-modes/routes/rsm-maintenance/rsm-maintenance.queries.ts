/**
 * Reading service modes. The hot ones (list page without a filter body, GET /{id}, active-config-items)
 * are compiled once per variant into the statement cache; the filter body (arbitrary lists) builds the same
 * SQL with literal values through Kysely.
 *
 * Visibility (service-modes.md, Campus decisions: invisible mode / entries): a mode is visible when one of
 * its entries' CIs is readable; administrators see everything, so their variants carry no predicate.
 */
import { type RawBuilder, sql } from 'kysely';
import type { Database } from '../../../db/database.js';
import { param } from '../../../db/statements.js';
import { type Caller, readableCi } from '../../permissions.js';
import { idListParam, inIdList, isPostgres, rawQuery } from '../../raw-query.js';
import { rarestGrams } from '../../search-grams.js';
import type { PagingQuery, SortCol } from './paging.js';

export interface ModeRow {
  readonly id: number;
  readonly title: string | null;
  readonly date_start: number;
  readonly date_end: number;
  readonly cancelled_at: number | null;
  readonly labels: string;
}

export interface EntryRow {
  readonly mode_id: number;
  readonly ci_id: number;
  readonly scope: 'Ci' | 'CiAndChildren';
  readonly depth: number;
  readonly date_start: number;
  readonly date_end: number;
}

/** One date operator object of the filter body (Monq DatePostViewModel), instants in ms. */
export interface DateCondition {
  readonly equal?: number;
  readonly range?: { readonly start: number; readonly end: number };
  readonly lessThan?: number;
  readonly lessThanOrEqual?: number;
  readonly moreThan?: number;
  readonly moreThanOrEqual?: number;
}

export interface ModeFilter {
  readonly ids?: readonly number[];
  readonly configItemIds?: readonly number[];
  readonly dateStart?: DateCondition;
  readonly dateEnd?: DateCondition;
}

/**
 * Search kinds: `text` goes through the trigram index (two rarest grams, then the substring confirmed);
 * `short` (under 3 characters) and `digits` (also matching mode and CI ids) scan.
 */
type SearchKind = 'none' | 'text' | 'short' | 'digits';

interface ListShape {
  readonly member: boolean;
  readonly search: boolean;
  readonly kind: SearchKind;
}

/** Values for a list query: params (cached variant) or literals (filter body). */
interface ListValues {
  readonly acc: unknown;
  readonly q: unknown;
  readonly g1: unknown;
  readonly g2: unknown;
}

const COLUMNS: Record<SortCol, string> = {
  id: 'm.id',
  dateStart: 'm.date_start',
  dateEnd: 'm.date_end',
  title: 'm.title',
};

function visibleMode(shape: ListShape, v: ListValues): RawBuilder<unknown> {
  // sm_mode_workgroups: the workgroups whose members see the mode (mode-visibility.ts).
  return shape.member
    ? sql`exists (select 1 from sm_mode_workgroups mw join sm_memberships vm on vm.workgroup_id = mw.workgroup_id
        where mw.mode_id = m.id and vm.account_id = ${v.acc})`
    : sql`1 = 1`;
}

/** `search`: substring of title / label keys / values; digits: also of the mode id or a visible CI id. */
function searchMatch(shape: ListShape, v: ListValues, pg: boolean): RawBuilder<unknown> {
  const contains = pg ? sql`strpos(m.search_text, ${v.q}) > 0` : sql`instr(m.search_text, ${v.q}) > 0`;
  if (shape.kind === 'text') {
    return sql`m.id in (select a.mode_id from sm_mode_grams a where a.gram = ${v.g1}
        and exists (select 1 from sm_mode_grams b where b.gram = ${v.g2} and b.mode_id = a.mode_id))
      and ${contains}`;
  }
  const text = contains;
  if (shape.kind !== 'digits') return text;
  const has = (col: RawBuilder<unknown>) =>
    pg ? sql`strpos(cast(${col} as text), ${v.q}) > 0` : sql`instr(cast(${col} as text), ${v.q}) > 0`;
  const ciVisible = shape.member ? sql` and ${readableCi(sql`se.ci_id`, v.acc)}` : sql``;
  return sql`(${text} or ${has(sql`m.id`)} or exists (select 1 from sm_mode_entries se where se.mode_id = m.id and ${has(sql`se.ci_id`)}${ciVisible}))`;
}

function dateConditionSql(column: string, c: DateCondition): RawBuilder<unknown> | undefined {
  const x = sql.ref(column);
  const eq = (a: number) => sql`${x} = ${a}`;
  const between = (a: number, aClosed: boolean, b: number, bClosed: boolean) => {
    // The interval between the two values whichever operator names which end (service-modes.md, filter body).
    const [lo, loClosed, hi, hiClosed] = a <= b ? [a, aClosed, b, bClosed] : [b, bClosed, a, aClosed];
    return sql`${x} ${sql.raw(loClosed ? '>=' : '>')} ${lo} and ${x} ${sql.raw(hiClosed ? '<=' : '<')} ${hi}`;
  };
  if (c.equal !== undefined) return eq(c.equal);
  if (c.range)
    return c.range.start === c.range.end ? eq(c.range.start) : between(c.range.start, true, c.range.end, true);
  const { lessThan: lt, lessThanOrEqual: le, moreThan: gt, moreThanOrEqual: ge } = c;
  if (le !== undefined && ge !== undefined) return le === ge ? eq(le) : between(le, true, ge, true);
  if (le !== undefined && gt !== undefined) return le === gt ? eq(le) : between(le, true, gt, false);
  if (lt !== undefined && ge !== undefined) return lt === ge ? eq(lt) : between(lt, false, ge, true);
  if (lt !== undefined && gt !== undefined) return lt === gt ? eq(lt) : between(lt, false, gt, false);
  if (le !== undefined) return sql`${x} <= ${le}`;
  if (ge !== undefined) return sql`${x} >= ${ge}`;
  if (lt !== undefined) return sql`${x} < ${lt}`;
  if (gt !== undefined) return sql`${x} > ${gt}`;
  return undefined;
}

function filterSql(f: ModeFilter | undefined, shape: ListShape, v: ListValues, pg: boolean): RawBuilder<unknown> {
  if (!f) return sql``;
  const parts: RawBuilder<unknown>[] = [];
  if (f.ids?.length) parts.push(inIdList(sql`m.id`, idListParam(f.ids, pg), pg));
  if (f.configItemIds?.length) {
    const vis = shape.member ? sql` and ${readableCi(sql`fe.ci_id`, v.acc)}` : sql``;
    parts.push(
      sql`exists (select 1 from sm_mode_entries fe where fe.mode_id = m.id and ${inIdList(sql`fe.ci_id`, idListParam(f.configItemIds, pg), pg)}${vis})`,
    );
  }
  const ds = f.dateStart && dateConditionSql('m.date_start', f.dateStart);
  const de = f.dateEnd && dateConditionSql('m.date_end', f.dateEnd);
  if (ds) parts.push(ds);
  if (de) parts.push(de);
  return parts.length ? sql` and ${sql.join(parts, sql` and `)}` : sql``;
}

function orderSql(col: SortCol, desc: boolean): RawBuilder<unknown> {
  const d = desc ? ' desc' : '';
  // title: code-point order, null last ascending (PostgreSQL's default), ties by id.
  if (col === 'title') return sql.raw(`(m.title is null)${d}, m.title${d}, m.id${d}`);
  if (col === 'id') return sql.raw(`m.id${d}`);
  return sql.raw(`${COLUMNS[col]}${d}, m.id${d}`);
}

function countSql(shape: ListShape, v: ListValues, pg: boolean, f?: ModeFilter, searched = false) {
  const search = searched ? sql` and ${searchMatch(shape, v, pg)}` : sql``;
  return sql`select count(*) as n from sm_modes m where ${visibleMode(shape, v)}${filterSql(f, shape, v, pg)}${search}`;
}

function pageSql(
  shape: ListShape,
  v: ListValues & { readonly limit: unknown; readonly offset: unknown },
  pg: boolean,
  col: SortCol,
  desc: boolean,
  f?: ModeFilter,
) {
  const search = shape.search ? sql` and ${searchMatch(shape, v, pg)}` : sql``;
  return sql`select m.id, m.title, m.date_start, m.date_end, m.cancelled_at, m.labels from sm_modes m
    where ${visibleMode(shape, v)}${filterSql(f, shape, v, pg)}${search}
    order by ${orderSql(col, desc)} limit ${v.limit} offset ${v.offset}`;
}

function entriesSql(member: boolean, ids: unknown, acc: unknown, pg: boolean) {
  const vis = member ? sql` and ${readableCi(sql`e.ci_id`, acc)}` : sql``;
  return sql`select e.mode_id, e.ci_id, e.scope, e.depth, e.date_start, e.date_end from sm_mode_entries e
    where ${inIdList(sql`e.mode_id`, ids, pg)}${vis} order by e.mode_id, e.position`;
}

const P: ListValues & { limit: unknown; offset: unknown } = {
  acc: param('acc'),
  q: param('q'),
  g1: param('g1'),
  g2: param('g2'),
  limit: param('limit'),
  offset: param('offset'),
};

type CountDef = ReturnType<typeof rawQuery<Record<string, unknown>, { n: number }>>;
const countDefs = new Map<string, CountDef>();
const pageDefs = new Map<string, ReturnType<typeof rawQuery<Record<string, unknown>, ModeRow>>>();
const matchDefs = new Map<string, ReturnType<typeof rawQuery<Record<string, unknown>, { id: number }>>>();
const entriesDefs = {
  admin: rawQuery<Record<string, unknown>, EntryRow>('sm.entries.admin', (pg) =>
    entriesSql(false, param('ids'), null, pg),
  ),
  member: rawQuery<Record<string, unknown>, EntryRow>('sm.entries.member', (pg) =>
    entriesSql(true, param('ids'), param('acc'), pg),
  ),
};
/** X-Total for an administrator: the counter kept by createMode. */
const modeCounter = rawQuery<Record<string, never>, { n: number }>(
  'sm.modeCounter',
  () => sql`select value as n from sm_counters where key = 'modes'`,
);
const modesByIds = rawQuery<Record<string, unknown>, ModeRow>(
  'sm.modesByIds',
  (pg) =>
    sql`select m.id, m.title, m.date_start, m.date_end, m.cancelled_at, m.labels from sm_modes m where ${inIdList(sql`m.id`, param('ids'), pg)}`,
);

// Every cached variant is declared up front (a fixed, small set: who × search kind × sort × direction).
// Without search: a count and an index-ordered page. With search: the matching ids in order, found once
// through the search index, give both X-Total-Filtered and the page.
for (const member of [false, true]) {
  for (const search of ['none', 'text', 'short', 'digits'] as const) {
    const shape: ListShape = { member, search: search !== 'none', kind: search };
    const key = `${member ? 'member' : 'admin'}.${search}`;
    countDefs.set(
      key,
      key === 'member.none'
        ? // Every mode a member sees: one range of the (workgroup, mode) index per membership.
          rawQuery(
            `sm.count.${key}`,
            () => sql`select count(*) as n from (select distinct mw.mode_id from sm_memberships vm
              join sm_mode_workgroups mw on mw.workgroup_id = vm.workgroup_id where vm.account_id = ${P.acc}) v`,
          )
        : rawQuery(`sm.count.${key}`, (pg) => countSql(shape, P, pg, undefined, shape.search)),
    );
    for (const col of Object.keys(COLUMNS) as SortCol[]) {
      for (const desc of [false, true]) {
        const name = `sm.page.${key}.${col}.${desc ? 'desc' : 'asc'}`;
        pageDefs.set(
          name,
          rawQuery(name, (pg) => pageSql(shape, P, pg, col, desc)),
        );
        const match = `sm.match.${key}.${col}.${desc ? 'desc' : 'asc'}`;
        matchDefs.set(
          match,
          rawQuery(
            match,
            (pg) => sql`select m.id from sm_modes m where ${visibleMode(shape, P)} and ${searchMatch(shape, P, pg)}
            order by ${orderSql(col, desc)}`,
          ),
        );
      }
    }
  }
}

export interface ListResult {
  readonly total: number;
  readonly filtered: number;
  readonly rows: readonly ModeRow[];
  readonly entries: readonly EntryRow[];
}

/** One page of visible modes with their visible entries, and the two counts for the headers. */
export async function listModes(
  db: Database,
  caller: Caller,
  paging: PagingQuery,
  win: { offset: number; limit: number | undefined; empty: boolean },
  filter?: ModeFilter,
): Promise<ListResult> {
  const member = !caller.admin;
  const q = paging.search;
  let kind: SearchKind = q === undefined ? 'none' : /^\d+$/.test(q) ? 'digits' : 'text';
  const grams = kind === 'text' ? await rarestGrams(db, q!) : undefined;
  if (kind === 'text' && grams === undefined) kind = 'short';
  const shape: ListShape = { member, search: kind !== 'none', kind };
  const values = {
    acc: caller.accountId,
    q: q ?? '',
    g1: grams?.[0] ?? '',
    g2: grams?.[1] ?? '',
    limit: win.limit ?? -1,
    offset: win.offset,
  };
  const pg = db.dialect === 'postgres';
  if (pg && values.limit === -1) values.limit = null as unknown as number;
  const key = `${member ? 'member' : 'admin'}.${kind}`;
  const order = `${paging.sortCol}.${paging.desc ? 'desc' : 'asc'}`;
  let total: number;
  let filtered: number;
  let rows: ModeRow[];
  if (!filter) {
    total = member
      ? Number((await db.statements.first(countDefs.get('member.none')!, values))!.n)
      : Number((await db.statements.first(modeCounter, {}))?.n ?? 0);
    if (grams === null) {
      // A gram of the term is in no mode: nothing matches.
      filtered = 0;
      rows = [];
    } else if (shape.search) {
      const ids = (await db.statements.all(matchDefs.get(`sm.match.${key}.${order}`)!, values)).map((r) =>
        Number(r.id),
      );
      filtered = ids.length;
      const pageIds = win.empty
        ? []
        : ids.slice(win.offset, win.limit === undefined ? undefined : win.offset + win.limit);
      rows = pageIds.length ? await byIds(db, pageIds) : [];
    } else {
      filtered = total;
      rows =
        win.empty || filtered === 0 ? [] : await db.statements.all(pageDefs.get(`sm.page.${key}.${order}`)!, values);
    }
  } else {
    const run = async <R>(q: RawBuilder<unknown>) => (await q.execute(db.kysely)).rows as R[];
    total = Number((await run<{ n: number }>(countSql({ ...shape, search: false }, values, pg, filter)))[0].n);
    filtered =
      grams === null
        ? 0
        : shape.search
          ? Number((await run<{ n: number }>(countSql(shape, values, pg, filter, true)))[0].n)
          : total;
    rows =
      win.empty || filtered === 0 || grams === null
        ? []
        : await run<ModeRow>(pageSql(shape, values, pg, paging.sortCol, paging.desc, filter));
  }
  const entries = rows.length
    ? await entriesOf(
        db,
        caller,
        rows.map((r) => Number(r.id)),
      )
    : [];
  return { total, filtered, rows, entries };
}

/** Mode rows for the given ids, in that order. */
async function byIds(db: Database, ids: readonly number[]): Promise<ModeRow[]> {
  const rows = await db.statements.all(modesByIds, { ids: idListParam(ids, db.dialect === 'postgres') });
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  return ids.map((id) => byId.get(id)!);
}

const entriesOfOne = {
  admin: rawQuery<Record<string, unknown>, EntryRow>(
    'sm.entriesOfOne.admin',
    () => sql`select e.mode_id, e.ci_id, e.scope, e.depth, e.date_start, e.date_end from sm_mode_entries e
      where e.mode_id = ${param('id')} order by e.position`,
  ),
  member: rawQuery<Record<string, unknown>, EntryRow>(
    'sm.entriesOfOne.member',
    () => sql`select e.mode_id, e.ci_id, e.scope, e.depth, e.date_start, e.date_end from sm_mode_entries e
      where e.mode_id = ${param('id')} and ${readableCi(sql`e.ci_id`, param('acc'))} order by e.position`,
  ),
};

/** Visible entries of the given modes, in mode then creation order. */
export async function entriesOf(db: Database, caller: Caller, modeIds: readonly number[]): Promise<EntryRow[]> {
  if (modeIds.length === 1) {
    return db.statements.all(caller.admin ? entriesOfOne.admin : entriesOfOne.member, {
      id: modeIds[0],
      acc: caller.accountId,
    });
  }
  const pg = db.dialect === 'postgres';
  return db.statements.all(caller.admin ? entriesDefs.admin : entriesDefs.member, {
    ids: idListParam(modeIds, pg),
    acc: caller.accountId,
  });
}

const modeById = rawQuery<{ id: number }, ModeRow>(
  'sm.modeById',
  () =>
    sql`select m.id, m.title, m.date_start, m.date_end, m.cancelled_at, m.labels from sm_modes m where m.id = ${param('id')}`,
);

/** A mode row, whether or not the caller sees it (404 vs 403 is decided by the caller). */
export function findMode(db: Database, id: number): Promise<ModeRow | undefined> {
  return db.statements.first(modeById, { id });
}

const historyByMode = rawQuery<{ id: number }, HistoryRow>(
  'sm.historyByMode',
  () => sql`select h.id, h.at, h.username, h.action, h.changed, h.before, h.after from sm_mode_history h
    where h.mode_id = ${param('id')} order by h.id`,
);

export interface HistoryRow {
  readonly id: number;
  readonly at: number;
  readonly username: string;
  readonly action: string;
  readonly changed: string;
  readonly before: string | null;
  readonly after: string;
}

export function modeHistory(db: Database, id: number): Promise<HistoryRow[]> {
  return db.statements.all(historyByMode, { id });
}

/** Readable CI ids among `ids` (admins: existing ones). */
const readableAmong = {
  admin: rawQuery<Record<string, unknown>, { id: number }>(
    'sm.readableAmong.admin',
    (pg) => sql`select c.id from sm_config_items c where ${inIdList(sql`c.id`, param('ids'), pg)}`,
  ),
  member: rawQuery<Record<string, unknown>, { id: number }>(
    'sm.readableAmong.member',
    (pg) =>
      sql`select c.id from sm_config_items c where ${inIdList(sql`c.id`, param('ids'), pg)} and ${readableCi(sql`c.id`, param('acc'))}`,
  ),
};

export async function readableCiIds(db: Database, caller: Caller, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.statements.all(caller.admin ? readableAmong.admin : readableAmong.member, {
    ids: idListParam(ids, db.dialect === 'postgres'),
    acc: caller.accountId,
  });
  return new Set(rows.map((r) => Number(r.id)));
}

export interface CoveringRow {
  readonly ci_id: number;
  readonly mode_id: number;
  readonly title: string | null;
  readonly scope: 'Ci' | 'CiAndChildren';
  readonly depth: number;
  readonly date_start: number;
  readonly date_end: number;
}

/**
 * Entries active at `at` that cover each of the given CIs: the CI itself, or an ancestor whose entry is
 * `CiAndChildren` reaching that far (depth 0 = whole subtree). Cancelled modes never cover.
 */
const coveringDef = rawQuery<Record<string, unknown>, CoveringRow>(
  'sm.covering',
  (pg) => sql`select cl.descendant_id as ci_id, e.mode_id, m.title, e.scope, e.depth, e.date_start, e.date_end
    from sm_ci_closure cl
    join sm_mode_entries e on e.ci_id = cl.ancestor_id and e.date_start <= ${param('at')} and e.date_end > ${param('at')}
    join sm_modes m on m.id = e.mode_id and m.cancelled_at is null
    where ${inIdList(sql`cl.descendant_id`, param('ids'), pg)}
      and (cl.distance = 0 or (e.scope = 'CiAndChildren' and (e.depth = 0 or cl.distance <= e.depth)))
    order by cl.descendant_id, e.mode_id`,
);

export function coveringEntries(db: Database, ciIds: readonly number[], at: number): Promise<CoveringRow[]> {
  return db.statements.all(coveringDef, { ids: idListParam(ciIds, db.dialect === 'postgres'), at });
}

/** Every visible CI covered at `at` (no CI list given), with the covering entries. */
export async function allCovered(db: Database, caller: Caller, at: number): Promise<CoveringRow[]> {
  const vis = caller.admin ? sql`` : sql` and ${readableCi(sql`cl.descendant_id`, caller.accountId)}`;
  const r =
    await sql<CoveringRow>`select cl.descendant_id as ci_id, e.mode_id, m.title, e.scope, e.depth, e.date_start, e.date_end
    from sm_mode_entries e
    join sm_modes m on m.id = e.mode_id and m.cancelled_at is null
    join sm_ci_closure cl on cl.ancestor_id = e.ci_id
      and (cl.distance = 0 or (e.scope = 'CiAndChildren' and (e.depth = 0 or cl.distance <= e.depth)))
    where e.date_start <= ${at} and e.date_end > ${at}${vis}
    order by cl.descendant_id, e.mode_id`.execute(db.kysely);
  return r.rows;
}

/** CIs covered by the given scope items (preview): each item's CI and, for CiAndChildren, its subtree. */
export async function expandScope(
  db: Database,
  items: readonly { id: number; scope: string; depth: number }[],
): Promise<number[]> {
  if (items.length === 0) return [];
  const pg = isPostgres(db.kysely);
  const conds = items.map((it) =>
    it.scope === 'Ci'
      ? sql`(cl.ancestor_id = ${it.id} and cl.distance = 0)`
      : it.depth === 0
        ? sql`cl.ancestor_id = ${it.id}`
        : sql`(cl.ancestor_id = ${it.id} and cl.distance <= ${it.depth})`,
  );
  void pg;
  const r = await sql<{ id: number }>`select distinct cl.descendant_id as id from sm_ci_closure cl
    where ${sql.join(conds, sql` or `)} order by cl.descendant_id`.execute(db.kysely);
  return r.rows.map((x) => Number(x.id));
}
