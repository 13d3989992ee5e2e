/**
 * Évaluations and notes (scodoc.md §2.3, §2.7, §5.7, §5.14): read routes of the spec, and the ScoDoc 9.6
 * write routes (create / edit / delete an évaluation, set many notes). Writing needs ScoEditAllEvals
 * (évaluations) or ScoEditAllNotes (notes) in the department, or being the moduleimpl's responsable or one
 * of its enseignants (§2.7); a locked formsemestre refuses writes.
 */
import { can, checkObjectDept } from '../../access.js';
import { ScoError } from '../../errors.js';
import type { PermissionName } from '../../permissions.js';
import { parseDatetime } from '../assiduites/local-datetime.js';
import { BodyReader } from '../body.js';
import { moduleimplById } from '../moduleimpls/moduleimpls.queries.js';
import { INT, type ScoContext, type ScoRoute } from '../route.js';
import { presentEvaluation, presentNotes } from './evaluations.present.js';
import {
  countNotes,
  deleteEvaluation,
  type EvaluationContextRow,
  type EvaluationValues,
  evaluationById,
  evaluationsOfModuleimpl,
  insertEvaluation,
  isModuleimplStaff,
  notesOfEvaluation,
  poidsOf,
  uesOfModuleimpl,
  updateEvaluation,
} from './evaluations.queries.js';
import { setNotes } from './notes-set.js';

const EVAL = `/evaluation/:evaluation_id${INT}`;
const MI = `/moduleimpl/:moduleimpl_id${INT}`;

const tz = (ctx: ScoContext) => ctx.req.server.config.scodoc.timeZone;

export async function findEvaluation(ctx: ScoContext): Promise<EvaluationContextRow> {
  const e = await ctx.req.server.db.statements.first(evaluationById, { id: Number(ctx.params.evaluation_id) });
  if (!e) throw new ScoError('SCO_ERR_EVALUATION_NOT_FOUND');
  checkObjectDept(ctx.access, 'ScoView', Number(e.dept_id), 'SCO_ERR_EVALUATION_NOT_FOUND');
  return e;
}

async function findModuleimpl(ctx: ScoContext) {
  const m = await moduleimplById(ctx.req.server.db.kysely, Number(ctx.params.moduleimpl_id));
  if (!m) throw new ScoError('SCO_ERR_MODULEIMPL_NOT_FOUND');
  checkObjectDept(ctx.access, 'ScoView', Number(m.mi.dept_id), 'SCO_ERR_MODULEIMPL_NOT_FOUND');
  return m;
}

/** §2.7: the department permission, or the moduleimpl's staff; the formsemestre must be unlocked. */
async function checkWrite(ctx: ScoContext, perm: PermissionName, deptId: number, moduleimplId: number, fsId: number) {
  const db = ctx.req.server.db.kysely;
  if (!can(ctx.access, perm, deptId) && !(await isModuleimplStaff(db, moduleimplId, ctx.access.userId))) {
    throw new ScoError('SCO_ERR_FORBIDDEN');
  }
  const fs = await db.selectFrom('sco_formsemestre').select('etat').where('id', '=', fsId).executeTakeFirstOrThrow();
  if (!Number(fs.etat)) throw new ScoError('SCO_ERR_FORMSEMESTRE_LOCKED');
}

/** scodoc.md §5.14 évaluation body; `partial` for edits. */
function readEvaluation(route: string, body: unknown, ues: readonly number[], timeZone: string, partial: boolean) {
  const r = BodyReader.of(route, body, !partial);
  const v: { -readonly [K in keyof EvaluationValues]: EvaluationValues[K] } = {};
  const desc = r.str('description', { max: 500 });
  if (desc !== undefined) v.description = desc ?? '';
  for (const k of ['date_debut', 'date_fin'] as const) {
    if (!r.has(k)) continue;
    const raw = r.body[k];
    if (raw === null || raw === '') v[k] = null;
    else {
      const p = parseDatetime(raw, timeZone);
      if (!p) return r.fail(`invalid ${k}`);
      v[k] = p.ms;
    }
  }
  if (v.date_debut != null && v.date_fin != null && v.date_fin < v.date_debut) r.fail('date_fin before date_debut');
  const type = r.int('evaluation_type', { min: 0, max: 3 });
  if (type !== undefined) v.evaluation_type = type;
  const noteMax = r.num('note_max');
  if (noteMax !== undefined) {
    if (noteMax === null || !(noteMax > 0) || noteMax > 1000) return r.fail('invalid note_max');
    v.note_max = noteMax;
  }
  const coef = r.num('coefficient');
  if (coef !== undefined) {
    if (coef === null || coef < 0 || coef > 1e6) return r.fail('invalid coefficient');
    v.coefficient = coef;
  }
  const numero = r.int('numero', { min: 0 });
  if (numero !== undefined) v.numero = numero;
  for (const k of ['visibulletin', 'publish_incomplete'] as const) {
    const b = r.bool(k);
    if (b !== undefined) v[k] = b ? 1 : 0;
  }
  let poids: Map<number, number> | null = null;
  if (r.has('poids')) {
    const p = r.body.poids;
    if (p === null || typeof p !== 'object' || Array.isArray(p)) r.fail('poids must be an object');
    poids = new Map();
    for (const [k, x] of Object.entries(p as Record<string, unknown>)) {
      const ue = Number(k);
      const w = Number(x);
      if (!ues.includes(ue)) r.fail(`poids: UE ${k} not used by this module`);
      if (x === null || x === '' || !Number.isFinite(w) || w < 0) r.fail(`poids: invalid weight for UE ${k}`);
      poids.set(ue, w);
    }
  }
  return { v, poids };
}

