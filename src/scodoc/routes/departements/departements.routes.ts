/** Départements (scodoc.md §2.1): list, ids, one (by acronym or id), create/edit/delete, sub-lists. */
import { deptScope } from '../../access.js';
import { todayIso } from '../../dates.js';
import { badBody, ScoError } from '../../errors.js';
import { BodyReader } from '../body.js';
import { presentEtudiantShort } from '../etudiants/etudiants.present.js';
import { etudiantsOfDept } from '../etudiants/etudiants.queries.js';
import { presentFormsemestre } from '../formsemestres/formsemestres.present.js';
import { formsemestreExtras, queryFormsemestres } from '../formsemestres/formsemestres.queries.js';
import { findDepartementParam, q1 } from '../lookup.js';
import { INT, type ScoContext, type ScoRoute } from '../route.js';
import { presentDepartement } from './departements.present.js';
import {
  deleteDepartement,
  departementBy,
  insertDepartement,
  listDepartements,
  updateDepartement,
} from './departements.queries.js';

/**
 * scodoc.md D6: an acronym that is a top-level API word would shadow routes under `/ScoDoc/api/<dept>`;
 * it must also be a plain path segment.
 */
const RESERVED = new Set([
  'api',
  'tokens',
  'departement',
  'departements',
  'departements_ids',
  'etudiant',
  'etudiants',
  'formation',
  'formations',
  'formations_ids',
  'formsemestre',
  'formsemestres',
  'moduleimpl',
  'evaluation',
  'partition',
  'group',
  'user',
  'users',
  'role',
  'roles',
  'permissions',
  'logo',
  'logos',
  'assiduite',
  'assiduites',
  'justificatif',
  'justificatifs',
  'static',
  'docs',
  'Scolarite',
  'Notes',
  'Absences',
  'Users',
]);

export function checkAcronym(acronym: string): string | null {
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/.test(acronym)) return 'invalid acronym';
  if (RESERVED.has(acronym)) return 'reserved acronym';
  return null;
}

/** `<D>` = `<acronym>` or `id/<int>` (scodoc.md §2). */
function forDeptKeys(tail: string, def: Omit<ScoRoute, 'path'>): ScoRoute[] {
  return [
    { ...def, path: `/departement/:acronym${tail}` },
    { ...def, path: `/departement/id/:dept_id${INT}${tail}` },
  ];
}

async function formsemestresOfDept(ctx: ScoContext, courant: boolean) {
  const d = await findDepartementParam(ctx);
  const { db, config } = ctx.req.server;
  const dateCourante = q1(ctx.query.date_courante);
  const rows = await queryFormsemestres(db.kysely, {
    scope: [Number(d.id)],
    ...(courant
      ? {
          courantLe:
            dateCourante && /^\d{4}-\d{2}-\d{2}/.test(dateCourante)
              ? dateCourante.slice(0, 10)
              : todayIso(config.scodoc.timeZone),
        }
      : {}),
  });
  return { rows, db };
}

