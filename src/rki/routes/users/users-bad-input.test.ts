/**
 * Bad input on every field of every route (issue 3, "Bad input"): wrong types, arrays through repeated
 * or bracket keys, empty, too long, unicode, SQL and HTML fragments. An invalid value gets the API's 400
 * envelope naming that field, never a 500, and nothing is written; a valid but hostile value is stored
 * and returned verbatim.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testDialect } from '../../../../test/harness.js';
import { countRows, type Params, type RkiOrgClient, rkiOrg, type Transport } from '../../../../test/rki-client.js';

let t: TestApp;
let org: RkiOrgClient;
let readerId: number;

beforeAll(async () => {
  t = await createTestApp({ RKI_WRITE_BURST: '100000' });
  org = await rkiOrg(t);
  const r = await org.call('/users/add', { email: 'existing@example.org', fullname: 'Есть', password: 'p' });
  readerId = r.body.data.id;
});
afterAll(async () => {
  await t?.close();
});

/** A bad value and how it travels: repeated keys need a query or form, typed values need JSON. */
interface Bad {
  readonly name: string;
  readonly value: unknown;
  readonly via: readonly Transport[];
}

const str = (name: string, value: string): Bad => ({ name, value, via: ['get', 'post-form', 'post-json'] });
const json = (name: string, value: unknown): Bad => ({ name, value, via: ['post-json'] });
const repeated: Bad = { name: 'repeated key', value: ['a', 'b'], via: ['get', 'post-form', 'post-json'] };
const bracket: Bad = { name: 'bracket key', value: { bracket: 'x' }, via: ['get', 'post-form'] };

const TYPE_ERRORS = [repeated, bracket, json('number', 12), json('object', { a: 1 }), json('boolean', true)];
const TOO_LONG = [str('256 letters', 'я'.repeat(256)), str('256 astral', '𝔘'.repeat(256))];
const EMPTY = [str('empty', ''), str('blank', '  \t ')];
const NOT_EMAIL = [
  str('no at', 'not-an-email'),
  str('SQL', "x' OR '1'='1"),
  str('SQL 2', 'a@b.ru; DROP TABLE accounts;--'),
  str('HTML', '<script>alert(1)</script>'),
  str('unicode', 'иван@пример.рф'),
  str('no dot', 'a@localhost'),
];
const NOT_INT = [
  str('letters', 'abc'),
  str('decimal', '1.5'),
  str('exponent', '1e2'),
  str('hex', '0x10'),
  str('SQL', '1 OR 1=1'),
  str('HTML', '<b>1</b>'),
  str('arabic digit', '٣'),
  str('huge', '9'.repeat(30)),
  json('float', 2.5),
  json('boolean', true),
  json('object', { a: 1 }),
  repeated,
  bracket,
];
const NOT_DATE = [
  str('ISO', '2020-01-01'),
  str('32nd', '32.01.2020'),
  str('no zeros', '1.1.2020'),
  str('HTML', '<i>01.01.2020</i>'),
  json('number', 5),
  repeated,
];

interface Field {
  readonly route: string;
  readonly field: string;
  readonly bad: readonly Bad[];
}

const ADD = '/users/add';
const LIST = '/users';
const EDIT = '/users/edit/:id';
const FIELDS: Field[] = [
  { route: ADD, field: 'email', bad: [...EMPTY, ...TYPE_ERRORS, ...TOO_LONG, ...NOT_EMAIL] },
  { route: ADD, field: 'fullname', bad: [...EMPTY, ...TYPE_ERRORS, ...TOO_LONG] },
  { route: ADD, field: 'password', bad: [...EMPTY, ...TYPE_ERRORS, ...TOO_LONG] },
  { route: ADD, field: 'user_type', bad: [...NOT_INT, str('zero', '0'), str('five', '5'), str('negative', '-1')] },
  ...['email', 'username', 'fullname'].map((field) => ({ route: LIST, field, bad: [...TYPE_ERRORS, ...TOO_LONG] })),
  { route: LIST, field: 'limit', bad: [...NOT_INT, str('zero', '0'), str('negative', '-5')] },
  { route: LIST, field: 'offset', bad: [...NOT_INT, str('negative', '-1')] },
  { route: EDIT, field: 'fullname', bad: [...EMPTY, ...TYPE_ERRORS, ...TOO_LONG] },
  { route: EDIT, field: 'email', bad: [...EMPTY, ...TYPE_ERRORS, ...TOO_LONG, ...NOT_EMAIL] },
  { route: EDIT, field: 'password', bad: [...EMPTY, ...TYPE_ERRORS, ...TOO_LONG] },
  { route: EDIT, field: 'user_type', bad: [...NOT_INT, str('five', '5')] },
  { route: EDIT, field: 'class', bad: [...NOT_INT, str('100', '100'), str('negative', '-1')] },
  ...['specialty', 'group', 'facultet', 'department'].map((field) => ({
    route: EDIT,
    field,
    bad: [...TYPE_ERRORS, ...TOO_LONG],
  })),
  { route: EDIT, field: 'blockedafter', bad: NOT_DATE },
];

