/**
 * Justificatifs (scodoc-assiduites.md §2): read one, lists per student / département / formsemestre with the
 * query filters, create, edit, delete, and the files (import, list, export, remove) stored in the database
 * (AS7). Reads ScoView, writes ScoAbsChange, details and files ScoAbsJustifView or the uploader (AS8).
 */
import { createHash } from 'node:crypto';
import { checkObjectDept } from '../../access.js';
import { ScoError } from '../../errors.js';
import type { RawBody } from '../../plugin.js';
import { formsemestreDates, matches, parseFilter } from '../assiduites/assiduites.filters.js';
import { localFormatter } from '../assiduites/assiduites.present.js';
import { JUSTIF_ETATS } from '../assiduites/etats.js';
import { ETUD_PATHS, findEtud } from '../assiduites/find-etudiant.js';
import { isObject, mayWrite } from '../assiduites/item-checks.js';
import { afterAttendanceWrite, lockStudents } from '../assiduites/justification.js';
import { localDayAfter, localMidnight } from '../assiduites/local-datetime.js';
import type { ScoContext, ScoRoute } from '../route.js';
import { fileParts, safeName, sniffMime } from './file-types.js';
import { mayViewJustifDetails } from './justif-access.js';
import { presentJustificatif } from './justificatifs.present.js';
import {
  coveredAssiduites,
  fileData,
  filesOf,
  type JustificatifRow,
  justificatifById,
  justificatifsOfDept,
  justificatifsOfEtud,
  justificatifsOfFormsemestre,
  putFile,
  removeFiles,
} from './justificatifs.queries.js';
import { createJustificatifs, deleteJustificatifsBatch, editJustificatif } from './justificatifs.writes.js';

const ID = ':id(^\\d{1,15}$)';
const tzOf = (ctx: ScoContext) => ctx.req.server.config.scodoc.timeZone;

async function findJustificatif(ctx: ScoContext, perm: 'ScoView' | 'ScoAbsChange' = 'ScoView') {
  const j = await justificatifById(ctx.req.server.db, Number(ctx.params.id));
  if (!j) throw new ScoError('SCO_ERR_JUSTIFICATIF_NOT_FOUND');
  checkObjectDept(ctx.access, perm, Number(j.dept_id), 'SCO_ERR_JUSTIFICATIF_NOT_FOUND');
  return j;
}

/** File routes: ScoAbsJustifView in the student's department, the justificatif's author or a file's uploader. */
async function findForFiles(ctx: ScoContext, perm: 'ScoView' | 'ScoAbsChange') {
  const j = await findJustificatif(ctx, perm);
  const files = await filesOf(ctx.req.server.db.kysely, Number(j.id));
  if (
    !mayViewJustifDetails(
      ctx.access,
      j,
      files.map((f) => f.user_id),
    )
  ) {
    throw new ScoError('SCO_ERR_FORBIDDEN');
  }
  return { j, files };
}

function presentList(ctx: ScoContext, rows: readonly JustificatifRow[]) {
  const fmt = localFormatter(tzOf(ctx));
  return rows.map((j) => presentJustificatif(j, fmt, mayViewJustifDetails(ctx.access, j)));
}

async function listOfEtud(ctx: ScoContext) {
  const e = await findEtud(ctx, 'ScoView');
  const f = await parseFilter(ctx, JUSTIF_ETATS);
  return presentList(
    ctx,
    (await justificatifsOfEtud(ctx.req.server.db, Number(e.id))).filter((j) => matches(f, j)),
  );
}

async function listOfDept(ctx: ScoContext) {
  const deptId = Number(ctx.params.dept_id);
  const d = await ctx.req.server.db.kysely
    .selectFrom('sco_departement')
    .select('id')
    .where('id', '=', deptId)
    .executeTakeFirst();
  if (!d) throw new ScoError('SCO_ERR_DEPT_NOT_FOUND');
  checkObjectDept(ctx.access, 'ScoView', deptId, 'SCO_ERR_DEPT_NOT_FOUND');
  const f = await parseFilter(ctx, JUSTIF_ETATS);
  return presentList(
    ctx,
    (await justificatifsOfDept(ctx.req.server.db, deptId)).filter((j) => matches(f, j)),
  );
}

