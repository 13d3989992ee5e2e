/**
 * Reading a service-mode body (POST, PUT, PATCH, preview) in the check order of service-modes.md
 * (Errors, "Check order"): empty body → body shape → dateStart / dateEnd / configItems presence → per item
 * in array order (id missing, id invalid, depth invalid) → duplicates. Property names, `scope` values and
 * date operators bind case-insensitively like ASP.NET; unknown fields are refused except the output-only
 * names a GET echo brings back (Campus decisions: unknown body fields).
 */
import { badModel, SmError } from '../../errors.js';
import { parseInstant } from '../../time.js';

export type Scope = 'Ci' | 'CiAndChildren';

export interface ItemInput {
  readonly id: number;
  readonly scope: Scope;
  /** Stored depth: 0 for `Ci` (Campus decisions: depth with Ci). */
  readonly depth: number;
}

/** A field is `undefined` when absent, `null` when sent as null (PATCH: both mean unchanged). */
export interface ModeInput {
  readonly title: string | null | undefined;
  readonly dateStart: number | null | undefined;
  readonly dateEnd: number | null | undefined;
  readonly configItems: readonly ItemInput[] | null | undefined;
  readonly labels: Readonly<Record<string, string>> | null | undefined;
  readonly cancel: boolean | null | undefined;
}

export type BodyKind = 'create' | 'put' | 'patch' | 'preview';

const MAX_INT = 2_147_483_647;
const LIMITS = { title: 1000, labels: 100, labelKey: 200, labelValue: 1000, items: 1000, depth: 100 };
const MODE_FIELDS = ['title', 'datestart', 'dateend', 'configitems', 'labels', 'cancel'] as const;
const ECHOED_MODE_FIELDS = new Set(['id']);
const ITEM_FIELDS = new Set(['id', 'scope', 'depth']);
const ECHOED_ITEM_FIELDS = new Set(['state', 'datestart', 'dateend']);

