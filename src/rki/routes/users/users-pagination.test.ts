/**
 * Pagination and filters as properties (fast-check): for any filters, limit and offset, the page is the
 * slice [offset, offset+min(limit,100)) of the organisation's readers that match, in id order, and `total`
 * is the number that match. The model is computed here from the readers as created, independently of the
 * trigram/LIKE statements under test.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testDialect } from '../../../../test/harness.js';
import { type RkiOrgClient, rkiOrg } from '../../../../test/rki-client.js';
import { bulkInsertReaders } from '../../readers/bulk-insert.js';

let t: TestApp;
let org: RkiOrgClient;
let model: { id: number; email: string; fullname: string }[];

const SURNAMES = ['Иванов', 'Петрова', 'Smith', 'ÉCOLE', 'Ли_Вэй', 'O%Brien', 'Ёжиков', 'Nguyễn'];

beforeAll(async () => {
  t = await createTestApp();
  org = await rkiOrg(t, 'Свойства');
  // Noise in another organisation that must never show up.
  const other = await rkiOrg(t, 'Чужие');
  const readers = Array.from({ length: 60 }, (_, i) => ({
    email: `${['ab', 'Ab.cd', 'x_y', 'z%'][i % 4]}${i}@${['mail.ru', 'Example.org'][i % 2]}`,
    fullname: `${SURNAMES[i % SURNAMES.length]} ${['Анна', 'Иван', 'Zoë'][i % 3]}`,
  }));
  await bulkInsertReaders(t.db, org.clientId, readers, 'unused', '2024-02-01');
  await bulkInsertReaders(
    t.db,
    other.clientId,
    readers.map((r) => ({ ...r, email: `other.${r.email}` })),
    'unused',
    '2024-02-01',
  );
  const listed = await org.call('/users', { limit: 100 });
  model = listed.body.data.map((r: { id: number; email: string; fullname: string }) => ({
    id: r.id,
    email: r.email,
    fullname: r.fullname,
  }));
  expect(model).toHaveLength(60);
});
afterAll(async () => {
  await t?.close();
});

const fragment = fc.oneof(
  fc.constant(''),
  fc.constantFrom('ab', 'AB.', 'x_', '_', '%', 'z%1', '.ru', 'example', 'mail', '1', '12', '@', 'ё', 'ИВАН', 'анна'),
  fc.constantFrom('петр', 'ÉCO', 'école', 'nguyễn', 'ли_', 'o%b', 'zoë', 'ов ', 'nothing', "'", '"'),
);

describe(`РКИ pagination properties on ${testDialect}`, () => {
  it('pages are slices of the filtered set, total its size', async () => {
    await fc.assert(
      fc.asyncProperty(
        fragment,
        fragment,
        fragment,
        fc.integer({ min: 1, max: 130 }),
        fc.integer({ min: 0, max: 70 }),
        async (email, username, fullname, limit, offset) => {
          const r = await org.call('/users', { email, username, fullname, limit, offset });
          expect(r.status).toBe(200);
          const has = (hay: string, needle: string) =>
            needle === '' || hay.toLowerCase().includes(needle.toLowerCase());
          const matching = model.filter(
            (m) => has(m.email, email.trim()) && has(m.email, username.trim()) && has(m.fullname, fullname.trim()),
          );
          expect(r.body.total).toBe(matching.length);
          const want = matching.slice(offset, offset + Math.min(limit, 100)).map((m) => m.id);
          expect(r.body.data.map((d: { id: number }) => d.id)).toEqual(want);
        },
      ),
      { numRuns: 120 },
    );
  });

  it('concatenating the pages of any filter gives the filtered set', async () => {
    await fc.assert(
      fc.asyncProperty(fragment, fc.integer({ min: 1, max: 25 }), async (email, limit) => {
        const ids: number[] = [];
        let total = -1;
        for (let offset = 0; total < 0 || offset < total; offset += limit) {
          const r = await org.call('/users', { email, limit, offset });
          total = r.body.total;
          ids.push(...r.body.data.map((d: { id: number }) => d.id));
        }
        const want = model.filter((m) => m.email.toLowerCase().includes(email.trim().toLowerCase())).map((m) => m.id);
        expect(ids).toEqual(want);
        expect(total).toBe(want.length);
      }),
      { numRuns: 25 },
    );
  });
});
