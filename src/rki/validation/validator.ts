/**
 * A small Laravel-style validator (rki.md, "Mechanics"): rules written as Laravel writes them
 * (`required|string|email|max:255`), fields checked in declaration order, each field's messages in rule
 * order, nothing more for a field once `required`/`filled` failed, optional rules skipped for absent or
 * null values, sizes in code points (PHP `mb_strlen`) unless the field is an `integer`.
 * Campus: when `integer` fails, `min`/`max`/`between` are skipped.
 */
import { parseDdMmYyyy } from '../dates.js';
import type { FieldErrors } from '../errors.js';
import { codePointLength } from './code-points.js';
import { filterValidateEmail } from './filter-validate-email.js';
import { filterValidateInt } from './filter-validate-int.js';
import type { LaravelInput } from './laravel-input.js';
import { formatMessage } from './messages.js';

type Rule =
  | { readonly kind: 'required' | 'filled' | 'sometimes' | 'nullable' | 'string' | 'email' | 'integer' }
  | { readonly kind: 'max' | 'min'; readonly n: number }
  | { readonly kind: 'between'; readonly min: number; readonly max: number }
  | { readonly kind: 'date_format'; readonly format: 'd.m.Y'; readonly zeroClears: boolean };

export interface FieldRules {
  readonly field: string;
  readonly rules: readonly Rule[];
  readonly numeric: boolean;
}

export type RuleSet = readonly FieldRules[];

function parseRule(text: string): Rule {
  const [name, arg = ''] = text.split(':', 2);
  switch (name) {
    case 'required':
    case 'filled':
    case 'sometimes':
    case 'nullable':
    case 'string':
    case 'email':
    case 'integer':
      return { kind: name };
    case 'max':
    case 'min':
      return { kind: name, n: Number(arg) };
    case 'between': {
      const [min, max] = arg.split(',').map(Number);
      return { kind: 'between', min, max };
    }
    case 'date_format':
      if (arg !== 'd.m.Y') throw new Error(`unsupported date format ${arg}`);
      return { kind: 'date_format', format: 'd.m.Y', zeroClears: false };
    // Campus (rki.md, edit): `0` clears the date, anything else must match d.m.Y.
    case 'zero_or_date_format':
      return { kind: 'date_format', format: 'd.m.Y', zeroClears: true };
    default:
      throw new Error(`unknown validation rule ${name}`);
  }
}

/** `{ email: 'required|string|email|max:255', … }` in declaration order. */
export function ruleSet(spec: Readonly<Record<string, string>>): RuleSet {
  return Object.entries(spec).map(([field, text]) => {
    const rules = text.split('|').map(parseRule);
    return { field, rules, numeric: rules.some((r) => r.kind === 'integer') };
  });
}

/** Laravel's `validateRequired`. */
function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'string') return v.trim() === '';
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v).length === 0;
  return false;
}

type SizeKind = 'numeric' | 'array' | 'string';

/** Laravel's `getSize`: a number for integer fields, a count for arrays, else PHP `mb_strlen`. */
function size(v: unknown, numeric: boolean): { kind: SizeKind; n: number } {
  if (numeric) return { kind: 'numeric', n: Number(filterValidateInt(v)) };
  if (Array.isArray(v)) return { kind: 'array', n: v.length };
  if (v !== null && typeof v === 'object') return { kind: 'array', n: Object.keys(v).length };
  return { kind: 'string', n: codePointLength(typeof v === 'boolean' ? (v ? '1' : '') : String(v)) };
}

export type Validated = Readonly<Record<string, unknown>>;

export type Validation =
  | { readonly ok: true; readonly values: Validated }
  | { readonly ok: false; errors: FieldErrors };

/**
 * Runs the rule set. On success, `values` holds each present field: strings as given, integers as
 * numbers (clamped to the safe range), `d.m.Y` dates as YYYY-MM-DD (null when cleared with `0`), null
 * for empty values. Absent fields are absent.
 */
export function validate(set: RuleSet, input: LaravelInput): Validation {
  const errors: Record<string, string[]> = {};
  const values: Record<string, unknown> = {};
  let failed = false;
  for (const { field, rules, numeric } of set) {
    const present = Object.hasOwn(input, field);
    const v = present ? input[field] : undefined;
    if (!present && rules.some((r) => r.kind === 'sometimes')) continue;
    const nullable = rules.some((r) => r.kind === 'nullable');
    const msgs: string[] = [];
    let integerFailed = false;
    for (const rule of rules) {
      if (rule.kind === 'required' || rule.kind === 'filled') {
        if ((rule.kind === 'required' || present) && isEmpty(v)) {
          msgs.push(formatMessage(rule.kind, field));
          break;
        }
        continue;
      }
      if (rule.kind === 'sometimes' || rule.kind === 'nullable') continue;
      // Non-implicit rules: skipped for absent values, and for null ones when nullable.
      if (!present || v === undefined || (v === null && nullable)) continue;
      if (typeof v === 'string' && v.trim() === '') continue;
      switch (rule.kind) {
        case 'string':
          if (typeof v !== 'string') msgs.push(formatMessage('string', field));
          break;
        case 'email':
          if (typeof v !== 'string' || !filterValidateEmail(v)) msgs.push(formatMessage('email', field));
          break;
        case 'integer':
          if (filterValidateInt(v) === null) {
            integerFailed = true;
            msgs.push(formatMessage('integer', field));
          }
          break;
        case 'max':
        case 'min': {
          if (integerFailed) break;
          const s = size(v, numeric);
          if (rule.kind === 'max' ? s.n > rule.n : s.n < rule.n) {
            msgs.push(formatMessage(`${rule.kind}.${s.kind}`, field, { [rule.kind]: rule.n }));
          }
          break;
        }
        case 'between': {
          if (integerFailed) break;
          const s = size(v, numeric);
          if (s.n < rule.min || s.n > rule.max) {
            msgs.push(formatMessage(`between.${s.kind}`, field, { min: rule.min, max: rule.max }));
          }
          break;
        }
        case 'date_format': {
          const zero = rule.zeroClears && (v === '0' || v === 0);
          if (!zero && (typeof v !== 'string' || parseDdMmYyyy(v) === null)) {
            msgs.push(formatMessage('date_format', field, { format: rule.format }));
          }
          break;
        }
      }
    }
    if (msgs.length > 0) {
      errors[field] = msgs;
      failed = true;
    } else if (present) {
      values[field] = normalise(v, rules);
    }
  }
  return failed ? { ok: false, errors } : { ok: true, values };
}

function normalise(v: unknown, rules: readonly Rule[]): unknown {
  if (v === null || v === undefined) return null;
  if (rules.some((r) => r.kind === 'integer')) {
    const n = filterValidateInt(v)!;
    const max = BigInt(Number.MAX_SAFE_INTEGER);
    return Number(n > max ? max : n < -max ? -max : n);
  }
  const date = rules.find((r) => r.kind === 'date_format');
  if (date) return v === '0' || v === 0 ? null : parseDdMmYyyy(v as string);
  return v;
}