export const departementRoutes: ScoRoute[] = [
  {
    method: 'GET',
    path: '/departements',
    perm: 'ScoView',
    name: 'departements',
    summary: 'Départements, visible or not',
    async handler(ctx) {
      const { db, config } = ctx.req.server;
      const rows = await listDepartements(db.kysely, deptScope(ctx.access, 'ScoView'));
      return rows.map((d) => presentDepartement(d, config.scodoc.timeZone));
    },
  },
  {
    method: 'GET',
    path: '/departements_ids',
    perm: 'ScoView',
    name: 'departements_ids',
    summary: 'Ids of the départements',
    async handler(ctx) {
      const rows = await listDepartements(ctx.req.server.db.kysely, deptScope(ctx.access, 'ScoView'));
      return rows.map((d) => Number(d.id));
    },
  },
  ...forDeptKeys('', {
    method: 'GET',
    perm: 'ScoView',
    name: 'departement',
    summary: 'One département',
    handler: async (ctx) => presentDepartement(await findDepartementParam(ctx), ctx.req.server.config.scodoc.timeZone),
  }),
  {
    method: 'POST',
    path: '/departement/create',
    perm: 'ScoSuperAdmin',
    globalOnly: true,
    name: 'departement_create',
    summary: 'Create a département',
    async handler(ctx) {
      const r = BodyReader.of('departement_create', ctx.body);
      const acronym = r.reqStr('acronym', 32);
      const problem = checkAcronym(acronym);
      if (problem) r.fail(problem);
      const db = ctx.req.server.db.kysely;
      if (await departementBy(db, { acronym })) r.fail('acronym already exists');
      const id = await insertDepartement(db, {
        acronym,
        dept_name: r.str('dept_name', { max: 200 }) ?? null,
        description: r.str('description', { max: 2000 }) ?? null,
        visible: r.bool('visible') ?? true,
      });
      return presentDepartement((await departementBy(db, { id }))!, ctx.req.server.config.scodoc.timeZone);
    },
  },
  {
    method: 'POST',
    path: '/departement/:acronym/edit',
    perm: 'ScoSuperAdmin',
    globalOnly: true,
    name: 'departement_edit',
    summary: 'Edit a département (visible, description; the acronym never changes)',
    async handler(ctx) {
      const db = ctx.req.server.db.kysely;
      const d = await departementBy(db, { acronym: ctx.params.acronym });
      if (!d) throw new ScoError('SCO_ERR_DEPT_NOT_FOUND');
      const r = BodyReader.of('departement_edit', ctx.body);
      if (r.has('acronym') && r.body.acronym !== d.acronym)
        throw badBody('departement_edit', 'acronym cannot be changed');
      await updateDepartement(db, Number(d.id), {
        visible: r.bool('visible'),
        description: r.str('description', { max: 2000 }),
        dept_name: r.str('dept_name', { max: 200 }),
      });
      return presentDepartement(
        (await departementBy(db, { id: Number(d.id) }))!,
        ctx.req.server.config.scodoc.timeZone,
      );
    },
  },
  {
    method: 'POST',
    path: '/departement/:acronym/delete',
    perm: 'ScoSuperAdmin',
    globalOnly: true,
    name: 'departement_delete',
    summary: 'Delete a département and all its data',
    async handler(ctx) {
      const db = ctx.req.server.db.kysely;
      const d = await departementBy(db, { acronym: ctx.params.acronym });
      if (!d) throw new ScoError('SCO_ERR_DEPT_NOT_FOUND');
      await deleteDepartement(db, Number(d.id));
      return { OK: true };
    },
  },
  ...forDeptKeys('/etudiants', {
    method: 'GET',
    perm: 'ScoView',
    name: 'departement_etudiants',
    summary: 'Students of a département, past and present',
    async handler(ctx) {
      const d = await findDepartementParam(ctx);
      return (await etudiantsOfDept(ctx.req.server.db.kysely, Number(d.id))).map(presentEtudiantShort);
    },
  }),
  ...forDeptKeys('/formsemestres_ids', {
    method: 'GET',
    perm: 'ScoView',
    name: 'departement_formsemestres_ids',
    summary: 'Ids of the formsemestres of a département',
    async handler(ctx) {
      const { rows } = await formsemestresOfDept(ctx, false);
      return rows.map((r) => Number(r.id));
    },
  }),
  ...forDeptKeys('/formsemestres_courants', {
    method: 'GET',
    perm: 'ScoView',
    name: 'departement_formsemestres_courants',
    summary: 'Formsemestres in progress (date_debut ≤ today ≤ date_fin; 9.6 ?date_courante=)',
    async handler(ctx) {
      const { rows, db } = await formsemestresOfDept(ctx, true);
      const extras = await formsemestreExtras(
        db.kysely,
        rows.map((r) => Number(r.id)),
      );
      const tz = ctx.req.server.config.scodoc.timeZone;
      return rows.map((r) =>
        presentFormsemestre(r, extras.resp.get(Number(r.id)) ?? [], extras.parcours.get(Number(r.id)) ?? [], tz),
      );
    },
  }),
];
