/** Date forms of the ScoDoc API (scodoc.md §1.5, D9, D21, D22). Stored dates are ISO `yyyy-mm-dd`. */

/** `yyyy-mm-dd` → `dd/mm/yyyy`. */
export function ddmmyyyy(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** Accepts `dd/mm/yyyy` or `yyyy-mm-dd` (optionally followed by a time); a real calendar date or null. */
export function parseDate(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  let y: number;
  let m: number;
  let d: number;
  let r = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(input.trim());
  if (r) {
    d = Number(r[1]);
    m = Number(r[2]);
    y = Number(r[3]);
  } else {
    r = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(input.trim());
    if (!r) return null;
    y = Number(r[1]);
    m = Number(r[2]);
    d = Number(r[3]);
  }
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return dt.toISOString().slice(0, 10);
}

/** scodoc.md D21: the school year starts in August. */
export function anneeScolaire(isoDebut: string): number {
  const y = Number(isoDebut.slice(0, 4));
  return Number(isoDebut.slice(5, 7)) >= 8 ? y : y - 1;
}

/** Formatters are costly to build (~0.1 ms) and immutable: one per zone, built on first use. */
const FORMATTERS = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = FORMATTERS.get(timeZone);
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
    FORMATTERS.set(timeZone, f);
  }
  return f;
}

function parts(ms: number, timeZone: string) {
  const f = formatter(timeZone);
  const p: Record<string, string> = {};
  for (const x of f.formatToParts(new Date(ms))) p[x.type] = x.value;
  return p;
}

/** Today's date in the server zone (scodoc.md D22). */
export function todayIso(timeZone: string, now = Date.now()): string {
  const p = parts(now, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** ISO 8601 local time with a `+HH:MM` offset (scodoc.md D9). */
export function isoLocal(ms: number, timeZone: string): string {
  const p = parts(ms, timeZone);
  const local = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
  const off = Math.round((local - Math.floor(ms / 1000) * 1000) / 60000);
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  const hh = String(Math.floor(a / 60)).padStart(2, '0');
  const mm = String(a % 60).padStart(2, '0');
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${sign}${hh}:${mm}`;
}

/** User dates: UTC ISO with `Z`, `""` when unset (scodoc.md §1.5, D9). */
export function utcZ(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '';
  return new Date(Number(ms)).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