/** Parses the raw body text; `undefined` when there is none. Malformed JSON → generic 400, no bodyFields. */
export function parseJsonBody(raw: string | undefined): unknown {
  if (raw === undefined || raw.trim() === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    throw new SmError('SM_ERR_BAD_MODEL');
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Object keys folded to lower case; the first spelling wins on collisions (as System.Text.Json). */
export function foldKeys(o: Record<string, unknown>): Map<string, { key: string; value: unknown }> {
  const m = new Map<string, { key: string; value: unknown }>();
  for (const [k, v] of Object.entries(o)) {
    const f = k.toLowerCase();
    if (!m.has(f)) m.set(f, { key: k, value: v });
  }
  return m;
}

const CANON: Record<string, string> = {
  title: 'title',
  datestart: 'dateStart',
  dateend: 'dateEnd',
  configitems: 'configItems',
  labels: 'labels',
  cancel: 'cancel',
};

function parseDate(v: unknown, field: string): number | null | undefined {
  if (v === undefined || v === null) return v as null | undefined;
  if (typeof v !== 'string') throw badModel(field, 'Ожидается дата в формате 2021-07-08T10:56:17+03:00');
  const ms = parseInstant(v);
  if (ms === undefined) throw badModel(field, 'Ожидается дата со смещением: 2021-07-08T10:56:17+03:00');
  return ms;
}

function parseLabels(v: unknown): Record<string, string> | null | undefined {
  if (v === undefined || v === null) return v as null | undefined;
  if (!isPlainObject(v)) throw badModel('labels', 'Ожидается объект строк');
  const entries = Object.entries(v);
  if (entries.length > LIMITS.labels) throw badModel('labels', `Не более ${LIMITS.labels} меток`);
  const out: Record<string, string> = {};
  for (const [k, val] of entries) {
    if (typeof val !== 'string') throw badModel(`labels.${k}`, 'Ожидается строка');
    if (k.length === 0 || k.length > LIMITS.labelKey) throw badModel(`labels.${k}`, 'Недопустимая длина ключа');
    if (val.length > LIMITS.labelValue) throw badModel(`labels.${k}`, 'Недопустимая длина значения');
    out[k] = val;
  }
  return out;
}

interface RawItem {
  readonly index: number;
  readonly id: unknown;
  readonly hasId: boolean;
  readonly scope: Scope;
  readonly depth: unknown;
}

function shapeItem(v: unknown, i: number): RawItem {
  const at = `configItems[${i}]`;
  if (!isPlainObject(v)) throw badModel(at, 'Ожидается объект');
  const f = foldKeys(v);
  for (const [k, { key }] of f) {
    if (!ITEM_FIELDS.has(k) && !ECHOED_ITEM_FIELDS.has(k)) throw badModel(`${at}.${key}`, 'Неизвестное поле');
  }
  const scopeRaw = f.get('scope')?.value;
  let scope: Scope = 'Ci';
  if (scopeRaw !== undefined && scopeRaw !== null) {
    const s = typeof scopeRaw === 'string' ? scopeRaw.toLowerCase() : '';
    if (s === 'ci') scope = 'Ci';
    else if (s === 'ciandchildren') scope = 'CiAndChildren';
    else throw badModel(`${at}.scope`, 'Допустимые значения: Ci, CiAndChildren');
  }
  const id = f.get('id');
  return { index: i, id: id?.value, hasId: id !== undefined && id.value !== null, scope, depth: f.get('depth')?.value };
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

/**
 * Validates a mode body and returns its normalised form. `kind` decides which fields are required:
 * create and PUT need dateStart, dateEnd, configItems; PATCH needs none but refuses `configItems: []`.
 */
export function readModeBody(body: unknown, kind: BodyKind): ModeInput {
  // Empty body: absent, null, or an object without a single non-null known field.
  if (body === undefined || body === null) throw new SmError('SM_ERR_EMPTY_BODY');
  if (!isPlainObject(body)) throw new SmError('SM_ERR_BAD_MODEL');
  const f = foldKeys(body);
  const known = (name: string) => f.get(name)?.value;
  if (kind !== 'preview' && MODE_FIELDS.every((k) => known(k) === undefined || known(k) === null)) {
    throw new SmError('SM_ERR_EMPTY_BODY');
  }

  // Body shape.
  for (const [k, { key }] of f) {
    const allowed = CANON[k] !== undefined && (k !== 'cancel' || kind === 'put' || kind === 'patch');
    if (!allowed && !ECHOED_MODE_FIELDS.has(k)) throw badModel(key, 'Неизвестное поле');
  }
  const titleRaw = known('title');
  if (titleRaw !== undefined && titleRaw !== null && typeof titleRaw !== 'string') {
    throw badModel('title', 'Ожидается строка');
  }
  if (typeof titleRaw === 'string' && titleRaw.length > LIMITS.title) {
    throw badModel('title', `Не более ${LIMITS.title} символов`);
  }
  const dateStart = parseDate(known('datestart'), 'dateStart');
  const dateEnd = parseDate(known('dateend'), 'dateEnd');
  const labels = parseLabels(known('labels'));
  const cancelRaw = known('cancel');
  if (cancelRaw !== undefined && cancelRaw !== null && typeof cancelRaw !== 'boolean') {
    throw badModel('cancel', 'Ожидается true или false');
  }
  const itemsRaw = known('configitems');
  if (itemsRaw !== undefined && itemsRaw !== null && !Array.isArray(itemsRaw)) {
    throw badModel('configItems', 'Ожидается массив');
  }
  if (Array.isArray(itemsRaw) && itemsRaw.length > LIMITS.items) {
    throw badModel('configItems', `Не более ${LIMITS.items} КЕ`);
  }
  const shaped = Array.isArray(itemsRaw) ? itemsRaw.map(shapeItem) : itemsRaw;

  // Presence.
  if (kind === 'create' || kind === 'put') {
    if (dateStart === undefined || dateStart === null) throw new SmError('SM_ERR_DATE_START_MISSING');
    if (dateEnd === undefined || dateEnd === null) throw new SmError('SM_ERR_DATE_END_MISSING');
  }
  if (kind === 'patch' || kind === 'preview' ? Array.isArray(shaped) && shaped.length === 0 : !shaped?.length) {
    throw new SmError('SM_ERR_CONFIG_ITEMS_MISSING');
  }
  if (kind === 'preview' && !shaped) throw new SmError('SM_ERR_CONFIG_ITEMS_MISSING');

  // Items, in array order.
  let items: ItemInput[] | null | undefined = shaped as null | undefined;
  if (Array.isArray(shaped)) {
    items = [];
    const seen = new Set<number>();
    for (const it of shaped) {
      if (!it.hasId) throw new SmError('SM_ERR_CI_ID_MISSING');
      if (!isInt(it.id) || it.id < 1 || it.id > MAX_INT) throw new SmError('SM_ERR_CI_ID_INVALID');
      let depth = 0;
      if (it.depth !== undefined && it.depth !== null) {
        const d = it.depth;
        const ok = isInt(d) && d <= LIMITS.depth && (d >= 0 || (d === -1 && it.scope === 'Ci'));
        if (!ok) throw new SmError('SM_ERR_DEPTH_INVALID');
        depth = it.scope === 'Ci' ? 0 : d;
      }
      items.push({ id: it.id, scope: it.scope, depth });
    }
    for (const [i, it] of items.entries()) {
      if (seen.has(it.id)) throw badModel(`configItems[${i}].id`, 'КЕ указана дважды');
      seen.add(it.id);
    }
  }
  return {
    title: titleRaw as string | null | undefined,
    dateStart,
    dateEnd,
    configItems: items,
    labels,
    cancel: cancelRaw as boolean | null | undefined,
  };
}

/** Path id of a mode: an integer 1…2147483647, else 400 (Campus decisions: ids). */
export function readModeId(raw: string): number {
  if (!/^\d{1,10}$/.test(raw)) throw new SmError('SM_ERR_MODE_ID_INVALID');
  const n = Number(raw);
  if (n < 1 || n > MAX_INT) throw new SmError('SM_ERR_MODE_ID_INVALID');
  return n;
}
