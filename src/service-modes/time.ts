/**
 * Dates on the wire (service-modes.md, Campus decisions: time zone, input dates): input RFC 3339 with `Z`
 * or `±HH:MM`, fractions truncated to whole seconds; output `YYYY-MM-DDTHH:mm:ss±HH:MM` in SM_TIME_ZONE,
 * offset per instant. Instants are UTC epoch milliseconds.
 */

/** The time source of a plugin instance; tests pin and move it to reach every state without sleeping. */
export type Clock = () => number;

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** Epoch ms (whole seconds) of an RFC 3339 date with an offset; undefined when malformed or offset-less. */
export function parseInstant(text: string): number | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number);
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
  const local = Date.UTC(y, mo - 1, d, h, mi, s);
  if (new Date(local).getUTCDate() !== d) return undefined;
  let offset = 0;
  if (!m[7]) {
    const oh = Number(m[9]);
    const om = Number(m[10]);
    if (oh > 23 || om > 59) return undefined;
    offset = (m[8] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  return local - offset * 60_000;
}

export interface DateFormatter {
  format(ms: number): string;
}

/** A formatter for one IANA zone. Offsets are memoised per quarter hour (zone rules change on those). */
export function dateFormatter(timeZone: string): DateFormatter {
  const dtf = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const offsets = new Map<number, number>();
  const offsetOf = (ms: number): number => {
    const bucket = Math.floor(ms / 900_000);
    let off = offsets.get(bucket);
    if (off === undefined) {
      const p: Record<string, number> = {};
      for (const part of dtf.formatToParts(bucket * 900_000)) if (part.type !== 'literal') p[part.type] = +part.value;
      const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
      off = Math.round((asUtc - bucket * 900_000) / 60_000);
      if (offsets.size > 10_000) offsets.clear();
      offsets.set(bucket, off);
    }
    return off;
  };
  return {
    format(ms) {
      const off = offsetOf(ms);
      const iso = new Date(Math.floor(ms / 1000) * 1000 + off * 60_000).toISOString();
      const a = Math.abs(off);
      const hh = String(Math.floor(a / 60)).padStart(2, '0');
      const mm = String(a % 60).padStart(2, '0');
      return `${iso.slice(0, 19)}${off < 0 ? '-' : '+'}${hh}:${mm}`;
    },
  };
}
