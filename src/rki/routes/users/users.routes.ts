/**
 * `/security/users…` (rki-users-api.ru.txt): the five documented requests, each as GET (the spec) and
 * POST (Campus: keeps passwords out of URLs), plus the Campus extension `POST /users/edit/{id}`.
 * Each handler: validated input → organisation's readers → act → present.
 */
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler, RouteHandlerMethod } from 'fastify';
import type { TSchema } from 'typebox';
import { consumeWrite } from '../../auth/authenticate.js';
import { todayIn } from '../../dates.js';
import { listEnvelope, okEnvelope } from '../../envelope.js';
import { RKI_OK_MESSAGES, RkiError } from '../../errors.js';
import {
  addReader,
  blockReader,
  editReader,
  type NewReader,
  type ReaderActionContext,
  type ReaderChanges,
  restoreReader,
} from '../../readers/readers.js';
import { ADD_RULES, EDIT_RULES, LIST_RULES } from '../../validation/rule-sets.js';
import { type RuleSet, type Validated, validate } from '../../validation/validator.js';
import { presentAdded, presentDetail, presentRow } from './users.present.js';
import { listReaders, readerById } from './users.queries.js';
import {
  AddParams,
  AuthParams,
  EditParams,
  IdPath,
  ListParams,
  ListResponse,
  NoData,
  okSchema,
  responses,
  UserAdded,
  UserDetail,
} from './users.schema.js';

const AUTH_NOTE =
  'Authorization: Bearer <HS256 JWT {client_id, time, ip} signed with the organisation secret>; `client_id` ' +
  'in the parameters must equal the claim, `time` within RKI_TOKEN_WINDOW_SECONDS. Every answer is the РКИ ' +
  'envelope {success, message, [total], status, data, [errors]} with the HTTP status equal to `status`.';

/** Clients page by 10; `total` gives the page count (rki.md: larger limits are clamped to 100). */
const MAX_LIMIT = 100;
const DEFAULT_LIMIT = 10;

function validated(rules: RuleSet, req: FastifyRequest): Validated {
  const v = validate(rules, req.rkiInput);
  if (!v.ok) throw new RkiError('RKI_ERR_VALIDATION', v.errors);
  return v.values;
}

/** Reader ids are positive integers; anything else is a reader that does not exist. */
function readerId(req: FastifyRequest): number {
  const raw = (req.params as { id: string }).id;
  if (!/^[1-9][0-9]{0,14}$/.test(raw)) throw new RkiError('RKI_ERR_USER_NOT_FOUND');
  req.logExtra = { ...req.logExtra, target: Number(raw) };
  return Number(raw);
}

function lower(v: unknown): string | undefined {
  return typeof v === 'string' ? v.toLowerCase() : undefined;
}

export async function usersRoutes(app: FastifyInstance, opts: { preHandler: preHandlerAsyncHookHandler }) {
  const { db, config } = app;
  const today = todayIn(config.rki.timeZone);
  const org = (req: FastifyRequest) => req.rkiOrg!;
  /** Takes a token from the organisation's write bucket; the context of the reader write. */
  const writing = async (req: FastifyRequest): Promise<ReaderActionContext> => {
    const orgId = org(req).id;
    await consumeWrite(db, config, orgId);
    return { db, config, orgId, actor: `org:${orgId}`, ip: req.ip, today: today() };
  };

  /** Registers `url` for GET (query only) and POST (query and body; body keys win). */
  const route = (
    methods: readonly ('GET' | 'POST')[],
    url: string,
    s: { summary: string; params: TSchema; path?: TSchema; response: Record<number, TSchema> },
    handler: RouteHandlerMethod,
  ) => {
    for (const method of methods) {
      app.route({
        method,
        url,
        preHandler: opts.preHandler,
        schema: {
          tags: ['РКИ users'],
          summary: s.summary,
          description: AUTH_NOTE,
          querystring: s.params,
          ...(method === 'POST' ? { body: s.params } : {}),
          ...(s.path ? { params: s.path } : {}),
          response: s.response,
        },
        handler,
      });
    }
  };
  const both = ['GET', 'POST'] as const;

  route(
    both,
    '/users',
    { summary: 'List the organisation’s readers', params: ListParams, response: responses(ListResponse, [400, 401]) },
    async (req) => {
      const v = validated(LIST_RULES, req);
      const limit = Math.min((v['limit'] as number | null) ?? DEFAULT_LIMIT, MAX_LIMIT);
      const offset = (v['offset'] as number | null) ?? 0;
      const filters = { email: lower(v['email']), username: lower(v['username']), fullname: lower(v['fullname']) };
      const page = await listReaders(db, org(req), filters, limit, offset);
      const t = today();
      return listEnvelope(
        page.total,
        page.rows.map((r) => presentRow(r, t)),
      );
    },
  );

  route(
    both,
    '/users/get/:id',
    {
      summary: 'One reader in detail',
      params: AuthParams,
      path: IdPath,
      response: responses(okSchema(UserDetail), [401, 404]),
    },
    async (req) => {
      const row = await db.statements.first(readerById, { id: readerId(req), org: org(req).id });
      if (!row) throw new RkiError('RKI_ERR_USER_NOT_FOUND');
      return okEnvelope(presentDetail(row, today()));
    },
  );

  route(
    both,
    '/users/add',
    { summary: 'Add a reader', params: AddParams, response: responses(okSchema(UserAdded), [400, 401, 409]) },
    async (req) => {
      const ctx = await writing(req);
      const v = validated(ADD_RULES, req) as unknown as NewReader;
      const reader = await addReader(ctx, v);
      req.logExtra = { ...req.logExtra, target: reader.id };
      return okEnvelope(presentAdded(reader, ctx.today));
    },
  );

  route(
    both,
    '/users/delete/:id',
    { summary: 'Block a reader', params: AuthParams, path: IdPath, response: responses(okSchema(NoData), [401, 404]) },
    async (req) => {
      const ctx = await writing(req);
      await blockReader(ctx, readerId(req));
      return okEnvelope(null, RKI_OK_MESSAGES.blocked);
    },
  );

  route(
    both,
    '/users/restore/:id',
    {
      summary: 'Restore a blocked reader',
      params: AuthParams,
      path: IdPath,
      response: responses(okSchema(NoData), [401, 404]),
    },
    async (req) => {
      const ctx = await writing(req);
      await restoreReader(ctx, readerId(req));
      return okEnvelope(null, RKI_OK_MESSAGES.restored);
    },
  );

  route(
    ['POST'],
    '/users/edit/:id',
    {
      summary: 'Campus extension: change a reader (partial update)',
      params: EditParams,
      path: IdPath,
      response: responses(okSchema(UserDetail), [400, 401, 404, 409]),
    },
    async (req) => {
      const ctx = await writing(req);
      const id = readerId(req);
      const v = validated(EDIT_RULES, req) as ReaderChanges;
      const reader = await editReader(ctx, id, v);
      return okEnvelope(presentDetail(reader, ctx.today), RKI_OK_MESSAGES.updated);
    },
  );
}
