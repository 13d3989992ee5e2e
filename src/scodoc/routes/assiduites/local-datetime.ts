/**
 * Attendance datetimes (scodoc-assiduites.md AS1–AS2): UTC instants (epoch ms) in the database, written in
 * the configured zone as `YYYY-MM-DDTHH:MM:SS±HH:MM`, read in every AS2 form. Offsets come from Intl once per
 * 15-minute slot and zone (every zone changes offset on a quarter hour), so formatting thousands of records
 * costs arithmetic, not one Intl call each. The memo only caches a pure function: two instances agree.
 */

const SLOT = 15 * 60_000;
const MEMO_MAX = 50_000;
const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, Map<number, number>>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Offset of `timeZone` from UTC at instant `ms`, in minutes (east positive). */
export function offsetMinutes(ms: number, timeZone: string): number {
  let memo = offsets.get(timeZone);
  if (!memo) {
    memo = new Map();
    offsets.set(timeZone, memo);
  }
  const slot = Math.floor(ms / SLOT);
  const hit = memo.get(slot);
  if (hit !== undefined) return hit;
  const at = slot * SLOT;
  const p: Record<string, string> = {};
  for (const x of formatter(timeZone).formatToParts(new Date(at))) p[x.type] = x.value;
  const local = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
  const off = Math.round((local - at) / 60_000);
  if (memo.size >= MEMO_MAX) memo.clear();
  memo.set(slot, off);
  return off;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** `2026-03-30T08:00:00+02:00`: local wall-clock time and its offset (AS1, compat §3.7). */
export function formatLocal(ms: number, timeZone: string): string {
  const t = Math.floor(Number(ms) / 1000) * 1000;
  const off = offsetMinutes(t, timeZone);
  const d = new Date(t + off * 60_000);
  const a = Math.abs(off);
  return (
    `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}` +
    `T${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}` +
    `${off < 0 ? '-' : '+'}${pad2(Math.floor(a / 60))}:${pad2(a % 60)}`
  );
}

/** Local calendar fields of an instant: `{ day: epoch days of the local date, minutes: since local midnight, weekday }`. */
export function localParts(ms: number, timeZone: string): { day: number; minutes: number; weekday: number } {
  const local = Number(ms) + offsetMinutes(Number(ms), timeZone) * 60_000;
  const day = Math.floor(local / 86_400_000);
  return { day, minutes: Math.floor((local - day * 86_400_000) / 60_000), weekday: (day + 4) % 7 };
}

/**
 * The instant of a local wall-clock time given as a naive UTC-encoded value (`Date.UTC(y, m, d, h, mi, s)`).
 * AS2: a time inside a spring-forward gap moves forward by the gap (read with the offset before the change);
 * an ambiguous autumn time takes the earlier instant.
 */
export function instantOfLocal(naive: number, timeZone: string): number {
  const before = offsetMinutes(naive - 14 * 3_600_000, timeZone);
  const after = offsetMinutes(naive + 14 * 3_600_000, timeZone);
  let best: number | undefined;
  for (const o of before === after ? [before] : [before, after]) {
    const t = naive - o * 60_000;
    if (offsetMinutes(t, timeZone) === o && (best === undefined || t < best)) best = t;
  }
  return best ?? naive - before * 60_000;
}

/** The instant of local date `day` (epoch days) at `minutes` after midnight. */
export function instantOfLocalDay(day: number, minutes: number, timeZone: string): number {
  return instantOfLocal(day * 86_400_000 + minutes * 60_000, timeZone);
}

const INPUT = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export interface ParsedDatetime {
  readonly ms: number;
  /** Date only (`YYYY-MM-DD`): a query `date_fin` then means the end of that day (AS2). */
  readonly dateOnly: boolean;
}

/**
 * AS2 input forms: `YYYY-MM-DD[T| ]HH:MM[:SS[.fff…]]` with optional `Z`, `±HH:MM`, `±HHMM`, or `YYYY-MM-DD`.
 * Naive values are local time in `timeZone`. null when malformed or not a real calendar date/time.
 */
export function parseDatetime(input: unknown, timeZone: string): ParsedDatetime | null {
  if (typeof input !== 'string') return null;
  const m = INPUT.exec(input.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const h = m[4] === undefined ? 0 : Number(m[4]);
  const mi = m[5] === undefined ? 0 : Number(m[5]);
  const s = m[6] === undefined ? 0 : Number(m[6]);
  const frac = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  const naive = Date.UTC(y, mo - 1, d, h, mi, s, frac);
  const check = new Date(naive);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  const zone = m[8];
  if (zone === undefined) return { ms: instantOfLocal(naive, timeZone), dateOnly: m[4] === undefined };
  if (zone === 'Z') return { ms: naive, dateOnly: false };
  const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
  if (Number(z[2]) > 23 || Number(z[3]) > 59) return null;
  const off = (Number(z[2]) * 60 + Number(z[3])) * (z[1] === '-' ? -1 : 1);
  return { ms: naive - off * 60_000, dateOnly: false };
}

/** `yyyy-mm-dd` (a formsemestre bound) → the instant of local midnight that day. */
export function localMidnight(isoDate: string, timeZone: string): number {
  const [y, m, d] = isoDate.split('-').map(Number);
  return instantOfLocal(Date.UTC(y, m - 1, d), timeZone);
}

/** The instant of local midnight after `isoDate`: end (exclusive) of a formsemestre's last day. */
export function localDayAfter(isoDate: string, timeZone: string): number {
  const [y, m, d] = isoDate.split('-').map(Number);
  return instantOfLocal(Date.UTC(y, m - 1, d + 1), timeZone);
}