async function listOfFormsemestre(ctx: ScoContext) {
  const db = ctx.req.server.db;
  const fs = await formsemestreDates(db, Number(ctx.params.formsemestre_id));
  if (!fs) throw new ScoError('SCO_ERR_FORMSEMESTRE_NOT_FOUND');
  checkObjectDept(ctx.access, 'ScoView', Number(fs.dept_id), 'SCO_ERR_FORMSEMESTRE_NOT_FOUND');
  const tz = tzOf(ctx);
  const f = await parseFilter(ctx, JUSTIF_ETATS);
  const rows = await justificatifsOfFormsemestre(
    db,
    Number(fs.id),
    localMidnight(fs.date_debut, tz),
    localDayAfter(fs.date_fin, tz),
  );
  return presentList(
    ctx,
    rows.filter((j) => matches(f, j)),
  );
}

/** AS7: every file part, type from its bytes, size and count limits; same name replaces. */
async function importFiles(ctx: ScoContext) {
  const j = await findJustificatif(ctx, 'ScoAbsChange');
  if (!mayWrite(ctx.access, Number(j.dept_id))) throw new ScoError('SCO_ERR_FORBIDDEN');
  const limits = ctx.req.server.config.scodoc.assiduites;
  const raw = ctx.body as RawBody | undefined;
  const parts = raw && isObject(raw) && 'raw' in raw ? fileParts(raw.raw, raw.contentType) : [];
  if (parts.length === 0 || parts.every((p) => p.data.length === 0)) throw new ScoError('SCO_ERR_JUSTIF_NO_FILE');
  const files = parts.map((p) => {
    if (p.data.length > limits.fileMaxBytes) throw new ScoError('SCO_ERR_JUSTIF_FILE_TOO_LARGE');
    const type = sniffMime(p.data);
    if (!type) throw new ScoError('SCO_ERR_JUSTIF_FILE_TYPE');
    return { ...p, ...type, filename: safeName(p.filename, type.ext) };
  });
  const db = ctx.req.server.db;
  const existing = new Set((await filesOf(db.kysely, Number(j.id))).map((f) => f.filename));
  const names = new Set([...existing, ...files.map((f) => f.filename)]);
  if (names.size > limits.filesPerJustificatif) throw new ScoError('SCO_ERR_JUSTIF_TOO_MANY_FILES');
  const now = Date.now();
  await db.kysely.transaction().execute(async (trx) => {
    await lockStudents(trx, db.dialect, [Number(j.etudid)]);
    for (const f of files) {
      await putFile(trx, {
        justif_id: Number(j.id),
        filename: f.filename,
        mime: f.mime,
        data: f.data,
        sha256: createHash('sha256').update(f.data).digest('hex'),
        user_id: ctx.access.userId,
        uploaded_at: now,
      });
    }
    await afterAttendanceWrite(trx, {
      actor: ctx.access.username,
      action: 'justificatif.import',
      recompute: 'none',
      ids: [Number(j.id)],
      periods: [j],
      timeZone: tzOf(ctx),
      ip: ctx.req.ip,
    });
  });
  return { filename: files[files.length - 1].filename };
}

