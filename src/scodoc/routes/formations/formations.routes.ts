/**
 * Formations (scodoc.md §2.3): list, ids, one, export (with or without ids), référentiel de
 * compétences (JSON 404 when none, scodoc.md "Where an issue and this note differ"), import (Campus).
 */
import { checkObjectDept, deptScope, inScope } from '../../access.js';
import { isoLocal } from '../../dates.js';
import { badBody, ScoError } from '../../errors.js';
import { presentDepartement } from '../departements/departements.present.js';
import { departementBy } from '../departements/departements.queries.js';
import { INT, type ScoContext, type ScoRoute } from '../route.js';
import { FormationImportError, importFormation, parseFormationExport } from './formation-import.js';
import { presentExport, presentFormation } from './formations.present.js';
import {
  formationById,
  formationTree,
  listFormations,
  parcoursOfReferentiel,
  referentielById,
} from './formations.queries.js';

async function findFormation(ctx: ScoContext) {
  const f = await formationById(ctx.req.server.db.kysely, Number(ctx.params.formation_id));
  if (!f) throw new ScoError('SCO_ERR_FORMATION_NOT_FOUND');
  checkObjectDept(ctx.access, 'ScoView', Number(f.dept_id), 'SCO_ERR_FORMATION_NOT_FOUND');
  return f;
}

const ID = `/formation/:formation_id${INT}`;

export const formationRoutes: ScoRoute[] = [
  {
    method: 'GET',
    path: '/formations',
    perm: 'ScoView',
    name: 'formations',
    summary: 'Formations of the accessible départements, with their département',
    async handler(ctx) {
      const { db, config } = ctx.req.server;
      const rows = await listFormations(db.kysely, deptScope(ctx.access, 'ScoView'));
      return rows.map((f) => ({
        ...presentFormation(f),
        departement: presentDepartement(f.dept, config.scodoc.timeZone),
      }));
    },
  },
  {
    method: 'GET',
    path: '/formations_ids',
    perm: 'ScoView',
    name: 'formations_ids',
    summary: 'Ids of the accessible formations',
    async handler(ctx) {
      const rows = await listFormations(ctx.req.server.db.kysely, deptScope(ctx.access, 'ScoView'));
      return rows.map((f) => Number(f.id));
    },
  },
  {
    method: 'GET',
    path: ID,
    perm: 'ScoView',
    name: 'formation',
    summary: 'One formation',
    handler: async (ctx) => presentFormation(await findFormation(ctx)),
  },
  {
    method: 'GET',
    path: `${ID}/export`,
    perm: 'ScoView',
    name: 'formation_export',
    summary: 'The formation with UEs, matières and modules (ScoDoc export format, without ids)',
    async handler(ctx) {
      const f = await findFormation(ctx);
      return presentExport(await formationTree(ctx.req.server.db.kysely, f), false);
    },
  },
  {
    method: 'GET',
    path: `${ID}/export_with_ids`,
    perm: 'ScoView',
    name: 'formation_export',
    summary: 'The formation export, keeping the ids',
    async handler(ctx) {
      const f = await findFormation(ctx);
      return presentExport(await formationTree(ctx.req.server.db.kysely, f), true);
    },
  },
  {
    method: 'GET',
    path: `${ID}/referentiel_competences`,
    perm: 'ScoView',
    name: 'formation_referentiel_competences',
    summary: 'The référentiel de compétences of a BUT formation; 404 when it has none',
    async handler(ctx) {
      const f = await findFormation(ctx);
      const db = ctx.req.server.db.kysely;
      const ref =
        f.referentiel_competence_id === null
          ? undefined
          : await referentielById(db, Number(f.referentiel_competence_id));
      if (!ref) throw new ScoError('SCO_ERR_REFCOMP_NOT_FOUND');
      const parcours = await parcoursOfReferentiel(db, Number(ref.id));
      return {
        dept_id: Number(ref.dept_id),
        annexe: ref.annexe,
        specialite: ref.specialite,
        specialite_long: ref.specialite_long,
        type_structure: ref.type_structure,
        type_departement: ref.type_departement,
        type_titre: ref.type_titre,
        version_orebut: ref.version_orebut,
        scodoc_date_loaded:
          ref.scodoc_date_loaded === null
            ? null
            : isoLocal(Number(ref.scodoc_date_loaded), ctx.req.server.config.scodoc.timeZone),
        scodoc_orig_filename: ref.scodoc_orig_filename,
        competences: JSON.parse(ref.competences),
        parcours: Object.fromEntries(
          parcours.map((p) => [
            p.code,
            { code: p.code, numero: Number(p.numero), libelle: p.libelle, annees: JSON.parse(p.annees) },
          ]),
        ),
      };
    },
  },
  {
    method: 'POST',
    path: '/formation/import',
    perm: 'ScoChangeFormation',
    name: 'formation_import',
    extension: true,
    summary:
      'Import a formation from a ScoDoc export: body {"dept": acronym, "format"?: "json"|"xml", "data": export object or XML text}',
    async handler(ctx) {
      const body = ctx.body as Record<string, unknown> | undefined;
      if (!body || typeof body !== 'object') throw badBody('formation_import', 'missing body');
      const db = ctx.req.server.db.kysely;
      let deptId: number;
      if (ctx.access.dept) deptId = ctx.access.dept.id;
      else {
        const d = typeof body.dept === 'string' ? await departementBy(db, { acronym: body.dept }) : undefined;
        if (!d) throw badBody('formation_import', 'dept is required');
        deptId = Number(d.id);
      }
      if (!inScope(deptScope(ctx.access, 'ScoChangeFormation'), deptId)) throw new ScoError('SCO_ERR_FORBIDDEN');
      const data = body.data ?? body;
      try {
        const parsed = typeof data === 'string' ? parseFormationExport(data) : (data as Record<string, unknown>);
        const res = await importFormation(db, deptId, parsed);
        const f = await formationById(db, res.formation_id);
        return presentFormation(f!);
      } catch (e) {
        if (e instanceof FormationImportError) throw badBody('formation_import', e.message);
        throw e;
      }
    },
  },
];
