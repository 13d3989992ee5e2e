/**
 * GET list and POST /filter: paging headers and `Link` as Monq.Core.Paging computes them, search, sort
 * quirks, filter body operators (service-modes.md, "Paging, search, sort" and "Filter body").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialect } from '../../../../test/harness.js';
import { createFixture, type Fixture } from '../../testing/fixture.js';
import { MODES } from '../../testing/sm-test-app.js';

let f: Fixture;
interface Made {
  id: number;
  title: string | null;
  cis: number[];
  start: string;
}
const made: Made[] = [];
const day = (d: number) => `2021-08-${String(d).padStart(2, '0')}T10:00:00+03:00`;
const TITLES = [
  'Плановые работы',
  'beta',
  'Alpha',
  null,
  'ёлка',
  'Zeta',
  'alpha2',
  'ПЛАН Б',
  'gamma',
  null,
  'delta',
  'Beta',
];

beforeAll(async () => {
  f = await createFixture();
  f.t.clock.set('2021-07-01T12:00:00+03:00');
  for (let i = 0; i < 12; i++) {
    const cis = i % 3 === 0 ? [f.a1, f.b1] : i % 3 === 1 ? [f.a2] : [f.a3, f.a1];
    // Start dates out of id order, so sorting by date differs from sorting by id.
    const start = day(12 - ((i * 5) % 12));
    const id = await f.mode(
      {
        title: TITLES[i],
        dateStart: start,
        dateEnd: day(13 - ((i * 5) % 12) + 1),
        configItems: cis.map((id) => ({ id })),
        labels: i === 4 ? { Окно: 'Ночное' } : i === 6 ? { team: 'DBA' } : {},
      },
      i % 3 === 0 ? f.admin : f.ed,
    );
    made.push({ id, title: TITLES[i], cis, start });
  }
});
afterAll(async () => f?.t.close());

const get = (url: string, who = f.ed) =>
  f.t.app.inject({ method: 'GET', url, headers: { ...who.auth, host: 'campus.example' } });
const idsOf = (r: { json(): { id: number }[] }) => r.json().map((m) => m.id);
const all = () => made.map((m) => m.id);

describe(`service-mode lists on ${testDialect}`, () => {
  it('defaults: every visible mode, id order, perPage 1000, no Link relation', async () => {
    const r = await get(MODES);
    expect(r.statusCode).toBe(200);
    expect(idsOf(r)).toEqual(all());
    expect(r.headers).toMatchObject({
      'x-total': '12',
      'x-total-filtered': '12',
      'x-per-page': '1000',
      'x-page': '1',
      'x-total-pages': '1',
      link: '',
    });
  });

  it('pages with first/prev/next/last links, replacing perPage and page in place', async () => {
    const r = await get(`${MODES}?page=2&search=&perPage=5`);
    expect(idsOf(r)).toEqual(all().slice(5, 10));
    expect(r.headers).toMatchObject({ 'x-page': '2', 'x-total-pages': '3', 'x-per-page': '5' });
    const u = (p: number) => `<http://campus.example${MODES}?page=${p}&search=&perPage=5>`;
    expect(r.headers.link).toBe(`${u(1)}; rel="first",${u(1)}; rel="prev",${u(3)}; rel="next",${u(3)}; rel="last"`);
  });

  it('appends perPage then page when absent; skip wins over page', async () => {
    const r = await get(`${MODES}?skip=7&perPage=5&page=1`);
    expect(idsOf(r)).toEqual(all().slice(7, 12));
    expect(r.headers['x-page']).toBe('3');
    const first = await get(`${MODES}?sortCol=id`);
    expect(first.headers.link).toBe('');
    const two = await get(`${MODES}?sortCol=id&perPage=10`);
    expect(two.headers.link).toBe(
      `<http://campus.example${MODES}?sortCol=id&perPage=10&page=2>; rel="next",<http://campus.example${MODES}?sortCol=id&perPage=10&page=2>; rel="last"`,
    );
  });

  it('page out of range or ≤ 0 gives [] with headers; perPage -1 gives everything', async () => {
    const out = await get(`${MODES}?perPage=5&page=9`);
    expect(out.json()).toEqual([]);
    expect(out.headers).toMatchObject({ 'x-page': '9', 'x-total-pages': '3', 'x-total-filtered': '12' });
    expect(out.headers.link).toMatch(/rel="first",.*page=8>; rel="prev"$/);
    const zero = await get(`${MODES}?perPage=5&page=0`);
    expect(zero.json()).toEqual([]);
    expect(zero.headers['x-page']).toBe('0');
    const everything = await get(`${MODES}?perPage=-1&page=3&skip=4`);
    expect(idsOf(everything)).toEqual(all());
    expect(everything.headers).toMatchObject({ 'x-per-page': '-1', 'x-page': '1', 'x-total-pages': '1', link: '' });
    const none = await get(`${MODES}?search=nothing-like-this&page=4`);
    expect(none.headers).toMatchObject({
      'x-total': '12',
      'x-total-filtered': '0',
      'x-page': '4',
      'x-total-pages': '0',
    });
  });

  it('searches title, label keys and values case-insensitively (Unicode)', async () => {
    const titles = (r: { json(): { title: string | null }[] }) => r.json().map((m) => m.title);
    expect(titles(await get(`${MODES}?search=${encodeURIComponent('план')}`))).toEqual(['Плановые работы', 'ПЛАН Б']);
    expect(titles(await get(`${MODES}?search=ALPHA`))).toEqual(['Alpha', 'alpha2']);
    expect(titles(await get(`${MODES}?search=${encodeURIComponent('ОКНО')}`))).toEqual(['ёлка']);
    expect(titles(await get(`${MODES}?search=dba`))).toEqual(['alpha2']);
    const r = await get(`${MODES}?search=${encodeURIComponent('  ')}`);
    expect(r.headers['x-total-filtered']).toBe('12');
    expect((await get(`${MODES}?search=*a[`)).json()).toEqual([]);
  });

  it('searches digits in the mode id and in visible CI ids only', async () => {
    const digit = String(f.b1);
    const expected = (visible: (ci: number) => boolean) =>
      made
        .filter((m) => String(m.id).includes(digit) || m.cis.some((c) => visible(c) && String(c).includes(digit)))
        .map((m) => m.id);
    expect(idsOf(await get(`${MODES}?search=${digit}`))).toEqual(expected(() => true));
    // reader sees b1 through the share; "other" (workgroup B) sees only b1: its modes are those with b1.
    expect(idsOf(await get(`${MODES}?search=${digit}`, f.other))).toEqual(
      made.filter((m) => m.cis.includes(f.b1)).map((m) => m.id),
    );
  });

  it('sorts by the library rules: exact "asc" only, unknown column = id asc ignoring sortDir', async () => {
    const byStart = [...made].sort((a, b) => a.start.localeCompare(b.start) || a.id - b.id).map((m) => m.id);
    expect(idsOf(await get(`${MODES}?sortCol=%20DateStart%20&sortDir=asc`))).toEqual(byStart);
    expect(idsOf(await get(`${MODES}?sortCol=dateStart&sortDir=ASC`))).toEqual([...byStart].reverse());
    expect(idsOf(await get(`${MODES}?sortCol=dateStart`))).toEqual(byStart);
    expect(idsOf(await get(`${MODES}?sortCol=labels&sortDir=desc`))).toEqual(all());
    expect(idsOf(await get(`${MODES}?sortCol=id&sortDir=desc`))).toEqual([...all()].reverse());
  });

  it('sorts titles by code point, nulls last ascending and first descending', async () => {
    const cp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const asc = [...made]
      .sort((a, b) =>
        a.title === null
          ? b.title === null
            ? a.id - b.id
            : 1
          : b.title === null
            ? -1
            : cp(a.title, b.title) || a.id - b.id,
      )
      .map((m) => m.id);
    expect(idsOf(await get(`${MODES}?sortCol=title&sortDir=asc`))).toEqual(asc);
    expect(idsOf(await get(`${MODES}?sortCol=TITLE&sortDir=down`))).toEqual([...asc].reverse());
  });

  it('filters: OR inside a field, AND across fields, configItemIds without subtree expansion', async () => {
    const post = (body: unknown, q = '') => f.send(f.admin, 'POST', `${MODES}/filter${q}`, body);
    const [m0, m1, m2, m3] = made;
    expect(idsOf(await post({ ids: [m0.id, m1.id, m2.id] }))).toEqual([m0.id, m1.id, m2.id]);
    expect(idsOf(await post({ ids: [m0.id, m1.id, m2.id], configItemIds: [f.a2] }))).toEqual([m1.id]);
    expect(idsOf(await post({ configItemIds: [f.a1] }))).toEqual(
      made.filter((m) => m.cis.includes(f.a1)).map((m) => m.id),
    );
    expect(idsOf(await post({ configItemIds: [f.a3, f.a2] }))).toEqual(
      made.filter((m) => m.cis.includes(f.a2) || m.cis.includes(f.a3)).map((m) => m.id),
    );
    const r = await post({ ids: [m0.id, m3.id] }, '?perPage=1&search=');
    expect(r.headers).toMatchObject({ 'x-total': '2', 'x-total-pages': '2' });
    expect(idsOf(await post({ dateStart: {} }))).toEqual(all());
  });

  it('date operators: two bounds are the interval between them, whichever names which end', async () => {
    const post = (body: unknown) => f.send(f.admin, 'POST', `${MODES}/filter?sortCol=dateStart&sortDir=asc`, body);
    const starts = (r: { json(): { dateStart: string }[] }) => r.json().map((m) => m.dateStart);
    expect(starts(await post({ dateStart: { equal: day(5), lessThan: day(1) } }))).toEqual([day(5)]);
    expect(starts(await post({ dateStart: { lessThanOrEqual: day(3), moreThanOrEqual: day(5) } }))).toEqual([
      day(3),
      day(4),
      day(5),
    ]);
    expect(starts(await post({ dateStart: { lessThanOrEqual: day(5), moreThanOrEqual: day(3) } }))).toEqual([
      day(3),
      day(4),
      day(5),
    ]);
    expect(starts(await post({ dateStart: { lessThanOrEqual: day(3), moreThan: day(5) } }))).toEqual([day(3), day(4)]);
    expect(starts(await post({ dateStart: { lessThan: day(3), moreThanOrEqual: day(5) } }))).toEqual([day(4), day(5)]);
    expect(starts(await post({ dateStart: { lessThan: day(3), moreThan: day(5) } }))).toEqual([day(4)]);
    expect(starts(await post({ dateStart: { lessThan: day(4), moreThan: day(4) } }))).toEqual([day(4)]);
    expect(starts(await post({ dateStart: { range: { start: day(11), end: day(10) } } }))).toEqual([day(10), day(11)]);
    expect(starts(await post({ DateStart: { MoreThan: day(10) } }))).toEqual([day(11), day(12)]);
    expect(starts(await post({ dateStart: { lessThanOrEqual: day(2), moreThan: day(11) } }))).toEqual(
      [2, 3, 4, 5, 6, 7, 8, 9, 10].map(day),
    );
    const ends = await post({ dateEnd: { lessThanOrEqual: '2021-08-04T07:00:00Z' } });
    expect(starts(ends)).toEqual([day(1), day(2)]);
  });
});