async function exportFile(ctx: ScoContext) {
  const { j } = await findForFiles(ctx, 'ScoView');
  const name = ctx.params.filename;
  const f = name.includes('\u0000') ? undefined : await fileData(ctx.req.server.db.kysely, Number(j.id), name);
  if (!f) throw new ScoError('SCO_ERR_JUSTIF_FILE_NOT_FOUND');
  ctx.reply
    .type(f.mime)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.filename)}`)
    .header('cache-control', 'private, no-store');
  return ctx.reply.send(Buffer.from(f.data));
}

function forEtud(head: string, tail: string, def: Omit<ScoRoute, 'path'>): ScoRoute[] {
  return ETUD_PATHS.map((p) => ({ ...def, path: `${head}/${p}${tail}` }));
}

export const justificatifRoutes: ScoRoute[] = [
  {
    method: 'GET',
    path: `/justificatif/${ID}`,
    perm: 'ScoView',
    name: 'justificatif',
    summary: 'One justificatif',
    async handler(ctx) {
      const j = await findJustificatif(ctx);
      return presentJustificatif(j, tzOf(ctx), mayViewJustifDetails(ctx.access, j));
    },
  },
  ...['', '/query'].flatMap((q) => [
    ...forEtud('/justificatifs', q, {
      method: 'GET',
      perm: 'ScoView',
      name: 'justificatifs',
      summary: "A student's justificatifs, oldest first, with the query filters",
      handler: listOfEtud,
    }),
    {
      method: 'GET',
      path: `/justificatifs/dept/:dept_id(^\\d{1,15}$)${q}`,
      perm: 'ScoView',
      name: 'justificatifs_dept',
      summary: "Justificatifs of a département's students",
      handler: listOfDept,
    } satisfies ScoRoute,
    {
      method: 'GET',
      path: `/justificatifs/formsemestre/:formsemestre_id(^\\d{1,15}$)${q}`,
      perm: 'ScoView',
      name: 'justificatifs_formsemestre',
      summary: "Justificatifs of a formsemestre's students within its dates",
      handler: listOfFormsemestre,
    } satisfies ScoRoute,
  ]),
  ...forEtud('/justificatif', '/create', {
    method: 'POST',
    perm: 'ScoAbsChange',
    name: 'justificatif_create',
    summary: 'Create justificatifs of one student (batch envelope, success {justif_id, couverture})',
    async handler(ctx) {
      const e = await findEtud(ctx, 'ScoAbsChange');
      return createJustificatifs(ctx, ctx.body, { id: Number(e.id), dept_id: Number(e.dept_id) });
    },
  }),
  {
    method: 'POST',
    path: `/justificatif/${ID}/edit`,
    perm: 'ScoAbsChange',
    name: 'justificatif_edit',
    summary: 'Edit a justificatif: {"couverture": {"avant", "apres"}}',
    handler: async (ctx) => editJustificatif(ctx, await findJustificatif(ctx, 'ScoAbsChange')),
  },
  {
    method: 'POST',
    path: '/justificatif/delete',
    perm: 'ScoAbsChange',
    name: 'justificatif_delete',
    summary: 'Delete justificatifs and their files (batch envelope)',
    handler: (ctx) => deleteJustificatifsBatch(ctx, ctx.body),
  },
  {
    method: 'POST',
    path: `/justificatif/${ID}/import`,
    perm: 'ScoAbsChange',
    name: 'justificatif_import',
    summary: 'Attach files (multipart, any field name; PDF, JPEG or PNG by content)',
    // AS7: files up to the configured limit (10 MiB by default) each; the handler checks every part.
    bodyLimit: 64 * 1024 * 1024,
    handler: importFiles,
  },
  {
    method: 'GET',
    path: `/justificatif/${ID}/list`,
    perm: 'ScoView',
    name: 'justificatif_list',
    summary: 'Names of the files of a justificatif',
    async handler(ctx) {
      const { files } = await findForFiles(ctx, 'ScoView');
      return { filenames: files.map((f) => f.filename), total: files.length };
    },
  },
  ...(['GET', 'POST'] as const).map(
    (method): ScoRoute => ({
      method,
      path: `/justificatif/${ID}/export/:filename`,
      perm: 'ScoView',
      name: 'justificatif_export',
      summary: "A file's bytes",
      handler: exportFile,
    }),
  ),
  {
    method: 'POST',
    path: `/justificatif/${ID}/remove`,
    perm: 'ScoAbsChange',
    name: 'justificatif_remove',
    summary: 'Remove files: {"remove": "all"} or {"remove": "list", "filenames": […]}',
    async handler(ctx) {
      const { j } = await findForFiles(ctx, 'ScoAbsChange');
      if (!mayWrite(ctx.access, Number(j.dept_id))) throw new ScoError('SCO_ERR_FORBIDDEN');
      const b = ctx.body;
      let which: string[] | 'all';
      if (isObject(b) && b.remove === 'all') which = 'all';
      else if (
        isObject(b) &&
        b.remove === 'list' &&
        Array.isArray(b.filenames) &&
        b.filenames.every((x) => typeof x === 'string' && !x.includes('\u0000'))
      ) {
        which = b.filenames as string[];
      } else throw new ScoError('SCO_ERR_ASSI_PARAM_INVALID', { name: 'remove' });
      const db = ctx.req.server.db;
      await db.kysely.transaction().execute(async (trx) => {
        await removeFiles(trx, Number(j.id), which);
        await afterAttendanceWrite(trx, {
          actor: ctx.access.username,
          action: 'justificatif.remove',
          recompute: 'none',
          ids: [Number(j.id)],
          periods: [j],
          timeZone: tzOf(ctx),
          ip: ctx.req.ip,
        });
      });
      return { response: 'removed' };
    },
  },
  {
    method: 'GET',
    path: `/justificatif/${ID}/justifies`,
    perm: 'ScoView',
    name: 'justificatif_justifies',
    summary: 'Ids of the assiduités a justificatif justifies',
    async handler(ctx) {
      const j = await findJustificatif(ctx);
      if (Number(j.etat) !== 0) return [];
      return coveredAssiduites(ctx.req.server.db.kysely, Number(j.etudid), Number(j.date_debut), Number(j.date_fin));
    },
  },
];
