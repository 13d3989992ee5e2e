/**
 * Assiduités (scodoc-assiduites.md §2): read one, list per student / formsemestre / group with every filter,
 * counts (plain and split), create, edit, delete. Reads: ScoView; writes: ScoAbsChange (checked per item
 * against each student's department). Every path exists under both prefixes (the plugin mounts them).
 */
import { checkObjectDept, deptScope, inScope } from '../../access.js';
import { ScoError } from '../../errors.js';
import { serializeSco } from '../../json.js';
import { mayViewJustifDetails } from '../justificatifs/justif-access.js';
import { presentJustificatif } from '../justificatifs/justificatifs.present.js';
import {
  type JustificatifRow,
  justificatifsCovering,
  justificatifsOfEtud,
  justificatifsOfEtuds,
  justificatifsOfFormsemestre,
} from '../justificatifs/justificatifs.queries.js';
import { flag, q1 } from '../lookup.js';
import type { ScoContext, ScoRoute } from '../route.js';
import { filterKey, formsemestreDates, matches, parseFilter, type RecordFilter } from './assiduites.filters.js';
import { localFormatter, presentAssiduite } from './assiduites.present.js';
import {
  type AssiduiteRow,
  assiduiteById,
  assiduitesOfEtud,
  assiduitesOfEtuds,
  assiduitesOfFormsemestre,
  countRowsOf,
} from './assiduites.queries.js';
import { createAssiduites, deleteAssiduitesBatch, editAssiduites } from './assiduites.writes.js';
import { countStamp, readCount, writeCount } from './count-cache.js';
import { countPlain, countSplit, type DaySettings, parseMetrics } from './counts.js';
import { ASSIDUITE_ETATS } from './etats.js';
import { ETUD_PATHS, findEtud } from './find-etudiant.js';
import { localDayAfter, localMidnight } from './local-datetime.js';

const ID = ':id(^\\d{1,15}$)';
const FS = ':formsemestre_id(^\\d{1,15}$)';

export function daySettings(ctx: ScoContext): DaySettings {
  const c = ctx.req.server.config.scodoc;
  return { timeZone: c.timeZone, ...c.assiduites };
}

const tzOf = (ctx: ScoContext) => ctx.req.server.config.scodoc.timeZone;

async function findAssiduite(ctx: ScoContext): Promise<AssiduiteRow> {
  const a = await assiduiteById(ctx.req.server.db, Number(ctx.params.id));
  if (!a) throw new ScoError('SCO_ERR_ASSIDUITE_NOT_FOUND');
  checkObjectDept(ctx.access, 'ScoView', Number(a.dept_id), 'SCO_ERR_ASSIDUITE_NOT_FOUND');
  return a;
}

/**
 * Presents records, with their covering justificatifs when `with_justifs` (AS13). `justifs` loads, in one
 * statement, every justificatif that can cover them; each object is built once.
 */
async function present(
  ctx: ScoContext,
  rows: readonly AssiduiteRow[],
  f: RecordFilter,
  justifs: () => Promise<JustificatifRow[]>,
) {
  const fmt = localFormatter(tzOf(ctx));
  if (!f.withJustifs) return rows.map((r) => presentAssiduite(r, fmt));
  const byEtud = new Map<number, { row: JustificatifRow; out: unknown }[]>();
  for (const j of rows.length ? await justifs() : []) {
    const l = byEtud.get(Number(j.etudid)) ?? [];
    l.push({ row: j, out: presentJustificatif(j, fmt, mayViewJustifDetails(ctx.access, j)) });
    byEtud.set(Number(j.etudid), l);
  }
  return rows.map((r) => {
    const covering = (byEtud.get(Number(r.etudid)) ?? []).filter(
      (j) => Number(j.row.date_debut) <= Number(r.date_debut) && Number(j.row.date_fin) >= Number(r.date_fin),
    );
    return presentAssiduite(
      r,
      fmt,
      covering.map((j) => j.out),
    );
  });
}

async function listOfEtud(ctx: ScoContext) {
  const e = await findEtud(ctx, 'ScoView');
  const f = await parseFilter(ctx, ASSIDUITE_ETATS);
  const db = ctx.req.server.db;
  const rows = (await assiduitesOfEtud(db, Number(e.id))).filter((r) => matches(f, r));
  return present(ctx, rows, f, () => justificatifsOfEtud(db, Number(e.id)));
}

function isSplit(ctx: ScoContext) {
  const v = q1(ctx.query.split);
  return v !== undefined && flag(v || '1') !== false;
}

