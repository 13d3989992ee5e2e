import { describe, expect, it } from 'vitest';
import { formatLocal, instantOfLocal, localParts, parseDatetime } from './local-datetime.js';

const P = 'Europe/Paris';
const utc = (s: string) => Date.parse(s);

describe('attendance datetimes (scodoc-assiduites.md AS1, AS2)', () => {
  it('reads every AS2 form: naive with or without seconds, fraction, Z, ±HH:MM, ±HHMM, space, date only', () => {
    // 2026-11-23: winter time, Paris = UTC+1.
    const cases: [string, string][] = [
      ['2026-11-23T08:00', '2026-11-23T07:00:00Z'],
      ['2026-11-23T08:00:00', '2026-11-23T07:00:00Z'],
      ['2026-11-23 08:00:00', '2026-11-23T07:00:00Z'],
      ['2026-11-23T08:00:00.250', '2026-11-23T07:00:00.250Z'],
      ['2026-11-23T08:00:00.123456', '2026-11-23T07:00:00.123Z'],
      ['2026-11-23T08:00:00Z', '2026-11-23T08:00:00Z'],
      ['2026-11-23T08:00Z', '2026-11-23T08:00:00Z'],
      ['2026-11-23T08:00:00+02:00', '2026-11-23T06:00:00Z'],
      ['2026-11-23T08:00:00+0100', '2026-11-23T07:00:00Z'],
      ['2026-11-23T08:00:00-05:30', '2026-11-23T13:30:00Z'],
      ['2026-11-23', '2026-11-22T23:00:00Z'],
    ];
    for (const [input, expected] of cases) expect(parseDatetime(input, P)?.ms, input).toBe(utc(expected));
    expect(parseDatetime('2026-11-23', P)?.dateOnly).toBe(true);
    expect(parseDatetime('2026-11-23T00:00', P)?.dateOnly).toBe(false);
  });

  it('refuses malformed values and impossible dates', () => {
    for (const bad of [
      '',
      '23/11/2026',
      '2026-11-23T8:00',
      '2026-02-30T08:00',
      '2026-13-01',
      '2026-11-23T24:00',
      '2026-11-23T08:60',
      '2026-11-23T08:00+25:00',
      '2026-11-23T08:00:00 +01:00',
      'now',
    ]) {
      expect(parseDatetime(bad, P), bad).toBeNull();
    }
    expect(parseDatetime(1700000000000, P)).toBeNull();
    expect(parseDatetime(null, P)).toBeNull();
  });

  it('March change (2026-03-29): a gap time moves forward by the gap; outputs switch +01:00 → +02:00', () => {
    // 02:30 does not exist in Paris that night: read as 03:30 CEST = 01:30Z.
    expect(parseDatetime('2026-03-29T02:30', P)?.ms).toBe(utc('2026-03-29T01:30:00Z'));
    expect(formatLocal(utc('2026-03-29T01:30:00Z'), P)).toBe('2026-03-29T03:30:00+02:00');
    expect(parseDatetime('2026-03-27T08:00', P)?.ms).toBe(utc('2026-03-27T07:00:00Z'));
    expect(parseDatetime('2026-03-30T08:00', P)?.ms).toBe(utc('2026-03-30T06:00:00Z'));
    expect(formatLocal(utc('2026-03-27T07:00:00Z'), P)).toBe('2026-03-27T08:00:00+01:00');
    expect(formatLocal(utc('2026-03-30T06:00:00Z'), P)).toBe('2026-03-30T08:00:00+02:00');
    // Around the instant of the change.
    expect(formatLocal(utc('2026-03-29T00:59:59Z'), P)).toBe('2026-03-29T01:59:59+01:00');
    expect(formatLocal(utc('2026-03-29T01:00:00Z'), P)).toBe('2026-03-29T03:00:00+02:00');
  });

  it('October change (2026-10-25): an ambiguous time takes the earlier instant; outputs switch +02:00 → +01:00', () => {
    // 02:30 happens twice: 00:30Z (CEST) and 01:30Z (CET); the earlier wins.
    expect(parseDatetime('2026-10-25T02:30', P)?.ms).toBe(utc('2026-10-25T00:30:00Z'));
    expect(formatLocal(utc('2026-10-25T00:30:00Z'), P)).toBe('2026-10-25T02:30:00+02:00');
    expect(formatLocal(utc('2026-10-25T01:30:00Z'), P)).toBe('2026-10-25T02:30:00+01:00');
    expect(parseDatetime('2026-10-23T08:00', P)?.ms).toBe(utc('2026-10-23T06:00:00Z'));
    expect(parseDatetime('2026-10-26T08:00', P)?.ms).toBe(utc('2026-10-26T07:00:00Z'));
    expect(formatLocal(utc('2026-10-26T07:00:00Z'), P)).toBe('2026-10-26T08:00:00+01:00');
  });

  it('formats in any zone, fractions dropped; round-trips its own output', () => {
    expect(formatLocal(utc('2026-11-23T07:00:00.999Z'), P)).toBe('2026-11-23T08:00:00+01:00');
    expect(formatLocal(utc('2026-07-01T12:00:00Z'), 'America/New_York')).toBe('2026-07-01T08:00:00-04:00');
    expect(formatLocal(utc('2026-07-01T12:00:00Z'), 'Asia/Kolkata')).toBe('2026-07-01T17:30:00+05:30');
    expect(formatLocal(utc('2026-07-01T12:00:00Z'), 'UTC')).toBe('2026-07-01T12:00:00+00:00');
    for (let t = utc('2026-03-28T00:00:00Z'); t < utc('2026-03-31T00:00:00Z'); t += 37 * 60_000) {
      expect(parseDatetime(formatLocal(t, P), P)?.ms).toBe(Math.floor(t / 1000) * 1000);
    }
  });

  it('local parts: day, minutes, weekday across the changes', () => {
    const p = localParts(utc('2026-10-26T07:00:00Z'), P);
    expect(p.minutes).toBe(8 * 60);
    expect(p.weekday).toBe(1);
    expect(new Date(p.day * 86_400_000).toISOString().slice(0, 10)).toBe('2026-10-26');
    expect(instantOfLocal(Date.UTC(2026, 9, 26, 8), P)).toBe(utc('2026-10-26T07:00:00Z'));
  });
});
