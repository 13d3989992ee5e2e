/**
 * Every error of the service-modes API, table-driven: status and exact text from the spec's response-code
 * tables (service-modes-api.ru.txt), `bodyFields` / `queryFields` where service-modes.md says so, and for
 * writes, nothing written (row counts unchanged). A last test checks that the table covers SM_ERRORS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialect } from '../../../../test/harness.js';
import { SM_ERRORS, type SmErrorCode } from '../../errors.js';
import { createPersonalToken, revokePersonalToken } from '../../personal-tokens.js';
import { createFixture, type Fixture, type Who } from '../../testing/fixture.js';
import { MODES, PREFIX } from '../../testing/sm-test-app.js';

let f: Fixture;
const ids: Record<string, number> = {};
let b2 = 0;
let expiredToken = '';
let revokedToken = '';

const D = (s: string) => `2021-07-${s}+03:00`;
const valid = (ci: () => number) => ({
  dateStart: D('09T10:56:17'),
  dateEnd: D('12T10:56:17'),
  title: 'T',
  configItems: [{ id: ci(), scope: 'CiAndChildren', depth: 3 }],
});

beforeAll(async () => {
  f = await createFixture();
  const { t } = f;
  b2 = await t.ci('b2', f.wgB);
  ids.pending = await f.mode(valid(() => f.a1));
  ids.active = await f.mode({ dateStart: D('01T11:00:00'), dateEnd: D('01T15:00:00'), configItems: [{ id: f.a1 }] });
  ids.startedNow = await f.mode({
    dateStart: D('01T12:00:00'),
    dateEnd: D('01T15:00:00'),
    configItems: [{ id: f.a2 }],
  });
  ids.onB1 = await f.mode(
    valid(() => f.b1),
    f.other,
  );
  ids.onB2 = await f.mode(
    valid(() => b2),
    f.other,
  );
  ids.cancelled = await f.mode(valid(() => f.a2));
  expect((await f.send(f.ed, 'PATCH', `${MODES}/${ids.cancelled}`, { cancel: true })).statusCode).toBe(200);
  t.clock.set('2021-06-01T00:00:00+03:00');
  ids.completed = await f.mode({
    dateStart: '2021-06-02T00:00:00+03:00',
    dateEnd: '2021-06-03T00:00:00+03:00',
    configItems: [{ id: f.a3 }],
  });
  t.clock.set('2021-07-01T12:00:00+03:00');
  const acc = await t.account('tokens');
  await t.member(f.wgA, acc.id, 'Edit');
  expiredToken = (await createPersonalToken(t.db.kysely, acc.id, { expiresAt: t.clock.now - 1000 }, t.clock.now - 5000))
    .token;
  const r = await createPersonalToken(t.db.kysely, acc.id, { expiresAt: t.clock.now + 86_400_000 }, t.clock.now);
  await revokePersonalToken(t.db.kysely, r.id, acc.id, t.clock.now);
  revokedToken = r.token;
});
afterAll(async () => f?.t.close());

interface Case {
  readonly name: string;
  readonly code: SmErrorCode;
  readonly who: () => Who | undefined | { auth: Record<string, string> };
  readonly method: string;
  readonly url: () => string;
  readonly body?: () => unknown;
  readonly contentType?: string | null;
  readonly bodyFields?: string;
  readonly queryFields?: string;
}

const ED = () => f.ed;
const create = (body: () => unknown, extra: Partial<Case> = {}): Omit<Case, 'name' | 'code'> => ({
  who: ED,
  method: 'POST',
  url: () => MODES,
  body,
  ...extra,
});
const patch = (mode: string, body: () => unknown, extra: Partial<Case> = {}): Omit<Case, 'name' | 'code'> => ({
  who: ED,
  method: 'PATCH',
  url: () => `${MODES}/${ids[mode]}`,
  body,
  ...extra,
});
const put = (mode: string, body: () => unknown, extra: Partial<Case> = {}): Omit<Case, 'name' | 'code'> => ({
  ...patch(mode, body, extra),
  method: 'PUT',
});
const item = (x: Record<string, unknown>) => () => ({ ...valid(() => f.a1), configItems: [x] });

const CASES: Case[] = [
  // 401, per route text.
  {
    name: 'list without token',
    code: 'SM_ERR_UNAUTHORIZED_LIST',
    who: () => undefined,
    method: 'GET',
    url: () => MODES,
  },
  {
    name: 'list with unknown token',
    code: 'SM_ERR_UNAUTHORIZED_LIST',
    who: () => ({ auth: { authorization: `Bearer ${'A'.repeat(64)}` } }),
    method: 'GET',
    url: () => MODES,
  },
  {
    name: 'list with Basic scheme',
    code: 'SM_ERR_UNAUTHORIZED_LIST',
    who: () => ({ auth: { authorization: 'Basic ZWQ6cHctZWQ=' } }),
    method: 'GET',
    url: () => MODES,
  },
  {
    name: 'list with expired token',
    code: 'SM_ERR_UNAUTHORIZED_LIST',
    who: () => ({ auth: { authorization: `Bearer ${expiredToken}` } }),
    method: 'GET',
    url: () => MODES,
  },
  {
    name: 'list with revoked token',
    code: 'SM_ERR_UNAUTHORIZED_LIST',
    who: () => ({ auth: { authorization: `Bearer ${revokedToken}` } }),
    method: 'GET',
    url: () => MODES,
  },
  {
    name: 'get without token',
    code: 'SM_ERR_UNAUTHORIZED',
    who: () => undefined,
    method: 'GET',
    url: () => `${MODES}/1`,
  },
  {
    name: 'filter without token',
    code: 'SM_ERR_UNAUTHORIZED',
    who: () => undefined,
    method: 'POST',
    url: () => `${MODES}/filter`,
    body: () => ({ ids: [1] }),
  },
  {
    name: 'create without token (before 415)',
    code: 'SM_ERR_UNAUTHORIZED',
    ...create(() => 'x', { who: () => undefined, contentType: 'text/plain' }),
  },
  {
    name: 'put without token',
    code: 'SM_ERR_UNAUTHORIZED',
    ...put('pending', () => valid(() => f.a1), { who: () => undefined }),
  },
  {
    name: 'patch without token',
    code: 'SM_ERR_UNAUTHORIZED',
    ...patch('pending', () => ({ title: 'x' }), { who: () => undefined }),
  },
  {
    name: 'CMDB without token',
    code: 'SM_ERR_UNAUTHORIZED',
    who: () => undefined,
    method: 'GET',
    url: () => `${PREFIX}/v2/rsm/config-items`,
  },
  // Account-level 403 (before 415 and validation).
  {
    name: 'list, account in no workgroup',
    code: 'SM_ERR_FORBIDDEN_LIST',
    who: () => f.nobody,
    method: 'GET',
    url: () => MODES,
  },
  {
    name: 'filter, account in no workgroup',
    code: 'SM_ERR_FORBIDDEN_FILTER',
    who: () => f.nobody,
    method: 'POST',
    url: () => `${MODES}/filter`,
    body: () => ({}),
  },
  {
    name: 'create, Read member only',
    code: 'SM_ERR_FORBIDDEN_CREATE',
    ...create(() => valid(() => f.a1), { who: () => f.reader, contentType: 'text/plain' }),
  },
  {
    name: 'put, Read member only',
    code: 'SM_ERR_FORBIDDEN_EDIT',
    ...put('pending', () => valid(() => f.a1), { who: () => f.reader }),
  },
  // Mode-level 403 and 404.
  {
    name: 'get a mode on CIs the caller cannot see',
    code: 'SM_ERR_FORBIDDEN_VIEW',
    who: ED,
    method: 'GET',
    url: () => `${MODES}/${ids.onB2}`,
  },
  {
    name: 'history of an invisible mode',
    code: 'SM_ERR_FORBIDDEN_VIEW',
    who: ED,
    method: 'GET',
    url: () => `${MODES}/${ids.onB2}/history`,
  },
  {
    name: 'patch a mode on a CI with Read only',
    code: 'SM_ERR_FORBIDDEN_EDIT',
    ...patch('onB1', () => ({ title: 'x' })),
  },
  { name: 'patch an invisible mode', code: 'SM_ERR_FORBIDDEN_EDIT', ...patch('onB2', () => ({ title: 'x' })) },
  { name: 'get unknown mode', code: 'SM_ERR_NOT_FOUND', who: ED, method: 'GET', url: () => `${MODES}/999999` },
  {
    name: 'get unknown mode, account in no workgroup',
    code: 'SM_ERR_NOT_FOUND',
    who: () => f.nobody,
    method: 'GET',
    url: () => `${MODES}/999999`,
  },
  {
    name: 'get existing mode, account in no workgroup',
    code: 'SM_ERR_FORBIDDEN_VIEW',
    who: () => f.nobody,
    method: 'GET',
    url: () => `${MODES}/${ids.pending}`,
  },
  {
    name: 'put unknown mode',
    code: 'SM_ERR_NOT_FOUND',
    who: ED,
    method: 'PUT',
    url: () => `${MODES}/999999`,
    body: () => valid(() => f.a1),
  },
  {
    name: 'patch unknown mode',
    code: 'SM_ERR_NOT_FOUND',
    who: ED,
    method: 'PATCH',
    url: () => `${MODES}/999999`,
    body: () => ({ title: 'x' }),
  },
  // 415 (before the path id and the body).
  {
    name: 'filter without Content-Type',
    code: 'SM_ERR_MEDIA_TYPE',
    who: ED,
    method: 'POST',
    url: () => `${MODES}/filter`,
    body: () => ({ ids: [1] }),
    contentType: null,
  },
  {
    name: 'create as text/plain',
    code: 'SM_ERR_MEDIA_TYPE',
    ...create(() => valid(() => f.a1), { contentType: 'text/plain' }),
  },
  {
    name: 'create as form',
    code: 'SM_ERR_MEDIA_TYPE',
    ...create(() => 'a=1', { contentType: 'application/x-www-form-urlencoded' }),
  },
  {
    name: 'put with bad id and no Content-Type',
    code: 'SM_ERR_MEDIA_TYPE',
    who: ED,
    method: 'PUT',
    url: () => `${MODES}/abc`,
    body: () => ({}),
    contentType: null,
  },
  {
    name: 'patch as xml',
    code: 'SM_ERR_MEDIA_TYPE',
    ...patch('pending', () => '<x/>', { contentType: 'application/xml' }),
  },
  // Path id.
  {
    name: 'put with non-numeric id',
    code: 'SM_ERR_MODE_ID_INVALID',
    who: ED,
    method: 'PUT',
    url: () => `${MODES}/abc`,
    body: () => valid(() => f.a1),
  },
  {
    name: 'patch with id 0',
    code: 'SM_ERR_MODE_ID_INVALID',
    who: ED,
    method: 'PATCH',
    url: () => `${MODES}/0`,
    body: () => ({ title: 'x' }),
  },
  {
    name: 'patch with id beyond int32',
    code: 'SM_ERR_MODE_ID_INVALID',
    who: ED,
    method: 'PATCH',
    url: () => `${MODES}/2147483648`,
    body: () => ({ title: 'x' }),
  },
  { name: 'get with negative id', code: 'SM_ERR_MODE_ID_INVALID', who: ED, method: 'GET', url: () => `${MODES}/-1` },
  {
    name: 'put with fractional id',
    code: 'SM_ERR_MODE_ID_INVALID',
    who: ED,
    method: 'PUT',
    url: () => `${MODES}/1.5`,
    body: () => valid(() => f.a1),
  },
  // Query parameters (Monq's English text, queryFields).
  {
    name: 'perPage not an integer',
    code: 'SM_ERR_QUERY',
    who: ED,
    method: 'GET',
    url: () => `${MODES}?perPage=abc`,
    queryFields: 'perPage',
  },
  {
    name: 'perPage = 0',
    code: 'SM_ERR_QUERY',
    who: ED,
    method: 'GET',
    url: () => `${MODES}?perPage=0`,
    queryFields: 'perPage',
  },
  {
    name: 'page beyond int32',
    code: 'SM_ERR_QUERY',
    who: ED,
    method: 'GET',
    url: () => `${MODES}?page=99999999999`,
    queryFields: 'page',
  },
  {
    name: 'batchValidate not a boolean (before the body)',
    code: 'SM_ERR_QUERY',
    ...create(() => '', { url: () => `${MODES}?batchValidate=maybe` }),
    queryFields: 'batchValidate',
  },
  // Empty filter / body.
  {
    name: 'filter {}',
    code: 'SM_ERR_EMPTY_FILTER',
    who: ED,
    method: 'POST',
    url: () => `${MODES}/filter`,
    body: () => ({}),
  },
  { name: 'filter without body', code: 'SM_ERR_EMPTY_FILTER', who: ED, method: 'POST', url: () => `${MODES}/filter` },
  {
    name: 'filter null',
    code: 'SM_ERR_EMPTY_FILTER',
    who: ED,
    method: 'POST',
    url: () => `${MODES}/filter`,
    body: () => 'null',
  },
  {
    name: 'filter of empty arrays and nulls',
    code: 'SM_ERR_EMPTY_FILTER',
    who: ED,
    method: 'POST',
    url: () => `${MODES}/filter`,
    body: () => ({ ids: [], configItemIds: null, dateEnd: null }),
  },
  { name: 'create without body', code: 'SM_ERR_EMPTY_BODY', ...create(() => undefined) },
  { name: 'create with blank body', code: 'SM_ERR_EMPTY_BODY', ...create(() => '  ') },
  { name: 'create {}', code: 'SM_ERR_EMPTY_BODY', ...create(() => ({})) },
  { name: 'put null', code: 'SM_ERR_EMPTY_BODY', ...put('pending', () => 'null') },
  {
    name: 'patch with every field null',
    code: 'SM_ERR_EMPTY_BODY',
    ...patch('pending', () => ({ title: null, labels: null, cancel: null })),
  },
  // Body shape: generic text.
  { name: 'malformed JSON', code: 'SM_ERR_BAD_MODEL', ...create(() => '{"title": ') },
  {
    name: 'filter malformed JSON',
    code: 'SM_ERR_BAD_MODEL',
    who: ED,
    method: 'POST',
    url: () => `${MODES}/filter`,
    body: () => '{ids:',
  },
  { name: 'body is an array', code: 'SM_ERR_BAD_MODEL', ...create(() => [valid(() => f.a1)]) },
  {
    name: 'unknown field',
    code: 'SM_ERR_BAD_MODEL',
    ...create(() => ({ ...valid(() => f.a1), colour: 'red' })),
    bodyFields: 'colour',
  },
  {
    name: 'unknown item field',
    code: 'SM_ERR_BAD_MODEL',
    ...create(item({ id: 1, weight: 2 })),
    bodyFields: 'configItems[0].weight',
  },
  {
    name: 'cancel on create',
    code: 'SM_ERR_BAD_MODEL',
    ...create(() => ({ ...valid(() => f.a1), cancel: true })),
    bodyFields: 'cancel',
  },
  {
    name: 'date without offset',
    code: 'SM_ERR_BAD_MODEL',
    ...create(() => ({ ...valid(() => f.a1), dateStart: '2021-07-09T10:56:17' })),
    bodyFields: 'dateStart',
  },
  {
    name: 'date not a date',
    code: 'SM_ERR_BAD_MODEL',
    ...create(() => ({ ...valid(() => f.a1), dateEnd: '2021-13-45T10:56:17+03:00' })),
    bodyFields: 'dateEnd',
  },
  {
    name: 'bad scope',
    code: 'SM_ERR_BAD_MODEL',
    ...create(item({ id: 1, scope: 'Children' })),
    bodyFields: 'configItems[0].scope',
  },
  {
    name: 'title not a string',
    code: 'SM_ERR_BAD_MODEL',
    ...create(() => ({ ...valid(() => f.a1), title: 5 })),
    bodyFields: 'title',
  },
  {
    name: 'title too long',
    code: 'SM_ERR_BAD_MODEL',
    ...create(() => ({ ...valid(() => f.a1), title: 'x'.repeat(1001) })),
    bodyFields: 'title',
  },
  {
    name: 'label value not a string',
    code: 'SM_ERR_BAD_MODEL',
    ...create(() => ({ ...valid(() => f.a1), labels: { a: 1 } })),
    bodyFields: 'labels.a',
  },
  {
    name: 'more than 1000 items',
    code: 'SM_ERR_BAD_MODEL',
    ...create(() => ({ ...valid(() => f.a1), configItems: Array.from({ length: 1001 }, (_, i) => ({ id: i + 1 })) })),
    bodyFields: 'configItems',
  },
  {
    name: 'duplicate CI',
    code: 'SM_ERR_BAD_MODEL',
    ...create(() => ({
      ...valid(() => f.a1),
      configItems: [{ id: f.a1 }, { id: f.a2 }, { id: f.a1, scope: 'CiAndChildren' }],
    })),
    bodyFields: 'configItems[2].id',
  },
  {
    name: 'dateEnd in the past',
    code: 'SM_ERR_BAD_MODEL',
    ...create(() => ({ ...valid(() => f.a1), dateStart: D('01T08:00:00'), dateEnd: D('01T11:00:00') })),
    bodyFields: 'dateEnd',
  },
  {
    name: 'filter ids not integers',
    code: 'SM_ERR_BAD_MODEL',
    who: ED,
    method: 'POST',
    url: () => `${MODES}/filter`,
    body: () => ({ ids: [1, 'x'] }),
    bodyFields: 'ids[1]',
  },
  {
    name: 'filter date operator unknown',
    code: 'SM_ERR_BAD_MODEL',
    who: ED,
    method: 'POST',
    url: () => `${MODES}/filter`,
    body: () => ({ dateStart: { before: D('01T00:00:00') } }),
    bodyFields: 'dateStart.before',
  },
  {
    name: 'filter date without offset',
    code: 'SM_ERR_BAD_MODEL',
    who: ED,
    method: 'POST',
    url: () => `${MODES}/filter`,
    body: () => ({ dateEnd: { equal: '2021-07-01T00:00:00' } }),
    bodyFields: 'dateEnd.equal',
  },
  // Presence.
  {
    name: 'create without dateStart',
    code: 'SM_ERR_DATE_START_MISSING',
    ...create(() => ({ ...valid(() => f.a1), dateStart: undefined })),
  },
  {
    name: 'put with dateStart null',
    code: 'SM_ERR_DATE_START_MISSING',
    ...put('pending', () => ({ ...valid(() => f.a1), dateStart: null })),
  },
  {
    name: 'create without dateEnd',
    code: 'SM_ERR_DATE_END_MISSING',
    ...create(() => ({ ...valid(() => f.a1), dateEnd: undefined })),
  },
  {
    name: 'put with dateEnd null',
    code: 'SM_ERR_DATE_END_MISSING',
    ...put('pending', () => ({ ...valid(() => f.a1), dateEnd: null })),
  },
  {
    name: 'create without configItems',
    code: 'SM_ERR_CONFIG_ITEMS_MISSING',
    ...create(() => ({ ...valid(() => f.a1), configItems: undefined })),
  },
  {
    name: 'create with configItems []',
    code: 'SM_ERR_CONFIG_ITEMS_MISSING',
    ...create(() => ({ ...valid(() => f.a1), configItems: [] })),
  },
  {
    name: 'put with configItems null',
    code: 'SM_ERR_CONFIG_ITEMS_MISSING',
    ...put('pending', () => ({ ...valid(() => f.a1), configItems: null })),
  },
  {
    name: 'patch with configItems []',
    code: 'SM_ERR_CONFIG_ITEMS_MISSING',
    ...patch('pending', () => ({ configItems: [] })),
  },
  // Items, in array order.
  { name: 'item without id', code: 'SM_ERR_CI_ID_MISSING', ...create(item({ scope: 'Ci' })) },
  {
    name: 'item with id null',
    code: 'SM_ERR_CI_ID_MISSING',
    ...patch('pending', () => ({ configItems: [{ id: null }] })),
  },
  { name: 'item id as a string', code: 'SM_ERR_CI_ID_INVALID', ...create(item({ id: '5' })) },
  { name: 'item id fractional', code: 'SM_ERR_CI_ID_INVALID', ...create(item({ id: 1.5 })) },
  { name: 'item id 0', code: 'SM_ERR_CI_ID_INVALID', ...create(item({ id: 0 })) },
  {
    name: 'item id negative',
    code: 'SM_ERR_CI_ID_INVALID',
    ...put('pending', () => ({ ...valid(() => f.a1), configItems: [{ id: -4 }] })),
  },
  { name: 'item id huge', code: 'SM_ERR_CI_ID_INVALID', ...create(item({ id: 2147483648 })) },
  {
    name: 'items in array order: a bad depth before a later missing id',
    code: 'SM_ERR_DEPTH_INVALID',
    ...create(() => ({ ...valid(() => f.a1), configItems: [{ id: 1, depth: 500 }, {}] })),
  },
  {
    name: 'depth negative with CiAndChildren',
    code: 'SM_ERR_DEPTH_INVALID',
    ...create(item({ id: 1, scope: 'CiAndChildren', depth: -1 })),
  },
  {
    name: 'depth beyond 100',
    code: 'SM_ERR_DEPTH_INVALID',
    ...create(item({ id: 1, scope: 'CiAndChildren', depth: 101 })),
  },
  {
    name: 'depth fractional',
    code: 'SM_ERR_DEPTH_INVALID',
    ...patch('pending', () => ({ configItems: [{ id: 1, scope: 'CiAndChildren', depth: 1.5 }] })),
  },
  { name: 'depth as a string', code: 'SM_ERR_DEPTH_INVALID', ...create(item({ id: 1, depth: '3' })) },
  // Rules after loading.
  {
    name: 'dateEnd before dateStart',
    code: 'SM_ERR_END_BEFORE_START',
    ...create(() => ({ ...valid(() => f.a1), dateEnd: D('09T10:00:00') })),
  },
  {
    name: 'dateEnd equal to dateStart (patch)',
    code: 'SM_ERR_END_BEFORE_START',
    ...patch('pending', () => ({ dateEnd: D('09T10:56:17') })),
  },
  {
    name: 'batchValidate: unknown CI',
    code: 'SM_ERR_CI_NOT_FOUND',
    ...create(() => ({ ...valid(() => f.a1), configItems: [{ id: f.a1 }, { id: 999999 }] }), {
      url: () => `${MODES}?batchValidate=TRUE`,
    }),
  },
  {
    name: 'batchValidate: CI without Edit',
    code: 'SM_ERR_CI_NOT_FOUND',
    ...create(() => ({ ...valid(() => f.a1), configItems: [{ id: f.a1 }, { id: f.b1 }] }), {
      url: () => `${MODES}?batchValidate=true`,
    }),
  },
  {
    name: 'no batchValidate, nothing left to cover',
    code: 'SM_ERR_CI_NOT_FOUND',
    ...create(() => ({ ...valid(() => f.a1), configItems: [{ id: 999999 }, { id: b2 }] })),
  },
  {
    name: 'patch adds an unknown CI with batchValidate',
    code: 'SM_ERR_CI_NOT_FOUND',
    ...patch('pending', () => ({ configItems: [{ id: f.a1 }, { id: 999998 }] }), {
      url: () => `${MODES}/${ids.pending}?batchValidate=true`,
    }),
  },
  {
    name: 'finish a completed mode',
    code: 'SM_ERR_ENDED_CANNOT_FINISH',
    ...patch('completed', () => ({ cancel: true })),
  },
  {
    name: 'cancel a cancelled mode',
    code: 'SM_ERR_ENDED_CANNOT_FINISH',
    ...put('cancelled', () => ({ ...valid(() => f.a2), cancel: true })),
  },
  {
    name: 'cancel in the second the mode started',
    code: 'SM_ERR_STARTED_CANNOT_CANCEL',
    ...patch('startedNow', () => ({ cancel: true })),
  },
  { name: 'edit a completed mode', code: 'SM_ERR_ENDED_CANNOT_EDIT', ...patch('completed', () => ({ title: 'late' })) },
  { name: 'edit a cancelled mode', code: 'SM_ERR_ENDED_CANNOT_EDIT', ...put('cancelled', () => valid(() => f.a2)) },
  {
    name: 'move the start of an active mode',
    code: 'SM_ERR_STARTED_CANNOT_MOVE_START',
    ...patch('active', () => ({ dateStart: D('01T11:30:00') })),
  },
  {
    name: 'put an active mode with another start',
    code: 'SM_ERR_STARTED_CANNOT_MOVE_START',
    ...put('active', () => ({ dateStart: D('01T10:00:00'), dateEnd: D('01T15:00:00'), configItems: [{ id: f.a1 }] })),
  },
  // Campus routing and CMDB errors.
  { name: 'unknown route', code: 'SM_ERR_ROUTE_NOT_FOUND', who: ED, method: 'GET', url: () => `${PREFIX}/v1/nothing` },
  { name: 'wrong method', code: 'SM_ERR_METHOD_NOT_ALLOWED', who: ED, method: 'DELETE', url: () => `${MODES}/1` },
  { name: 'body too large', code: 'SM_ERR_BODY_TOO_LARGE', ...create(() => `{"title": "${'x'.repeat(1_100_000)}"}`) },
  {
    name: 'CMDB: invisible CI',
    code: 'SM_ERR_CMDB_NOT_FOUND',
    who: ED,
    method: 'GET',
    url: () => `${PREFIX}/v2/rsm/config-items/${b2}`,
  },
  {
    name: 'CMDB: edit a CI with Read only',
    code: 'SM_ERR_CMDB_FORBIDDEN',
    who: ED,
    method: 'PUT',
    url: () => `${PREFIX}/v2/rsm/config-items/${f.b1}`,
    body: () => ({ name: 'b1', ownerWorkGroup: { id: f.wgB } }),
  },
  {
    name: 'CMDB: types are admin-only',
    code: 'SM_ERR_CMDB_FORBIDDEN',
    who: ED,
    method: 'POST',
    url: () => `${PREFIX}/v2/rsm/config-item-types`,
    body: () => ({ name: 'X' }),
  },
  {
    name: 'CMDB: hierarchy cycle',
    code: 'SM_ERR_CMDB_CYCLE',
    who: () => f.admin,
    method: 'POST',
    url: () => `${PREFIX}/v2/rsm/links`,
    body: () => ({ sourceId: f.a3, targetId: f.a1, type: 'Hierarchy' }),
  },
  {
    name: 'CMDB: second parent',
    code: 'SM_ERR_CMDB_SECOND_PARENT',
    who: () => f.admin,
    method: 'POST',
    url: () => `${PREFIX}/v2/rsm/links`,
    body: () => ({ sourceId: f.b1, targetId: f.a2, type: 'Hierarchy' }),
  },
  {
    name: 'CMDB: workgroup name taken',
    code: 'SM_ERR_CMDB_NAME_TAKEN',
    who: () => f.admin,
    method: 'POST',
    url: () => `${PREFIX}/v2/rsm/work-groups`,
    body: () => ({ name: 'A' }),
  },
  {
    name: 'CMDB: delete a CI with children',
    code: 'SM_ERR_CMDB_IN_USE',
    who: () => f.admin,
    method: 'DELETE',
    url: () => `${PREFIX}/v2/rsm/config-items/${f.a1}`,
    contentType: null,
  },
];

describe(`service-modes errors on ${testDialect}`, () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const before = await f.rows();
    const body = c.body?.();
    const r = await f.send(
      c.who() as Who | undefined,
      c.method,
      c.url(),
      body,
      c.contentType === undefined ? 'application/json' : c.contentType,
    );
    const def = SM_ERRORS[c.code];
    expect(r.statusCode).toBe(def.status);
    const json = r.json();
    expect(typeof json.message).toBe('string');
    if (!def.message.includes('{')) expect(json.message).toBe(def.message);
    else
      expect(json.message).toMatch(new RegExp(`^${def.message.replace(/[().]/g, '\\$&').replace(/\{\w+\}/g, '.+')}$`));
    expect(json).not.toHaveProperty('stackTrace');
    if (c.bodyFields) expect(Object.keys(json.bodyFields ?? {})).toEqual([c.bodyFields]);
    else expect(json).not.toHaveProperty('bodyFields');
    if (c.queryFields) expect(Object.keys(json.queryFields ?? {})).toEqual([c.queryFields]);
    if (def.status === 401) expect(r.headers['www-authenticate']).toBe('Bearer');
    expect(await f.rows()).toEqual(before);
  });

  it('sends the spec texts for 404 with the decimal id', async () => {
    const r = await f.send(f.ed, 'GET', `${MODES}/000123456`);
    expect(r.json()).toEqual({ message: 'Сервисный режим с ID 123456 не найден' });
  });

  it('covers every entry of the error table (the 500 is in plugin.test.ts, the throttle in tokens.test.ts)', () => {
    const covered = new Set(CASES.map((c) => c.code));
    const missing = (Object.keys(SM_ERRORS) as SmErrorCode[]).filter((c) => !covered.has(c));
    expect(missing.sort()).toEqual(['SM_ERR_INTERNAL', 'SM_ERR_TOO_MANY_ATTEMPTS']);
  });
});
