/**
 * Readers on the wire, under the original's names and in the spec's key orders (rki.md, "Key orders"):
 * dates as dd.mm.yyyy, `blockedafter` as int 0 when unset, `blocked` 1 when the flag is set or the
 * subscription ended before today (in the РКИ time zone).
 */
import { toDdMmYyyy } from '../../dates.js';
import type { ReaderListRow, ReaderRow } from '../../tables.js';

export function isBlocked(r: Pick<ReaderRow, 'blocked' | 'blocked_after'>, today: string): 0 | 1 {
  return Number(r.blocked) === 1 || (r.blocked_after !== null && r.blocked_after < today) ? 1 : 0;
}

function blockedafter(r: Pick<ReaderRow, 'blocked_after'>): string | 0 {
  return r.blocked_after === null ? 0 : toDdMmYyyy(r.blocked_after);
}

export function presentRow(r: ReaderListRow, today: string) {
  return {
    id: Number(r.id),
    username: r.username,
    fullname: r.fullname,
    email: r.email,
    blocked: isBlocked(r, today),
    user_type: Number(r.user_type),
    registration_date: toDdMmYyyy(r.registered_on),
    blockedafter: blockedafter(r),
  };
}

export function presentDetail(r: ReaderRow, today: string) {
  return {
    id: Number(r.id),
    username: r.username,
    fullname: r.fullname,
    email: r.email,
    blocked: isBlocked(r, today),
    user_type: Number(r.user_type),
    class: Number(r.class_no),
    specialty: r.specialty,
    group: r.group_name,
    facultet: r.facultet,
    department: r.department,
    registration_date: toDdMmYyyy(r.registered_on),
    blockedafter: blockedafter(r),
  };
}

/** The add response (the spec's own order: email before fullname, no dates but `blockedafter`). */
export function presentAdded(r: ReaderRow, today: string) {
  return {
    id: Number(r.id),
    username: r.username,
    email: r.email,
    fullname: r.fullname,
    blocked: isBlocked(r, today),
    blockedafter: blockedafter(r),
    user_type: Number(r.user_type),
  };
}