function count(ctx: ScoContext, rows: Parameters<typeof countPlain>[0], f: RecordFilter) {
  const s = daySettings(ctx);
  return isSplit(ctx) ? countSplit(rows, s, f.etats) : countPlain(rows, s, parseMetrics(q1(ctx.query.metric)));
}

async function countOfEtud(ctx: ScoContext) {
  const e = await findEtud(ctx, 'ScoView');
  const f = await parseFilter(ctx, ASSIDUITE_ETATS);
  const rows = (await assiduitesOfEtud(ctx.req.server.db, Number(e.id))).filter((r) => matches(f, r));
  return count(ctx, rows, f);
}

async function findFs(ctx: ScoContext) {
  const fs = await formsemestreDates(ctx.req.server.db, Number(ctx.params.formsemestre_id));
  if (!fs) throw new ScoError('SCO_ERR_FORMSEMESTRE_NOT_FOUND');
  checkObjectDept(ctx.access, 'ScoView', Number(fs.dept_id), 'SCO_ERR_FORMSEMESTRE_NOT_FOUND');
  const tz = tzOf(ctx);
  return { id: Number(fs.id), from: localMidnight(fs.date_debut, tz), to: localDayAfter(fs.date_fin, tz) };
}

/** The records of a formsemestre's students overlapping its dates (`formsemestre_id` semantics, §2). */
async function listOfFormsemestre(ctx: ScoContext) {
  const fs = await findFs(ctx);
  const f = await parseFilter(ctx, ASSIDUITE_ETATS);
  const db = ctx.req.server.db;
  const rows = (await assiduitesOfFormsemestre(db, fs.id, fs.from, fs.to)).filter((r) => matches(f, r));
  return present(ctx, rows, f, () => justificatifsOfFormsemestre(db, fs.id, fs.from, fs.to));
}

/** AS15: a formsemestre count sums its students; kept in the count cache (count-cache.ts). */
async function countOfFormsemestre(ctx: ScoContext) {
  const fs = await findFs(ctx);
  const db = ctx.req.server.db;
  // Group memberships are not in the stamp: such counts are computed each time.
  const cacheable = q1(ctx.query.group_id) === undefined;
  const key = filterKey(ctx);
  const stamp = cacheable ? await countStamp(db, fs.id, JSON.stringify(daySettings(ctx))) : '';
  if (cacheable) {
    const hit = await readCount(db, fs.id, key, stamp);
    if (hit !== undefined) return ctx.reply.type('application/json').send(hit);
  }
  const f = await parseFilter(ctx, ASSIDUITE_ETATS);
  const rows = (await countRowsOf(db, fs.id, fs.from, fs.to)).filter((r) => matches(f, r));
  const text = serializeSco(count(ctx, rows, f));
  if (cacheable) await writeCount(db, fs.id, key, stamp, text);
  return ctx.reply.type('application/json').send(text);
}

/** `assiduites/group/query?etudids=1,2`: `{"<etudid>": [assiduité]}` (§2), students visible to the caller. */
async function groupQuery(ctx: ScoContext) {
  const raw = q1(ctx.query.etudids) ?? '';
  const ids = raw
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  if (ids.some((x) => !/^\d{1,15}$/.test(x))) throw new ScoError('SCO_ERR_ASSI_PARAM_INVALID', { name: 'etudids' });
  const f = await parseFilter(ctx, ASSIDUITE_ETATS);
  const scope = deptScope(ctx.access, 'ScoView');
  const db = ctx.req.server.db;
  const wanted = [...new Set(ids.map(Number))].sort((a, b) => a - b);
  // One statement for the records, one for the justificatifs, whatever the number of students.
  const all = await assiduitesOfEtuds(db, wanted);
  const visible = all.filter((r) => inScope(scope, Number(r.dept_id)));
  const shown = await present(
    ctx,
    visible.filter((r) => matches(f, r)),
    f,
    () => justificatifsOfEtuds(db, wanted),
  );
  const out: Record<string, unknown[]> = {};
  const hidden = new Set(all.filter((r) => !inScope(scope, Number(r.dept_id))).map((r) => Number(r.etudid)));
  for (const id of wanted) if (!hidden.has(id)) out[String(id)] = [];
  for (const a of shown as { etudid: number }[]) out[String(a.etudid)].push(a);
  return out;
}

