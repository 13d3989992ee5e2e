import { describe, expect, it } from 'vitest';
import { testConfig } from '../../../../test/harness.js';
import { serializeSco } from '../../json.js';
import { countPlain, countSplit, type DaySettings, parseMetrics, recordMetrics } from './counts.js';
import { parseDatetime } from './local-datetime.js';

const S: DaySettings = {
  timeZone: 'Europe/Paris',
  dayStart: 8 * 60,
  pivot: 13 * 60,
  dayEnd: 18 * 60,
  hoursPerDay: 8,
  nonWorkingDays: [6, 0],
};
const t = (s: string) => parseDatetime(s, S.timeZone)!.ms;
const rec = (etudid: number, d: string, f: string, etat = 2, est_just = false) => ({
  etudid,
  date_debut: t(d),
  date_fin: t(f),
  etat,
  est_just,
});
/** Epoch day of Monday 2026-11-23. */
const D = Date.UTC(2026, 10, 23) / 86_400_000;
const json = (o: unknown) => JSON.parse(serializeSco(o));

describe('attendance counts (scodoc-assiduites.md §3, AS10, AS14, AS15)', () => {
  it('one morning record: 1 record, 1 day, 1 half-day, its hours', () => {
    // Monday 2026-11-23 08:00–10:00: morning only; 2 h.
    expect(json(countPlain([rec(1, '2026-11-23T08:00', '2026-11-23T10:00')], S, parseMetrics(undefined)))).toEqual({
      compte: 1,
      journee: 1,
      demi: 1,
      heure: 2,
    });
    // heure is a Python float: "2.0" on the wire (D10).
    expect(serializeSco(countPlain([rec(1, '2026-11-23T08:00', '2026-11-23T10:00')], S, ['heure']))).toBe(
      '{"heure":2.0}',
    );
  });

  it('half-days: ]start, pivot[ and ]pivot, end[; touching the pivot does not count', () => {
    // 11:00–14:00 overlaps both halves: 2 half-days, 3 h.
    expect(recordMetrics(t('2026-11-23T11:00'), t('2026-11-23T14:00'), S)).toMatchObject({
      halves: [D * 2, D * 2 + 1],
      heure: 3,
    });
    // 10:00–13:00 ends at the pivot: morning only.
    expect(recordMetrics(t('2026-11-23T10:00'), t('2026-11-23T13:00'), S)!.halves).toHaveLength(1);
    // 13:00–15:00 starts at the pivot: afternoon only.
    expect(recordMetrics(t('2026-11-23T13:00'), t('2026-11-23T15:00'), S)!.halves).toEqual([D * 2 + 1]);
    // 06:00–07:30 is before the day: a day, no half-day.
    expect(recordMetrics(t('2026-11-23T06:00'), t('2026-11-23T07:30'), S)).toMatchObject({
      days: [D],
      halves: [],
      heure: 1.5,
    });
  });

  it('days and half-days are counted once per student; a formsemestre count sums students (AS15)', () => {
    const rows = [
      rec(1, '2026-11-23T08:00', '2026-11-23T09:00'),
      rec(1, '2026-11-23T10:00', '2026-11-23T11:00'), // same half-day
      rec(1, '2026-11-23T14:00', '2026-11-23T15:00'), // afternoon
      rec(2, '2026-11-23T08:00', '2026-11-23T09:00'), // another student, same slot
    ];
    // compte 4; journee: student 1 one day + student 2 one day = 2; demi: 2 + 1 = 3; heure 4 × 1 h.
    expect(json(countPlain(rows, S, parseMetrics(undefined)))).toEqual({ compte: 4, journee: 2, demi: 3, heure: 4 });
  });

  it('multi-day record: partial first and last days + 8 h per whole working day, weekend skipped', () => {
    // Thursday 2026-11-19 16:00 → Tuesday 2026-11-24 10:00:
    // Thu 16–18 = 2 h; Fri whole = 8 h; Sat, Sun skipped; Mon whole = 8 h; Tue 08–10 = 2 h → 20 h.
    // days Thu, Fri, Mon, Tue = 4; halves: Thu pm, Fri am+pm, Mon am+pm, Tue am = 6.
    expect(json(countPlain([rec(1, '2026-11-19T16:00', '2026-11-24T10:00')], S, parseMetrics(undefined)))).toEqual({
      compte: 1,
      journee: 4,
      demi: 6,
      heure: 20,
    });
  });

  it('a record starting on a non-working day counts for nothing', () => {
    expect(json(countPlain([rec(1, '2026-11-21T08:00', '2026-11-21T10:00')], S, ['compte', 'demi']))).toEqual({
      compte: 0,
      demi: 0,
    });
  });

  it('across the October change: Friday 16:00 → Monday 10:00 is 2 + 2 h, 2 days, 2 half-days', () => {
    expect(json(countPlain([rec(1, '2026-10-23T16:00', '2026-10-26T10:00')], S, parseMetrics(undefined)))).toEqual({
      compte: 1,
      journee: 2,
      demi: 2,
      heure: 4,
    });
  });

  it('metric= comma list, unknown names ignored, none valid → all four', () => {
    expect(parseMetrics('demi')).toEqual(['demi']);
    expect(parseMetrics('heure,DEMI,nope')).toEqual(['demi', 'heure']);
    expect(parseMetrics('nope')).toEqual(['compte', 'journee', 'demi', 'heure']);
  });

  it('split: absent/retard with justifie and non_justifie, present, total; all four metrics everywhere (AS14)', () => {
    const rows = [
      rec(1, '2026-11-23T08:00', '2026-11-23T10:00', 2, true),
      rec(1, '2026-11-23T14:00', '2026-11-23T16:00', 2, false),
      rec(1, '2026-11-24T08:00', '2026-11-24T08:15', 1, false),
      rec(1, '2026-11-24T10:00', '2026-11-24T12:00', 0, false),
    ];
    const out = json(countSplit(rows, S, null));
    expect(Object.keys(out)).toEqual(['absent', 'retard', 'present', 'total']);
    expect(out.absent).toEqual({
      compte: 2,
      journee: 1,
      demi: 2,
      heure: 4,
      justifie: { compte: 1, journee: 1, demi: 1, heure: 2 },
      non_justifie: { compte: 1, journee: 1, demi: 1, heure: 2 },
    });
    expect(out.retard).toMatchObject({ compte: 1, journee: 1, demi: 1, heure: 0.25, non_justifie: { heure: 0.25 } });
    expect(out.present).toEqual({ compte: 1, journee: 1, demi: 1, heure: 2 });
    expect(out.total).toEqual({ compte: 4, journee: 2, demi: 3, heure: 6.25 });
    // etat= limits the state keys.
    expect(Object.keys(countSplit(rows, S, new Set([2])))).toEqual(['absent', 'total']);
  });

  it('day settings are site-wide and configurable (AS10), validated at start', () => {
    const c = testConfig({
      SCODOC_ASSI_PIVOT: '12:30',
      SCODOC_ASSI_NON_WORKING_DAYS: 'sun',
      SCODOC_ASSI_HOURS_PER_DAY: '7',
    });
    expect(c.scodoc.assiduites).toMatchObject({
      dayStart: 480,
      pivot: 750,
      dayEnd: 1080,
      hoursPerDay: 7,
      nonWorkingDays: [0],
    });
    expect(testConfig().scodoc.assiduites).toMatchObject({ pivot: 780, nonWorkingDays: [6, 0], forceModule: false });
    expect(testConfig({ SCODOC_ASSI_NON_WORKING_DAYS: 'none' }).scodoc.assiduites.nonWorkingDays).toEqual([]);
    expect(() => testConfig({ SCODOC_ASSI_PIVOT: '19:00' })).toThrow(/SCODOC_ASSI_PIVOT/);
    expect(() => testConfig({ SCODOC_ASSI_DAY_START: '8h' })).toThrow(/HH:MM/);
    expect(() => testConfig({ SCODOC_ASSI_NON_WORKING_DAYS: 'samedi' })).toThrow(/weekdays/);
    // A Saturday counts once Saturdays are worked.
    const sat = { ...S, nonWorkingDays: [0] };
    expect(json(countPlain([rec(1, '2026-11-21T08:00', '2026-11-21T10:00')], sat, ['compte', 'demi']))).toEqual({
      compte: 1,
      demi: 1,
    });
  });
});