async function presentOne(ctx: ScoContext, id: number) {
  const e = (await ctx.req.server.db.statements.first(evaluationById, { id }))!;
  const db = ctx.req.server.db.kysely;
  const ues = await uesOfModuleimpl(db, Number(e.moduleimpl_id));
  return presentEvaluation(e, tz(ctx), ues, (await poidsOf(db, [id])).get(id));
}

export const evaluationRoutes: ScoRoute[] = [
  {
    method: 'GET',
    path: `${MI}/evaluations`,
    perm: 'ScoView',
    name: 'moduleimpl_evaluations',
    summary: 'Évaluations of a moduleimpl, any state',
    async handler(ctx) {
      const m = await findModuleimpl(ctx);
      const db = ctx.req.server.db.kysely;
      const rows = await evaluationsOfModuleimpl(db, Number(m.mi.id));
      const ues = await uesOfModuleimpl(db, Number(m.mi.id));
      const poids = await poidsOf(
        db,
        rows.map((r) => Number(r.id)),
      );
      return rows.map((e) => presentEvaluation(e, tz(ctx), ues, poids.get(Number(e.id))));
    },
  },
  {
    method: 'GET',
    path: EVAL,
    perm: 'ScoView',
    name: 'evaluation',
    summary: 'One évaluation (ScoDoc 9.6)',
    async handler(ctx) {
      const e = await findEvaluation(ctx);
      return presentOne(ctx, Number(e.id));
    },
  },
  {
    method: 'GET',
    path: `${EVAL}/notes`,
    perm: 'ScoView',
    name: 'evaluation_notes',
    summary: 'Stored notes of an évaluation, keyed by etudid',
    async handler(ctx) {
      const e = await findEvaluation(ctx);
      const rows = await ctx.req.server.db.statements.all(notesOfEvaluation, {
        id: Number(e.id),
        fs: Number(e.formsemestre_id),
      });
      return presentNotes(Number(e.id), Number(e.note_max), rows, tz(ctx));
    },
  },
  {
    method: 'POST',
    path: `${MI}/evaluation/create`,
    perm: 'ScoView',
    name: 'evaluation_create',
    extension: true,
    summary: 'Create an évaluation (ScoEditAllEvals or moduleimpl staff)',
    async handler(ctx) {
      const m = await findModuleimpl(ctx);
      const fsId = Number(m.mi.formsemestre_id);
      await checkWrite(ctx, 'ScoEditAllEvals', Number(m.mi.dept_id), Number(m.mi.id), fsId);
      const db = ctx.req.server.db.kysely;
      const ues = await uesOfModuleimpl(db, Number(m.mi.id));
      const { v, poids } = readEvaluation('evaluation_create', ctx.body, ues, tz(ctx), false);
      const id = await insertEvaluation(db, Number(m.mi.id), fsId, v, poids);
      return presentOne(ctx, id);
    },
  },
  {
    method: 'POST',
    path: `${EVAL}/edit`,
    perm: 'ScoView',
    name: 'evaluation_edit',
    extension: true,
    summary: 'Edit an évaluation (ScoEditAllEvals or moduleimpl staff)',
    async handler(ctx) {
      const e = await findEvaluation(ctx);
      const fsId = Number(e.formsemestre_id);
      await checkWrite(ctx, 'ScoEditAllEvals', Number(e.dept_id), Number(e.moduleimpl_id), fsId);
      const db = ctx.req.server.db.kysely;
      const ues = await uesOfModuleimpl(db, Number(e.moduleimpl_id));
      const { v, poids } = readEvaluation('evaluation_edit', ctx.body, ues, tz(ctx), true);
      const debut = v.date_debut !== undefined ? v.date_debut : e.date_debut;
      const fin = v.date_fin !== undefined ? v.date_fin : e.date_fin;
      if (debut != null && fin != null && Number(fin) < Number(debut)) {
        BodyReader.of('evaluation_edit', {}, false).fail('date_fin before date_debut');
      }
      await updateEvaluation(db, Number(e.id), fsId, v, poids);
      return presentOne(ctx, Number(e.id));
    },
  },
  {
    method: 'POST',
    path: `${EVAL}/delete`,
    perm: 'ScoView',
    name: 'evaluation_delete',
    extension: true,
    summary: 'Delete an évaluation without notes (ScoEditAllEvals or moduleimpl staff)',
    async handler(ctx) {
      const e = await findEvaluation(ctx);
      const fsId = Number(e.formsemestre_id);
      await checkWrite(ctx, 'ScoEditAllEvals', Number(e.dept_id), Number(e.moduleimpl_id), fsId);
      const db = ctx.req.server.db.kysely;
      if ((await countNotes(db, Number(e.id))) > 0) throw new ScoError('SCO_ERR_EVALUATION_HAS_NOTES');
      await deleteEvaluation(db, Number(e.id), fsId);
      return { OK: true };
    },
  },
  {
    method: 'POST',
    path: `${EVAL}/notes/set`,
    perm: 'ScoView',
    name: 'notes_set',
    extension: true,
    bodyLimit: 4 * 1024 * 1024,
    summary: 'Set many notes at once, all-or-nothing (ScoEditAllNotes or moduleimpl staff)',
    async handler(ctx) {
      const e = await findEvaluation(ctx);
      await checkWrite(ctx, 'ScoEditAllNotes', Number(e.dept_id), Number(e.moduleimpl_id), Number(e.formsemestre_id));
      return setNotes(ctx.req.server.db.kysely, e, ctx.body, ctx.access.userId);
    },
  },
];
