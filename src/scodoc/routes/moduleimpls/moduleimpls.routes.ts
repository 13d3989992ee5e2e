/** ModuleImpls (scodoc.md §2.3, D26, D37): one, its inscriptions; create, edit, (dés)inscription. */
import { checkObjectDept } from '../../access.js';
import { badBody, ScoError } from '../../errors.js';
import type { PermissionName } from '../../permissions.js';
import { BodyReader } from '../body.js';
import { etudiantByIdCached } from '../etudiants/etudiants.queries.js';
import { moduleById } from '../formations/formations.queries.js';
import { missingUsers } from '../formsemestres/formsemestres.writes.js';
import { findFormsemestre } from '../lookup.js';
import { INT, type ScoContext, type ScoRoute } from '../route.js';
import { presentModuleimpl } from './moduleimpls.present.js';
import { moduleimplById } from './moduleimpls.queries.js';

const ID = `/moduleimpl/:moduleimpl_id${INT}`;

async function findModuleimpl(ctx: ScoContext, perm: PermissionName = 'ScoView') {
  const m = await moduleimplById(ctx.req.server.db.kysely, Number(ctx.params.moduleimpl_id));
  if (!m) throw new ScoError('SCO_ERR_MODULEIMPL_NOT_FOUND');
  checkObjectDept(ctx.access, perm, Number(m.mi.dept_id), 'SCO_ERR_MODULEIMPL_NOT_FOUND');
  return m;
}

async function setEns(ctx: ScoContext, route: string, moduleimplId: number, r: BodyReader) {
  const db = ctx.req.server.db.kysely;
  const resp = r.has('responsable_id')
    ? r.body.responsable_id === null
      ? null
      : r.int('responsable_id', { min: 1 })
    : undefined;
  const ens = r.intList('ens');
  const missing = await missingUsers(db, [...(resp ? [resp] : []), ...(ens ?? [])]);
  if (missing.length) throw badBody(route, `unknown user ${missing[0]}`);
  await db.transaction().execute(async (trx) => {
    if (resp !== undefined) {
      await trx.updateTable('sco_moduleimpl').set({ responsable_id: resp }).where('id', '=', moduleimplId).execute();
    }
    if (ens) {
      await trx.deleteFrom('sco_moduleimpl_ens').where('moduleimpl_id', '=', moduleimplId).execute();
      for (const uid of new Set(ens)) {
        await trx.insertInto('sco_moduleimpl_ens').values({ moduleimpl_id: moduleimplId, user_id: uid }).execute();
      }
    }
  });
}

async function present(ctx: ScoContext, id: number) {
  const m = await moduleimplById(ctx.req.server.db.kysely, id);
  return presentModuleimpl(m!.mi, m!.module, m!.ens);
}

async function inscription(ctx: ScoContext, inscrit: boolean) {
  const m = await findModuleimpl(ctx, 'ScoEtudInscrit');
  const db = ctx.req.server.db;
  const etudid = Number(ctx.params.etudid);
  const ins = await db.kysely
    .selectFrom('sco_inscription')
    .select('etat')
    .where('formsemestre_id', '=', Number(m.mi.formsemestre_id))
    .where('etudid', '=', etudid)
    .executeTakeFirst();
  if (!(await etudiantByIdCached(db, etudid)) || !ins) throw new ScoError('SCO_ERR_NOT_INSCRIT');
  if (inscrit) {
    await db.kysely
      .insertInto('sco_moduleimpl_inscription')
      .values({ moduleimpl_id: Number(m.mi.id), etudid })
      .onConflict((oc) => oc.columns(['moduleimpl_id', 'etudid']).doNothing())
      .execute();
  } else {
    await db.kysely
      .deleteFrom('sco_moduleimpl_inscription')
      .where('moduleimpl_id', '=', Number(m.mi.id))
      .where('etudid', '=', etudid)
      .execute();
  }
  return { moduleimpl_id: Number(m.mi.id), etudid, inscrit };
}

export const moduleimplRoutes: ScoRoute[] = [
  {
    method: 'GET',
    path: ID,
    perm: 'ScoView',
    name: 'moduleimpl',
    summary: 'One moduleimpl with its module',
    async handler(ctx) {
      const m = await findModuleimpl(ctx);
      return presentModuleimpl(m.mi, m.module, m.ens);
    },
  },
  {
    method: 'GET',
    path: `${ID}/inscriptions`,
    perm: 'ScoView',
    name: 'moduleimpl_inscriptions',
    summary: 'Students inscribed in a moduleimpl (ScoDoc 9.6)',
    async handler(ctx) {
      const m = await findModuleimpl(ctx);
      const rows = await ctx.req.server.db.kysely
        .selectFrom('sco_moduleimpl_inscription')
        .select(['etudid', 'moduleimpl_id'])
        .where('moduleimpl_id', '=', Number(m.mi.id))
        .orderBy('etudid')
        .execute();
      return rows.map((r) => ({
        id: Number(r.etudid),
        etudid: Number(r.etudid),
        moduleimpl_id: Number(r.moduleimpl_id),
      }));
    },
  },
  {
    method: 'POST',
    path: '/moduleimpl/create',
    perm: 'ScoImplement',
    name: 'moduleimpl_create',
    extension: true,
    summary: 'Create a moduleimpl (body formsemestre_id, module_id, responsable_id)',
    async handler(ctx) {
      const r = BodyReader.of('moduleimpl_create', ctx.body);
      const fs = await findFormsemestre(ctx, r.int('formsemestre_id', { required: true, min: 1 })!, 'ScoImplement');
      const mod = await moduleById(ctx.req.server.db.kysely, r.int('module_id', { required: true, min: 1 })!);
      if (!mod || Number(mod.formation_id) !== Number(fs.formation_id))
        return r.fail('module not in the formation of this formsemestre');
      const row = await ctx.req.server.db.kysely
        .insertInto('sco_moduleimpl')
        .values({ formsemestre_id: Number(fs.id), module_id: Number(mod.id) })
        .returning('id')
        .executeTakeFirstOrThrow();
      await setEns(ctx, 'moduleimpl_create', Number(row.id), r);
      return present(ctx, Number(row.id));
    },
  },
  {
    method: 'POST',
    path: `${ID}/edit`,
    perm: 'ScoImplement',
    name: 'moduleimpl_edit',
    extension: true,
    summary: 'Edit a moduleimpl (responsable_id, ens)',
    async handler(ctx) {
      const m = await findModuleimpl(ctx, 'ScoImplement');
      await setEns(ctx, 'moduleimpl_edit', Number(m.mi.id), BodyReader.of('moduleimpl_edit', ctx.body));
      return present(ctx, Number(m.mi.id));
    },
  },
  {
    method: 'POST',
    path: `${ID}/etudiant/:etudid${INT}/inscrit`,
    perm: 'ScoEtudInscrit',
    name: 'moduleimpl_inscrit',
    extension: true,
    summary: 'Inscribe a student of the formsemestre in this moduleimpl',
    handler: (ctx) => inscription(ctx, true),
  },
  {
    method: 'POST',
    path: `${ID}/etudiant/:etudid${INT}/desinscrit`,
    perm: 'ScoEtudInscrit',
    name: 'moduleimpl_desinscrit',
    extension: true,
    summary: 'Remove a student from this moduleimpl',
    handler: (ctx) => inscription(ctx, false),
  },
];
