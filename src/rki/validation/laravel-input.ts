/**
 * Request parameters as a Laravel controller sees them, before validation: query and body merged (body
 * keys win), PHP's bracket keys (`email[]=a`, `email[x]=a`) folded into arrays as PHP's parser does, strings
 * trimmed except passwords (TrimStrings), and `""` turned into null (ConvertEmptyStringsToNull).
 * Repeated plain keys arrive as arrays from the query-string parser and stay arrays, so they fail `string`.
 */

/** PHP `trim()`'s default characters; Laravel ≤ 9's TrimStrings calls `trim()`. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: PHP's trim() set includes NUL and vertical tab.
const PHP_TRIM = /^[ \t\n\r\0\x0B]+|[ \t\n\r\0\x0B]+$/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: as above.
const PHP_TRIMMABLE = /^[ \t\n\r\0\x0B]|[ \t\n\r\0\x0B]$/;
const NOT_TRIMMED = new Set(['password', 'password_confirmation', 'current_password']);

export type LaravelInput = Readonly<Record<string, unknown>>;

function clean(value: unknown, trim: boolean): unknown {
  if (typeof value === 'string') {
    const v = trim && PHP_TRIMMABLE.test(value) ? value.replace(PHP_TRIM, '') : value;
    return v === '' ? null : v;
  }
  if (Array.isArray(value)) return value.map((v) => clean(v, trim));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = clean(v, trim);
    return out;
  }
  return value;
}

function fold(target: Record<string, unknown>, source: unknown): void {
  if (source === null || typeof source !== 'object' || Array.isArray(source)) return;
  for (const rawKey in source) {
    if (!Object.hasOwn(source, rawKey)) continue;
    const value = (source as Record<string, unknown>)[rawKey];
    const b = rawKey.indexOf('[');
    if (b > 0) {
      // `email[]` / `email[0]`: PHP makes `email` an array.
      const key = rawKey.slice(0, b);
      const prev = target[key];
      const items = Array.isArray(value) ? value : [value];
      target[key] = Array.isArray(prev) ? [...prev, ...items] : items;
    } else {
      target[rawKey] = value;
    }
  }
}

export function laravelInput(query: unknown, body?: unknown): LaravelInput {
  const merged: Record<string, unknown> = Object.create(null);
  fold(merged, query);
  fold(merged, body);
  for (const k in merged) merged[k] = clean(merged[k], !NOT_TRIMMED.has(k));
  return merged;
}
