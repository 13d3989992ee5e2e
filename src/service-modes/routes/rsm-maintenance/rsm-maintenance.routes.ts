/**
 * `/api/public/sm/v1/rsm-maintenance…` (service-modes-api.ru.txt), plus the Campus extensions
 * active-config-items, preview and history. Each handler: input → load → authorize → act → present.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { badQuery, SmError } from '../../errors.js';
import { ROUTE_PERMISSIONS, type RoutePermission } from '../../permissions.js';
import { callerOf, rawBody, requireJson, type SmContext } from '../../plugin.js';
import { parseInstant } from '../../time.js';
import { readFilterBody } from './filter-input.js';
import { parseJsonBody, readModeBody, readModeId } from './mode-input.js';
import { createMode, editableCis, editMode } from './mode-writes.queries.js';
import { foldQuery, pagingHeaders, readBatchValidate, readPaging, window } from './paging.js';
import { historyCiIds, presentActive, presentHistory, presentMode, presentModes } from './rsm-maintenance.present.js';
import {
  allCovered,
  coveringEntries,
  entriesOf,
  expandScope,
  findMode,
  listModes,
  type ModeFilter,
  modeHistory,
  readableCiIds,
} from './rsm-maintenance.queries.js';
import * as S from './rsm-maintenance.schema.js';

const EXT = 'Campus extension (not in the original API). ';
const TAG = ['service modes'];

function permission(key: string): RoutePermission | 'password-or-token' {
  const p = ROUTE_PERMISSIONS[key];
  if (!p) throw new Error(`no permission declared for ${key}`);
  return p;
}

export async function rsmMaintenanceRoutes(app: FastifyInstance, ctx: SmContext) {
  const db = app.db;

  const list = async (req: FastifyRequest, reply: FastifyReply, filter?: ModeFilter) => {
    const paging = readPaging(foldQuery(req.query));
    const result = await listModes(db, callerOf(req), paging, window(paging), filter);
    const url = `${req.protocol}://${req.host}${req.url}`;
    reply.headers({ ...pagingHeaders(paging, result.total, result.filtered, url) });
    return presentModes(result.rows, result.entries, ctx.clock(), ctx.fmt);
  };

  /** The mode as the caller sees it; 404 when absent, 403 when none of its CIs is visible. */
  const visibleMode = async (
    req: FastifyRequest,
    id: number,
    forbidden: 'SM_ERR_FORBIDDEN_VIEW' | 'SM_ERR_FORBIDDEN_EDIT',
  ) => {
    const caller = callerOf(req);
    const mode = await findMode(db, id);
    if (!mode) throw new SmError('SM_ERR_NOT_FOUND', { id });
    const entries = await entriesOf(db, caller, [id]);
    if (!caller.admin && entries.length === 0) throw new SmError(forbidden);
    return { mode, entries };
  };

  app.get(
    '',
    {
      config: { smPermission: permission('GET /v1/rsm-maintenance') },
      schema: {
        tags: TAG,
        summary: 'Получение списка всех сервисных режимов',
        querystring: S.PagingQuery,
        response: { 200: { type: 'array', items: S.Mode, headers: S.PagingHeaders } },
      },
    },
    (req, reply) => list(req, reply),
  );

  app.post(
    '/filter',
    {
      config: { smPermission: permission('POST /v1/rsm-maintenance/filter') },
      schema: {
        tags: TAG,
        summary: 'Получение списка сервисных режимов по фильтру',
        querystring: S.PagingQuery,
        body: S.FilterBody,
        response: { 200: { type: 'array', items: S.Mode } },
      },
    },
    async (req, reply) => {
      requireJson(req);
      const paging = foldQuery(req.query);
      readPaging(paging);
      const filter = readFilterBody(parseJsonBody(rawBody(req)));
      return list(req, reply, filter);
    },
  );

  app.get(
    '/active-config-items',
    {
      config: { smPermission: permission('GET /v1/rsm-maintenance/active-config-items') },
      schema: {
        tags: TAG,
        summary: 'Which CIs are in maintenance at a time',
        description: `${EXT}Expands CiAndChildren scopes of ancestors; without configItemIds, every visible covered CI. \`at\` defaults to now.`,
        querystring: S.ActiveQuery,
        response: { 200: S.ActiveAnswer },
      },
    },
    async (req) => {
      const caller = callerOf(req);
      const q = foldQuery(req.query);
      const atRaw = q.get('at');
      let at = ctx.clock();
      if (atRaw !== undefined && atRaw !== '') {
        const ms = parseInstant(atRaw);
        if (ms === undefined) throw badQuery('at', 'Ожидается дата со смещением: 2021-07-08T10:56:17+03:00');
        at = ms;
      }
      const ids = readIdList(req.query);
      if (ids === undefined) {
        const rows = await allCovered(db, caller, at);
        const cis = [...new Set(rows.map((r) => Number(r.ci_id)))];
        return presentActive(at, cis, rows, ctx.fmt);
      }
      const visible = await readableCiIds(db, caller, ids);
      const wanted = ids.filter((id) => visible.has(id));
      const rows = wanted.length ? await coveringEntries(db, wanted, at) : [];
      return presentActive(at, wanted, rows, ctx.fmt);
    },
  );

  app.post(
    '/preview',
    {
      config: { smPermission: permission('POST /v1/rsm-maintenance/preview') },
      schema: {
        tags: TAG,
        summary: 'The CIs a mode would cover, before saving',
        description: `${EXT}Same body as creation (only configItems is required); batchValidate as on creation.`,
        querystring: S.BatchQuery,
        body: S.EditBody,
        response: { 200: S.PreviewAnswer },
      },
    },
    async (req) => {
      const caller = callerOf(req);
      requireJson(req);
      const batch = readBatchValidate(foldQuery(req.query));
      const input = readModeBody(parseJsonBody(rawBody(req)), 'preview');
      const items = input.configItems!;
      const accepted = await editableCis(
        db.kysely,
        caller,
        items.map((i) => i.id),
      );
      const kept = items.filter((i) => accepted.has(i.id));
      if (batch && kept.length !== items.length) throw new SmError('SM_ERR_CI_NOT_FOUND');
      if (kept.length === 0) throw new SmError('SM_ERR_CI_NOT_FOUND');
      const covered = await expandScope(db, kept);
      return { configItems: kept, coveredConfigItemIds: covered, count: covered.length };
    },
  );

  app.get(
    '/:id',
    {
      config: { smPermission: permission('GET /v1/rsm-maintenance/:id') },
      schema: {
        tags: TAG,
        summary: 'Получение сервисного режима по идентификатору',
        params: S.IdParams,
        response: { 200: S.Mode },
      },
    },
    async (req) => {
      const id = readModeId((req.params as { id: string }).id);
      const { mode, entries } = await visibleMode(req, id, 'SM_ERR_FORBIDDEN_VIEW');
      return presentMode(mode, entries, ctx.clock(), ctx.fmt);
    },
  );

  app.get(
    '/:id/history',
    {
      config: { smPermission: permission('GET /v1/rsm-maintenance/:id/history') },
      schema: {
        tags: TAG,
        summary: 'Audit history of a mode',
        description: `${EXT}Who created, changed, cancelled or finished the mode, when, and the mode before and after.`,
        params: S.IdParams,
        response: { 200: S.HistoryAnswer },
      },
    },
    async (req) => {
      const caller = callerOf(req);
      const id = readModeId((req.params as { id: string }).id);
      await visibleMode(req, id, 'SM_ERR_FORBIDDEN_VIEW');
      const rows = await modeHistory(db, id);
      const visible = caller.admin ? undefined : await readableCiIds(db, caller, historyCiIds(rows));
      return presentHistory(rows, (ci) => !visible || visible.has(ci), ctx.fmt);
    },
  );

  app.post(
    '',
    {
      config: { smPermission: permission('POST /v1/rsm-maintenance') },
      schema: {
        tags: TAG,
        summary: 'Создание сервисного режима',
        querystring: S.BatchQuery,
        body: S.ModeBody,
        response: { 201: S.Mode },
      },
    },
    async (req, reply) => {
      const caller = callerOf(req);
      requireJson(req);
      const batch = readBatchValidate(foldQuery(req.query));
      const input = readModeBody(parseJsonBody(rawBody(req)), 'create');
      const now = ctx.clock();
      const id = await createMode(db, caller, input, now, batch);
      const mode = (await findMode(db, id))!;
      reply.code(201);
      return presentMode(mode, await entriesOf(db, caller, [id]), now, ctx.fmt);
    },
  );

  for (const method of ['PUT', 'PATCH'] as const) {
    app.route({
      method,
      url: '/:id',
      config: { smPermission: permission(`${method} /v1/rsm-maintenance/:id`) },
      schema: {
        tags: TAG,
        summary:
          method === 'PUT' ? 'Редактирование сервисного режима' : 'Частичное обновление данных сервисного режима',
        params: S.IdParams,
        querystring: S.BatchQuery,
        body: S.EditBody,
        response: { 200: S.Mode },
      },
      handler: async (req) => {
        const caller = callerOf(req);
        requireJson(req);
        const id = readModeId((req.params as { id: string }).id);
        const batch = readBatchValidate(foldQuery(req.query));
        const input = readModeBody(parseJsonBody(rawBody(req)), method === 'PUT' ? 'put' : 'patch');
        const now = ctx.clock();
        await editMode(db, caller, id, input, method === 'PUT', now, batch);
        const mode = (await findMode(db, id))!;
        return presentMode(mode, await entriesOf(db, caller, [id]), now, ctx.fmt);
      },
    });
  }
}

/** `configItemIds=1,2&configItemIds=3` (name case-insensitive); undefined when absent. */
function readIdList(query: unknown): number[] | undefined {
  const values: string[] = [];
  let present = false;
  for (const [k, v] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    if (k.toLowerCase() !== 'configitemids') continue;
    present = true;
    for (const x of Array.isArray(v) ? v : [v]) if (typeof x === 'string') values.push(...x.split(','));
  }
  if (!present) return undefined;
  const ids = values.map((s) => s.trim()).filter((s) => s !== '');
  if (ids.length > 1000) throw badQuery('configItemIds', 'Не более 1000 КЕ');
  return [
    ...new Set(
      ids.map((s) => {
        if (!/^\d{1,10}$/.test(s) || Number(s) < 1 || Number(s) > 2147483647) {
          throw badQuery('configItemIds', `The value '${s}' is not valid.`);
        }
        return Number(s);
      }),
    ),
  ];
}
