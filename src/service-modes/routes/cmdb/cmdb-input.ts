/** Reading CMDB bodies: JSON objects, names bound case-insensitively, generic 400 with bodyFields. */
import type { FastifyRequest } from 'fastify';
import { badModel, SmError } from '../../errors.js';
import { rawBody, requireJson } from '../../plugin.js';
import { foldKeys, parseJsonBody } from '../rsm-maintenance/mode-input.js';
import type { Access, LinkType } from './cmdb.queries.js';

export type Fields = Map<string, { key: string; value: unknown }>;

export function readObject(req: FastifyRequest): Fields {
  requireJson(req);
  const body = parseJsonBody(rawBody(req));
  if (body === undefined || body === null) throw new SmError('SM_ERR_EMPTY_BODY');
  if (typeof body !== 'object' || Array.isArray(body)) throw new SmError('SM_ERR_BAD_MODEL');
  return foldKeys(body as Record<string, unknown>);
}

export function onlyFields(f: Fields, allowed: readonly string[]) {
  for (const [k, { key }] of f) if (!allowed.includes(k)) throw badModel(key, 'Неизвестное поле');
}

export function text(f: Fields, name: string, opts: { required?: boolean; max?: number } = {}): string | null {
  const v = f.get(name.toLowerCase())?.value;
  if (v === undefined || v === null) {
    if (opts.required) throw badModel(name, 'Обязательное поле');
    return null;
  }
  if (typeof v !== 'string' || (opts.required && v.trim() === '') || v.length > (opts.max ?? 1000)) {
    throw badModel(name, 'Ожидается непустая строка');
  }
  return v;
}

export function int(f: Fields, name: string, required = true): number | null {
  const v = f.get(name.toLowerCase())?.value;
  if ((v === undefined || v === null) && !required) return null;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 2_147_483_647) {
    throw badModel(name, 'Ожидается целое число');
  }
  return v;
}

/** `{"id": n}` reference; id 0 or null = none. */
export function ref(f: Fields, name: string, required = false): number | null {
  const v = f.get(name.toLowerCase())?.value;
  if (v === undefined || v === null) {
    if (required) throw badModel(name, 'Обязательное поле');
    return null;
  }
  if (typeof v !== 'object' || Array.isArray(v)) throw badModel(name, 'Ожидается {"id": n}');
  const id = foldKeys(v as Record<string, unknown>).get('id')?.value;
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id > 2_147_483_647) {
    throw badModel(`${name}.id`, 'Ожидается целое число');
  }
  if (id === 0 && required) throw badModel(`${name}.id`, 'Обязательное поле');
  return id === 0 ? null : id;
}

export function labels(f: Fields): Record<string, string> {
  const v = f.get('labels')?.value;
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw badModel('labels', 'Ожидается объект строк');
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    if (typeof val !== 'string') throw badModel(`labels.${k}`, 'Ожидается строка');
    out[k] = val;
  }
  return out;
}

export function access(v: unknown, path: string): Access {
  const s = typeof v === 'string' ? v.toLowerCase() : '';
  if (s === 'read') return 'Read';
  if (s === 'edit') return 'Edit';
  throw badModel(path, 'Допустимые значения: Read, Edit');
}

export function linkType(v: unknown, path: string): LinkType {
  const s = typeof v === 'string' ? v.toLowerCase() : '';
  if (s === 'hierarchy') return 'Hierarchy';
  if (s === 'influence') return 'Influence';
  throw badModel(path, 'Допустимые значения: Hierarchy, Influence');
}

/** Path ids: integers 1…2147483647, else 404 for that kind of object. */
export function pathId(raw: string, what: string): number {
  if (!/^\d{1,10}$/.test(raw) || Number(raw) < 1 || Number(raw) > 2_147_483_647) {
    throw new SmError('SM_ERR_CMDB_NOT_FOUND', { what, id: raw });
  }
  return Number(raw);
}

export function badModelOf(path: string): SmError {
  return badModel(path, 'Недопустимое значение');
}
