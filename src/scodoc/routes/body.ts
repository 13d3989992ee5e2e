/** Reading JSON bodies field by field, with ScoDoc's 400 `"<route>: <reason>"` (scodoc.md D15). */
import { badBody } from '../errors.js';
import { flag } from './lookup.js';

export type Obj = Record<string, unknown>;

export class BodyReader {
  constructor(
    readonly route: string,
    readonly body: Obj,
  ) {}

  static of(route: string, body: unknown, required = true): BodyReader {
    if (body === undefined || body === null) {
      if (required) throw badBody(route, 'missing body');
      return new BodyReader(route, {});
    }
    if (typeof body !== 'object' || Array.isArray(body)) throw badBody(route, 'body must be a JSON object');
    return new BodyReader(route, body as Obj);
  }

  has(k: string): boolean {
    return this.body[k] !== undefined;
  }

  fail(reason: string): never {
    throw badBody(this.route, reason);
  }

  str(k: string, opts: { required?: boolean; nullable?: boolean; max?: number } = {}): string | null | undefined {
    const v = this.body[k];
    if (v === undefined) {
      if (opts.required) this.fail(`${k} is required`);
      return undefined;
    }
    if (v === null) {
      if (opts.required || opts.nullable === false) this.fail(`invalid ${k}`);
      return null;
    }
    if (typeof v !== 'string' && typeof v !== 'number') this.fail(`invalid ${k}`);
    const s = String(v).trim();
    if (opts.required && s === '') this.fail(`${k} is required`);
    if (s.length > (opts.max ?? 1000)) this.fail(`${k} too long`);
    return s;
  }

  reqStr(k: string, max?: number): string {
    return this.str(k, { required: true, max }) as string;
  }

  bool(k: string): boolean | undefined {
    const v = this.body[k];
    if (v === undefined) return undefined;
    const b = flag(v);
    if (b === undefined) this.fail(`invalid ${k}`);
    return b;
  }

  int(k: string, opts: { required?: boolean; min?: number; max?: number } = {}): number | undefined {
    const v = this.body[k];
    if (v === undefined || v === null || v === '') {
      if (opts.required) this.fail(`${k} is required`);
      return undefined;
    }
    const n = Number(v);
    if (!Number.isInteger(n) || (opts.min !== undefined && n < opts.min) || (opts.max !== undefined && n > opts.max)) {
      this.fail(`invalid ${k}`);
    }
    return n;
  }

  num(k: string): number | null | undefined {
    const v = this.body[k];
    if (v === undefined) return undefined;
    if (v === null || v === '') return null;
    const n = Number(v);
    if (!Number.isFinite(n)) this.fail(`invalid ${k}`);
    return n;
  }

  intList(k: string): number[] | undefined {
    const v = this.body[k];
    if (v === undefined) return undefined;
    return intArray(this.route, v, k);
  }
}

export function intArray(route: string, v: unknown, what = 'body'): number[] {
  if (!Array.isArray(v) || v.some((x) => !Number.isInteger(Number(x)) || x === null || x === '')) {
    throw badBody(route, `${what} must be a list of ids`);
  }
  return v.map(Number);
}
