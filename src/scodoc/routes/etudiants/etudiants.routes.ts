/**
 * Étudiants (scodoc.md §2.2): courants, by etudid/NIP/INE (singular: most recently inscribed; plural:
 * all, etudid ascending), their formsemestres and groups, photo (read and upload), create/edit (9.6).
 */
import { deptScope, inScope } from '../../access.js';
import { todayIso } from '../../dates.js';
import { badBody, ScoError } from '../../errors.js';
import type { RawBody } from '../../plugin.js';
import { departementBy } from '../departements/departements.queries.js';
import { presentFormsemestre } from '../formsemestres/formsemestres.present.js';
import { formsemestreExtras, queryFormsemestres } from '../formsemestres/formsemestres.queries.js';
import { findEtudiant, findFormsemestre, q1 } from '../lookup.js';
import { ETUD_KEYS, etudKeyOf, INT, type ScoContext, type ScoRoute } from '../route.js';
import { presentEtudiantLong, presentEtudiantShort, presentGroupWithPartition } from './etudiants.present.js';
import {
  etudiantByIdCached,
  etudiantsByCode,
  etudiantsByName,
  etudiantsCourants,
  groupsOfEtud,
  photoOf,
} from './etudiants.queries.js';
import { codeTaken, insertEtudiant, readEtudiant, updateEtudiant } from './etudiants.writes.js';
import { firstFilePart } from './multipart.js';
import { DEFAULT_PHOTO, imageMime } from './photo-default.js';

type Def = Omit<ScoRoute, 'path'>;

/** One definition per way of naming the student (`etudid/<int>`, `nip/<str>`, `ine/<str>`). */
export function forEtudKeys(head: string, tail: string, def: Def): ScoRoute[] {
  return ETUD_KEYS.map((k) => ({ ...def, path: `${head}/${k}${tail}` }));
}

async function formsemestresOfEtud(ctx: ScoContext) {
  const e = await findEtudiant(ctx, etudKeyOf(ctx.params));
  const db = ctx.req.server.db.kysely;
  const rows = await queryFormsemestres(db, { scope: [Number(e.dept_id)], etudid: Number(e.id) });
  const extras = await formsemestreExtras(
    db,
    rows.map((r) => Number(r.id)),
  );
  const tz = ctx.req.server.config.scodoc.timeZone;
  return rows.map((r) =>
    presentFormsemestre(r, extras.resp.get(Number(r.id)) ?? [], extras.parcours.get(Number(r.id)) ?? [], tz),
  );
}

async function groupsOfEtudIn(ctx: ScoContext) {
  const e = await findEtudiant(ctx, etudKeyOf(ctx.params));
  const fs = await findFormsemestre(ctx, Number(ctx.params.formsemestre_id));
  const groups = await groupsOfEtud(ctx.req.server.db.kysely, Number(e.id), Number(fs.id));
  return groups.map(presentGroupWithPartition);
}

async function courants(ctx: ScoContext, long: boolean) {
  const { db, config } = ctx.req.server;
  const rows = await etudiantsCourants(db.kysely, deptScope(ctx.access, 'ScoView'), todayIso(config.scodoc.timeZone));
  return rows.map(long ? presentEtudiantLong : presentEtudiantShort);
}

