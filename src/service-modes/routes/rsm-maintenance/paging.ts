/**
 * Paging, search and sort as Monq.Core.Paging does them (service-modes.md, "Paging, search, sort"):
 * query parameters, the X-* headers and the RFC 5988 `Link` header.
 */
import { badQuery } from '../../errors.js';

export type SortCol = 'id' | 'dateStart' | 'dateEnd' | 'title';

export interface PagingQuery {
  readonly page: number;
  /** As received (default 1000); ≤ −1 means all rows. */
  readonly perPage: number;
  readonly skip: number;
  /** Lower-cased search text, or undefined when blank. */
  readonly search: string | undefined;
  readonly sortCol: SortCol;
  readonly desc: boolean;
}

const SORT_COLS: Record<string, SortCol> = { id: 'id', datestart: 'dateStart', dateend: 'dateEnd', title: 'title' };

/** Query parameters by lower-cased name (ASP.NET binds them case-insensitively); first value wins. */
export function foldQuery(query: unknown): Map<string, string> {
  const m = new Map<string, string>();
  if (query && typeof query === 'object') {
    for (const [k, v] of Object.entries(query as Record<string, unknown>)) {
      const f = k.toLowerCase();
      const value = Array.isArray(v) ? v[0] : v;
      if (!m.has(f) && typeof value === 'string') m.set(f, value);
    }
  }
  return m;
}

function int32(q: Map<string, string>, name: string, def: number): number {
  const raw = q.get(name.toLowerCase());
  if (raw === undefined || raw.trim() === '') return def;
  if (!/^\s*[+-]?\d+\s*$/.test(raw)) throw badQuery(name, `The value '${raw}' is not valid.`);
  const n = Number(raw.trim());
  if (n < -2_147_483_648 || n > 2_147_483_647) throw badQuery(name, `The value '${raw}' is not valid.`);
  return n;
}

export function readPaging(q: Map<string, string>): PagingQuery {
  const page = int32(q, 'page', 1);
  const perPage = int32(q, 'perPage', 1000);
  if (perPage === 0) throw badQuery('perPage', 'The value must not be 0.');
  const skip = Math.max(0, int32(q, 'skip', 0));
  const rawSearch = q.get('search');
  const search = rawSearch && rawSearch.trim() !== '' ? rawSearch.toLowerCase() : undefined;
  const col = SORT_COLS[(q.get('sortcol') ?? '').trim().toLowerCase()];
  // Library rule: with a valid column, only an empty sortDir or exactly "asc" is ascending.
  const dir = q.get('sortdir');
  const desc = col !== undefined && !(dir === undefined || dir === '' || dir === 'asc');
  return { page, perPage, skip, search, sortCol: col ?? 'id', desc };
}

/** `batchValidate`: true / false in any case, default false. */
export function readBatchValidate(q: Map<string, string>): boolean {
  const raw = q.get('batchvalidate');
  if (raw === undefined || raw === '') return false;
  const v = raw.toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw badQuery('batchValidate', `The value '${raw}' is not valid.`);
}

/** The window of rows to read: undefined limit = all. Empty when page ≤ 0 (returns `[]`). */
export function window(p: PagingQuery): { offset: number; limit: number | undefined; empty: boolean } {
  if (p.perPage <= -1) return { offset: 0, limit: undefined, empty: false };
  if (p.skip > 0) return { offset: p.skip, limit: p.perPage, empty: false };
  if (p.page <= 0) return { offset: 0, limit: 0, empty: true };
  return { offset: (p.page - 1) * p.perPage, limit: p.perPage, empty: false };
}

export interface PagingHeaders {
  readonly 'X-Total': string;
  readonly 'X-Total-Filtered': string;
  readonly 'X-Per-Page': string;
  readonly 'X-Page': string;
  readonly 'X-Total-Pages': string;
  readonly Link: string;
}

/** Headers for `total` rows before search and `n` after (service-modes.md, header table). */
export function pagingHeaders(p: PagingQuery, total: number, n: number, requestUrl: string): PagingHeaders {
  let xPage: number;
  if (n === 0) xPage = p.page;
  else if (p.perPage <= -1) xPage = 1;
  else if (p.skip > 0) xPage = Math.ceil(p.skip / p.perPage) + 1;
  else xPage = p.page;
  const totalPages = n === 0 ? 0 : p.perPage <= -1 ? 1 : Math.ceil(n / p.perPage);
  const links: string[] = [];
  if (p.perPage > 0) {
    const c = xPage === 0 ? 1 : xPage;
    const last = Math.ceil(n / p.perPage);
    const at = (page: number) => pageUrl(requestUrl, p.perPage, page);
    if (c > 1) links.push(`<${at(1)}>; rel="first"`, `<${at(c - 1)}>; rel="prev"`);
    if (c + 1 <= last) links.push(`<${at(c + 1)}>; rel="next"`, `<${at(last)}>; rel="last"`);
  }
  return {
    'X-Total': String(total),
    'X-Total-Filtered': String(n),
    'X-Per-Page': String(p.perPage),
    'X-Page': String(xPage),
    'X-Total-Pages': String(totalPages),
    Link: links.join(','),
  };
}

/** The request URL with `perPage` and `page` replaced in place, or appended in that order. */
function pageUrl(requestUrl: string, perPage: number, page: number): string {
  const q = requestUrl.indexOf('?');
  const base = q < 0 ? requestUrl : requestUrl.slice(0, q);
  const pairs =
    q < 0
      ? []
      : requestUrl
          .slice(q + 1)
          .split('&')
          .filter(Boolean);
  let sawPerPage = false;
  let sawPage = false;
  const out = pairs.map((pair) => {
    const name = decodeName(pair.split('=')[0]).toLowerCase();
    if (name === 'perpage') {
      sawPerPage = true;
      return `perPage=${perPage}`;
    }
    if (name === 'page') {
      sawPage = true;
      return `page=${page}`;
    }
    return pair;
  });
  if (!sawPerPage) out.push(`perPage=${perPage}`);
  if (!sawPage) out.push(`page=${page}`);
  return `${base}?${out.join('&')}`;
}

function decodeName(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}