const VALID: Record<string, Params> = {
  [ADD]: { email: 'new@example.org', fullname: 'Новый', password: 'p', user_type: '2' },
  [LIST]: {},
  [EDIT]: { fullname: 'Изменён' },
};

async function counts() {
  return Promise.all(['accounts', 'rki_users', 'audit_log'].map((table) => countRows(t, table)));
}

describe(`РКИ bad input on ${testDialect}`, () => {
  it.each(FIELDS.map((f) => [`${f.route} ${f.field}`, f] as const))(
    '%s: 400 envelope, nothing written',
    async (_, f) => {
      const path = f.route.replace(':id', String(readerId));
      for (const bad of f.bad) {
        for (const via of f.route === EDIT ? bad.via.filter((v) => v !== 'get') : bad.via) {
          const params: Record<string, unknown> = { ...VALID[f.route] };
          if (bad === bracket) params[`${f.field}[]`] = 'x';
          else params[f.field] = bad.value;
          const before = await counts();
          const r = await org.call(path, params as Params, via);
          const label = `${f.field} = ${bad.name} via ${via}`;
          expect(r.status, label).toBe(400);
          expect(Object.keys(r.body), label).toEqual(['success', 'message', 'status', 'data', 'errors']);
          expect(r.body, label).toMatchObject({
            success: false,
            message: 'В форме запроса обнаружены ошибки',
            status: 400,
            data: null,
          });
          expect(Object.keys(r.body.errors), label).toContain(f.field);
          for (const m of r.body.errors[f.field]) expect(m, label).toMatch(/^The .+\.$/);
          expect(await counts(), label).toEqual(before);
        }
      }
    },
  );

  it('stores hostile but valid text verbatim and returns it unchanged', async () => {
    const hostile = [
      "Robert'); DROP TABLE rki_users;--",
      '<img src=x onerror=alert(1)>',
      'Ñoño 李雷 🙂 ‮RTL',
      '100% _under_ \\back\\ "quoted"',
      '\u00a0nbsp and zero\u200bwidth',
    ];
    for (const [i, text] of hostile.entries()) {
      const add = await org.call(
        '/users/add',
        { email: `hostile${i}@example.org`, fullname: text, password: text },
        'post-json',
      );
      expect(add.status).toBe(200);
      const id = add.body.data.id;
      expect(add.body.data.fullname).toBe(text);
      const edit = await org.call(
        `/users/edit/${id}`,
        { specialty: text, group: text, facultet: text, department: text },
        'post-form',
      );
      expect(edit.body.data).toMatchObject({ specialty: text, group: text, facultet: text, department: text });
      const got = await org.call(`/users/get/${id}`);
      expect(got.body.data).toMatchObject({ fullname: text, specialty: text, group: text });
      // The raw answer keeps unicode as is (no \u escapes) and is valid JSON.
      expect(got.raw).toContain(JSON.stringify(text).slice(1, -1));
      const found = await org.call('/users', { fullname: text });
      expect(found.body.data.map((r: { id: number }) => r.id)).toEqual([id]);
    }
    expect(await countRows(t, 'rki_orgs')).toBe(1);
  });

  it('answers 404 for hostile ids on every id route', async () => {
    for (const id of ['1%20OR%201=1', '1;DROP', '%00', '..%2F1', '%EF%BC%91', '9'.repeat(30), '%3Cb%3E1']) {
      for (const route of ['get', 'delete', 'restore']) {
        const r = await org.call(`/users/${route}/${id}`);
        expect(r.status, `${route}/${id}`).toBe(404);
        expect(r.body.message).toBe('Пользователь не найден в БД платформы РКИ');
      }
      const e = await org.call(`/users/edit/${id}`, { fullname: 'x' }, 'post-form');
      expect(e.status).toBe(404);
    }
  });

  it('never answers 500 to random parameters', async () => {
    const { default: fc } = await import('fast-check');
    const value = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.array(fc.string(), { maxLength: 3 }));
    const key = fc.constantFrom(
      'email',
      'fullname',
      'password',
      'user_type',
      'limit',
      'offset',
      'class',
      'blockedafter',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(key, value, { maxKeys: 4 }),
        fc.constantFrom('/users', '/users/add', `/users/edit/${readerId}`),
        async (params, path) => {
          const r = await org.call(path, params as Params, path.includes('edit') ? 'post-form' : 'get');
          expect([200, 400, 409]).toContain(r.status);
          expect(r.body.status).toBe(r.status);
        },
      ),
      { numRuns: 60 },
    );
  });
});