export const etudiantRoutes: ScoRoute[] = [
  {
    method: 'GET',
    path: '/etudiants/courants',
    perm: 'ScoView',
    name: 'etudiants_courants',
    summary: 'Students inscribed in a formsemestre in progress',
    handler: (ctx) => courants(ctx, false),
  },
  {
    method: 'GET',
    path: '/etudiants/courants/long',
    perm: 'ScoView',
    name: 'etudiants_courants',
    summary: 'Students inscribed in a formsemestre in progress (long form)',
    handler: (ctx) => courants(ctx, true),
  },
  {
    method: 'GET',
    path: '/etudiants/name/:start',
    perm: 'ScoView',
    name: 'etudiants_by_name',
    summary: 'Students whose name starts with <start> (ScoDoc 9.6; ?min_len=3&limit=32)',
    async handler(ctx) {
      const start = ctx.params.start.trim();
      const minLen = Number(q1(ctx.query.min_len) ?? 3);
      const limit = Math.min(Math.max(Number(q1(ctx.query.limit) ?? 32) || 32, 1), 1000);
      if (start.length < (Number.isFinite(minLen) ? minLen : 3)) return [];
      const rows = await etudiantsByName(ctx.req.server.db.kysely, deptScope(ctx.access, 'ScoView'), start, limit);
      return rows.map(presentEtudiantShort);
    },
  },
  ...forEtudKeys('/etudiants', '', {
    method: 'GET',
    perm: 'ScoView',
    name: 'etudiants',
    summary: 'Every student with this etudid, NIP or INE (one per department), [] when none',
    async handler(ctx) {
      const key = etudKeyOf(ctx.params);
      const db = ctx.req.server.db;
      const rows =
        key.kind === 'etudid'
          ? [await etudiantByIdCached(db, key.etudid)].filter((x) => x !== undefined)
          : await etudiantsByCode(db.kysely, key.kind, key.code);
      const scope = deptScope(ctx.access, 'ScoView');
      return rows
        .filter((e) => inScope(scope, Number(e.dept_id)))
        .sort((a, b) => Number(a.id) - Number(b.id))
        .map(presentEtudiantLong);
    },
  }),
  ...forEtudKeys('/etudiant', '', {
    method: 'GET',
    perm: 'ScoView',
    name: 'etudiant',
    summary: 'One student (long form); several matches: the most recently inscribed',
    handler: async (ctx) => presentEtudiantLong(await findEtudiant(ctx, etudKeyOf(ctx.params))),
  }),
  ...forEtudKeys('/etudiant', '/formsemestres', {
    method: 'GET',
    perm: 'ScoView',
    name: 'etudiant_formsemestres',
    summary: "The student's formsemestres, chronological",
    handler: formsemestresOfEtud,
  }),
  ...forEtudKeys('/etudiant', `/formsemestre/:formsemestre_id${INT}/groups`, {
    method: 'GET',
    perm: 'ScoView',
    name: 'etudiant_groups',
    summary: "The student's groups in a formsemestre",
    handler: groupsOfEtudIn,
  }),
  ...forEtudKeys('/etudiant', `/semestre/:formsemestre_id${INT}/groups`, {
    method: 'GET',
    perm: 'ScoView',
    name: 'etudiant_groups',
    summary: "The student's groups in a formsemestre (spec's spelling)",
    handler: groupsOfEtudIn,
  }),
  ...forEtudKeys('/etudiant', '/photo', {
    method: 'GET',
    perm: 'ScoView',
    name: 'etudiant_photo',
    summary: "The student's photo; a default image when none (never JSON)",
    async handler(ctx) {
      const e = await findEtudiant(ctx, etudKeyOf(ctx.params));
      const photo = (await photoOf(ctx.req.server.db.kysely, Number(e.id))) ?? DEFAULT_PHOTO;
      ctx.reply.type(photo.mime).header('cache-control', 'private, max-age=60');
      return ctx.reply.send(Buffer.from(photo.data));
    },
  }),
  ...forEtudKeys('/etudiant', '/photo', {
    method: 'POST',
    perm: 'ScoEtudChangeAdr',
    name: 'etudiant_photo',
    summary: "Upload the student's photo (multipart field `file`, PNG or JPEG)",
    async handler(ctx) {
      const e = await findEtudiant(ctx, etudKeyOf(ctx.params), 'ScoEtudChangeAdr');
      const raw = ctx.body as RawBody | undefined;
      const file = raw && 'raw' in raw ? firstFilePart(raw.raw, raw.contentType) : null;
      if (!file) throw badBody('etudiant_photo', 'missing file');
      const mime = imageMime(file.data);
      if (!mime) throw badBody('etudiant_photo', 'not a PNG or JPEG image');
      const db = ctx.req.server.db.kysely;
      const now = Date.now();
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('sco_photo').where('etudid', '=', Number(e.id)).execute();
        await trx
          .insertInto('sco_photo')
          .values({ etudid: Number(e.id), mime, data: file.data, updated_at: now })
          .execute();
        await trx
          .updateTable('sco_etudiant')
          .set({ photo_filename: file.filename || `${e.id}.${mime === 'image/png' ? 'png' : 'jpg'}` })
          .where('id', '=', Number(e.id))
          .execute();
      });
      return { etudid: Number(e.id), message: 'ok' };
    },
  }),
  {
    method: 'POST',
    path: '/etudiant/create',
    perm: 'ScoEtudInscrit',
    name: 'etudiant_create',
    summary: 'Create a student (ScoDoc 9.6); `dept` acronym required on the global prefix',
    async handler(ctx) {
      const db = ctx.req.server.db;
      const input = readEtudiant('etudiant_create', ctx.body, true);
      let deptId: number;
      if (ctx.access.dept) deptId = ctx.access.dept.id;
      else {
        const acr = (ctx.body as Record<string, unknown>).dept;
        if (typeof acr !== 'string' || !acr) throw badBody('etudiant_create', 'dept is required');
        const d = await departementBy(db.kysely, { acronym: acr });
        if (!d) throw badBody('etudiant_create', 'unknown dept');
        deptId = Number(d.id);
        if (!inScope(deptScope(ctx.access, 'ScoEtudInscrit'), deptId)) throw new ScoError('SCO_ERR_FORBIDDEN');
      }
      const taken = await codeTaken(db.kysely, deptId, input.etud, null);
      if (taken) throw badBody('etudiant_create', `${taken} already used in this department`);
      const id = await insertEtudiant(db.kysely, deptId, input);
      return presentEtudiantLong((await etudiantByIdCached(db, id))!);
    },
  },
  ...forEtudKeys('/etudiant', '/edit', {
    method: 'POST',
    perm: 'ScoEtudInscrit',
    name: 'etudiant_edit',
    summary: 'Edit a student (ScoDoc 9.6)',
    async handler(ctx) {
      const db = ctx.req.server.db;
      const e = await findEtudiant(ctx, etudKeyOf(ctx.params), 'ScoEtudInscrit');
      const input = readEtudiant('etudiant_edit', ctx.body, false);
      const taken = await codeTaken(db.kysely, Number(e.dept_id), input.etud, Number(e.id));
      if (taken) throw badBody('etudiant_edit', `${taken} already used in this department`);
      await updateEtudiant(
        db.kysely,
        { id: Number(e.id), nom: e.nom, nom_usuel: e.nom_usuel, prenom: e.prenom },
        input,
      );
      return presentEtudiantLong((await etudiantByIdCached(db, Number(e.id)))!);
    },
  }),
];