function forEtud(head: string, tail: string, def: Omit<ScoRoute, 'path'>): ScoRoute[] {
  return ETUD_PATHS.map((p) => ({ ...def, path: `${head}/${p}${tail}` }));
}

export const assiduiteRoutes: ScoRoute[] = [
  {
    method: 'GET',
    path: `/assiduite/${ID}`,
    perm: 'ScoView',
    name: 'assiduite',
    summary: 'One assiduité',
    handler: async (ctx) => presentAssiduite(await findAssiduite(ctx), tzOf(ctx)),
  },
  ...['', '/long'].map(
    (long): ScoRoute => ({
      method: 'GET',
      path: `/assiduite/${ID}/justificatifs${long}`,
      perm: 'ScoView',
      name: 'assiduite_justificatifs',
      summary: `Justificatifs covering an assiduité (${long ? 'objects' : 'ids'})`,
      async handler(ctx) {
        const a = await findAssiduite(ctx);
        const db = ctx.req.server.db;
        const ids = await justificatifsCovering(db.kysely, Number(a.etudid), Number(a.date_debut), Number(a.date_fin));
        if (!long) return ids;
        const all = await justificatifsOfEtud(db, Number(a.etudid));
        return all
          .filter((j) => ids.includes(Number(j.id)))
          .map((j) => presentJustificatif(j, tzOf(ctx), mayViewJustifDetails(ctx.access, j)));
      },
    }),
  ),
  ...['', '/query'].flatMap((q) => [
    ...forEtud('/assiduites', q, {
      method: 'GET',
      perm: 'ScoView',
      name: 'assiduites',
      summary: "A student's assiduités, oldest first, with the query filters",
      handler: listOfEtud,
    }),
    ...forEtud('/assiduites', `/count${q}`, {
      method: 'GET',
      perm: 'ScoView',
      name: 'assiduites_count',
      summary: "Counts of a student's assiduités (metric, split)",
      handler: countOfEtud,
    }),
    {
      method: 'GET',
      path: `/assiduites/formsemestre/${FS}${q}`,
      perm: 'ScoView',
      name: 'assiduites_formsemestre',
      summary: "Assiduités of a formsemestre's students within its dates",
      handler: listOfFormsemestre,
    } satisfies ScoRoute,
    {
      method: 'GET',
      path: `/assiduites/formsemestre/${FS}/count${q}`,
      perm: 'ScoView',
      name: 'assiduites_formsemestre_count',
      summary: "Counts over a formsemestre's students (summed per student)",
      handler: countOfFormsemestre,
    } satisfies ScoRoute,
  ]),
  {
    method: 'GET',
    path: '/assiduites/group/query',
    perm: 'ScoView',
    name: 'assiduites_group',
    summary: 'Assiduités of several students: {"<etudid>": [assiduité]}',
    handler: groupQuery,
  },
  ...forEtud('/assiduite', '/create', {
    method: 'POST',
    perm: 'ScoAbsChange',
    name: 'assiduite_create',
    summary: 'Create assiduités of one student (batch envelope)',
    async handler(ctx) {
      const e = await findEtud(ctx, 'ScoAbsChange');
      return createAssiduites(ctx, ctx.body, { id: Number(e.id), dept_id: Number(e.dept_id) });
    },
  }),
  {
    method: 'POST',
    path: '/assiduites/create',
    perm: 'ScoAbsChange',
    name: 'assiduites_create',
    summary: 'Create assiduités of several students, items with `etudid` (batch envelope)',
    handler: (ctx) => createAssiduites(ctx, ctx.body),
  },
  {
    method: 'POST',
    path: `/assiduite/${ID}/edit`,
    perm: 'ScoAbsChange',
    name: 'assiduite_edit',
    summary: 'Edit one assiduité: {"OK": true}',
    async handler(ctx) {
      await findAssiduite(ctx);
      await editAssiduites(ctx, ctx.body, Number(ctx.params.id));
      return { OK: true };
    },
  },
  {
    method: 'POST',
    path: '/assiduites/edit',
    perm: 'ScoAbsChange',
    name: 'assiduites_edit',
    summary: 'Edit assiduités, items with `assiduite_id` (batch envelope)',
    handler: (ctx) => editAssiduites(ctx, ctx.body),
  },
  {
    method: 'POST',
    path: '/assiduite/delete',
    perm: 'ScoAbsChange',
    name: 'assiduite_delete',
    summary: 'Delete assiduités by id (batch envelope)',
    handler: (ctx) => deleteAssiduitesBatch(ctx, ctx.body),
  },
];
