/**
 * The РКИ envelope: `success, message, [total], status, data, [errors]` in that order (rki.md, Routes).
 * `total` only on a successful list; every failure has `data: null` and `errors` ({field: [..]} on 400,
 * `[]` otherwise, as the spec's 409 shows).
 */
import { RKI_ERRORS, type RkiError } from './errors.js';

export interface OkEnvelope<T> {
  readonly success: true;
  readonly message: string;
  readonly status: 200;
  readonly data: T;
}

export interface ListEnvelope<T> {
  readonly success: true;
  readonly message: '';
  readonly total: number;
  readonly status: 200;
  readonly data: T[];
}

export interface FailureEnvelope {
  readonly success: false;
  readonly message: string;
  readonly status: number;
  readonly data: null;
  readonly errors: Readonly<Record<string, readonly string[]>> | readonly [];
}

export function okEnvelope<T>(data: T, message = ''): OkEnvelope<T> {
  return { success: true, message, status: 200, data };
}

export function listEnvelope<T>(total: number, data: T[]): ListEnvelope<T> {
  return { success: true, message: '', total, status: 200, data };
}

export function failureEnvelope(err: RkiError): FailureEnvelope {
  const { status, message } = RKI_ERRORS[err.code];
  return { success: false, message, status, data: null, errors: err.errors ?? [] };
}
