/**
 * РКИ dates: stored as `YYYY-MM-DD` (so they compare as strings), shown as `dd.mm.yyyy` (the spec's
 * `registration_date` and `blockedafter`), taken from clients in Laravel's `date_format:d.m.Y`.
 */

/**
 * Returns a function giving today's date (YYYY-MM-DD) in the time zone. Every request asks, so the answer
 * is kept for the current minute: zone offsets are whole quarter hours, so days change on a minute.
 */
export function todayIn(timeZone: string): (now?: number) => string {
  // en-CA formats as YYYY-MM-DD.
  const fmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  let minute = Number.NaN;
  let today = '';
  return (now = Date.now()) => {
    const m = Math.floor(now / 60_000);
    if (m !== minute) {
      today = fmt.format(now);
      minute = m;
    }
    return today;
  };
}

/** `2018-08-17` → `17.08.2018`. */
export function toDdMmYyyy(iso: string): string {
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Laravel's `date_format:d.m.Y`: PHP parses the value with the format and requires that formatting the
 * date back gives the same string, so only `dd.mm.yyyy` of a real calendar date passes.
 * Returns `YYYY-MM-DD`, or null.
 */
export function parseDdMmYyyy(value: string): string | null {
  const m = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(value);
  if (!m) return null;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${m[3]}-${m[2]}-${m[1]}`;
}
