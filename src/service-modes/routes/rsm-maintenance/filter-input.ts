/**
 * The `POST /filter` body (service-modes-api.ru.txt; operators of Monq's DatePostViewModel, see
 * service-modes.md "Filter body"). Names bind case-insensitively; an empty filter is refused first.
 */
import { badModel, SmError } from '../../errors.js';
import { parseInstant } from '../../time.js';
import { foldKeys } from './mode-input.js';
import type { DateCondition, ModeFilter } from './rsm-maintenance.queries.js';

const FIELDS: Record<string, string> = {
  ids: 'ids',
  configitemids: 'configItemIds',
  datestart: 'dateStart',
  dateend: 'dateEnd',
};
const OPS: Record<string, keyof DateCondition> = {
  equal: 'equal',
  lessthan: 'lessThan',
  lessthanorequal: 'lessThanOrEqual',
  morethan: 'moreThan',
  morethanorequal: 'moreThanOrEqual',
  range: 'range',
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function idList(v: unknown, field: string): number[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw badModel(field, 'Ожидается массив целых чисел');
  return v.map((x, i) => {
    if (typeof x !== 'number' || !Number.isInteger(x) || x < -2_147_483_648 || x > 2_147_483_647) {
      throw badModel(`${field}[${i}]`, 'Ожидается целое число');
    }
    return x;
  });
}

function instant(v: unknown, path: string): number {
  const ms = typeof v === 'string' ? parseInstant(v) : undefined;
  if (ms === undefined) throw badModel(path, 'Ожидается дата со смещением: 2021-07-08T10:56:17+03:00');
  return ms;
}

function dateCondition(v: unknown, field: string): DateCondition | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw badModel(field, 'Ожидается объект условий');
  const out: { -readonly [K in keyof DateCondition]: DateCondition[K] } = {};
  for (const [k, { key, value }] of foldKeys(v)) {
    const op = OPS[k];
    if (!op) throw badModel(`${field}.${key}`, 'Неизвестный оператор');
    if (value === null || value === undefined) continue;
    if (op === 'range') {
      if (!isObject(value)) throw badModel(`${field}.range`, 'Ожидается {start, end}');
      const r = foldKeys(value);
      for (const [rk, { key: rkey }] of r) {
        if (rk !== 'start' && rk !== 'end') throw badModel(`${field}.range.${rkey}`, 'Неизвестное поле');
      }
      out.range = {
        start: instant(r.get('start')?.value, `${field}.range.start`),
        end: instant(r.get('end')?.value, `${field}.range.end`),
      };
    } else {
      out[op] = instant(value, `${field}.${op}`);
    }
  }
  return out;
}

export function readFilterBody(body: unknown): ModeFilter {
  if (body === undefined || body === null) throw new SmError('SM_ERR_EMPTY_FILTER');
  if (!isObject(body)) throw new SmError('SM_ERR_BAD_MODEL');
  const f = foldKeys(body);
  const get = (k: string) => f.get(k)?.value;
  const emptyField = (v: unknown) => v === undefined || v === null || (Array.isArray(v) && v.length === 0);
  if (Object.keys(FIELDS).every((k) => emptyField(get(k)))) throw new SmError('SM_ERR_EMPTY_FILTER');
  for (const [k, { key }] of f) if (!FIELDS[k]) throw badModel(key, 'Неизвестное поле');
  return {
    ids: idList(get('ids'), 'ids'),
    configItemIds: idList(get('configitemids'), 'configItemIds'),
    dateStart: dateCondition(get('datestart'), 'dateStart'),
    dateEnd: dateCondition(get('dateend'), 'dateEnd'),
  };
}
