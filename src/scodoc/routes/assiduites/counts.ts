/**
 * Attendance counts (scodoc-assiduites.md §3, AS10, AS14, AS15): `compte`, `journee`, `demi`, `heure`, plain
 * or split by state and justification. Pure functions over records; days and half-days are counted once per
 * student and bucket, and a formsemestre count sums its students.
 */
import { float, type PyFloat } from '../../json.js';
import { instantOfLocalDay, localParts } from './local-datetime.js';

export interface DaySettings {
  readonly timeZone: string;
  /** Minutes after local midnight. */
  readonly dayStart: number;
  readonly pivot: number;
  readonly dayEnd: number;
  readonly hoursPerDay: number;
  /** 0 = Sunday … 6 = Saturday. */
  readonly nonWorkingDays: readonly number[];
}

export interface CountRecord {
  readonly etudid: number;
  readonly date_debut: number;
  readonly date_fin: number;
  /** 0 PRESENT, 1 RETARD, 2 ABSENT */
  readonly etat: number;
  readonly est_just: boolean | number;
}

export const METRICS = ['compte', 'journee', 'demi', 'heure'] as const;
export type Metric = (typeof METRICS)[number];

/** One bucket being counted: distinct (student, day) and (student, half-day) keys, summed hours. */
class Bucket {
  compte = 0;
  heure = 0;
  readonly days = new Set<number>();
  readonly halves = new Set<number>();

  add(etudid: number, m: RecordMetrics) {
    this.compte++;
    this.heure += m.heure;
    // Keys unique per student: etudid × 2^17 days (~358 years) × 2 halves.
    for (const d of m.days) this.days.add(etudid * 131_072 + d);
    for (const h of m.halves) this.halves.add(etudid * 262_144 + h);
  }

  out(metrics: readonly Metric[] = METRICS): Record<string, number | PyFloat | null> {
    const all: Record<Metric, number | PyFloat | null> = {
      compte: this.compte,
      journee: this.days.size,
      demi: this.halves.size,
      // AS10: a float with 2 decimals, written with a decimal point (D10).
      heure: float(Math.round(this.heure * 100) / 100),
    };
    const o: Record<string, number | PyFloat | null> = {};
    for (const k of metrics) o[k] = all[k];
    return o;
  }
}

interface RecordMetrics {
  readonly days: number[];
  /** day × 2 (+1 for the afternoon). */
  readonly halves: number[];
  readonly heure: number;
}

/**
 * The working days, half-days and hours of one record. Records starting on a non-working day count for
 * nothing (§3); a multi-day record adds each working day it touches, partial first and last days, and
 * `hoursPerDay` per whole working day between.
 */
export function recordMetrics(
  debut: number,
  fin: number,
  s: DaySettings,
  memo?: Map<number, number[]>,
): RecordMetrics | null {
  const start = localParts(debut, s.timeZone);
  if (s.nonWorkingDays.includes(start.weekday)) return null;
  // The last instant inside the record decides its last day (a record ending at midnight stays on its day).
  const last = localParts(fin - 1, s.timeZone).day;
  const days: number[] = [];
  const halves: number[] = [];
  let heure = 0;
  for (let day = start.day; day <= last; day++) {
    if (s.nonWorkingDays.includes((day + 4) % 7)) continue;
    const [t0, tp, t1] = bounds(day, s, memo);
    days.push(day);
    // "matin" if the record overlaps ]start, pivot[, "après-midi" if it overlaps ]pivot, end[ (§3).
    if (debut < tp && fin > t0) halves.push(day * 2);
    if (debut < t1 && fin > tp) halves.push(day * 2 + 1);
    if (day === start.day && day === last) heure += (fin - debut) / 3_600_000;
    else if (day === start.day) heure += Math.max(0, t1 - debut) / 3_600_000;
    else if (day === last) heure += Math.max(0, fin - t0) / 3_600_000;
    else heure += s.hoursPerDay;
  }
  return { days, halves, heure };
}

function bounds(day: number, s: DaySettings, memo?: Map<number, number[]>): number[] {
  const hit = memo?.get(day);
  if (hit) return hit;
  const b = [
    instantOfLocalDay(day, s.dayStart, s.timeZone),
    instantOfLocalDay(day, s.pivot, s.timeZone),
    instantOfLocalDay(day, s.dayEnd, s.timeZone),
  ];
  memo?.set(day, b);
  return b;
}

/** `metric=` comma list: unknown names ignored, none valid → all four (§3). */
export function parseMetrics(v: string | undefined): Metric[] {
  if (v === undefined) return [...METRICS];
  const wanted = v.split(',').map((x) => x.trim().toLowerCase());
  const out = METRICS.filter((m) => wanted.includes(m));
  return out.length ? out : [...METRICS];
}

const STATE_KEYS = ['present', 'retard', 'absent'] as const;

/** Plain count: the four metrics (or those asked) over every record given. */
export function countPlain(records: readonly CountRecord[], s: DaySettings, metrics: readonly Metric[]) {
  const b = new Bucket();
  const memo = new Map<number, number[]>();
  for (const r of records) {
    const m = recordMetrics(Number(r.date_debut), Number(r.date_fin), s, memo);
    if (m) b.add(Number(r.etudid), m);
  }
  return b.out(metrics);
}

/**
 * Split count (§3, AS14): `absent` and `retard` with `justifie`/`non_justifie`, `present`, `total`; all four
 * metrics in every bucket. `etats` (from `etat=`) limits the state keys.
 */
export function countSplit(records: readonly CountRecord[], s: DaySettings, etats: ReadonlySet<number> | null) {
  const memo = new Map<number, number[]>();
  const states = [new Bucket(), new Bucket(), new Bucket()];
  const just = [new Bucket(), new Bucket(), new Bucket()];
  const nonJust = [new Bucket(), new Bucket(), new Bucket()];
  const total = new Bucket();
  for (const r of records) {
    const m = recordMetrics(Number(r.date_debut), Number(r.date_fin), s, memo);
    if (!m) continue;
    const e = Number(r.etat);
    const id = Number(r.etudid);
    states[e].add(id, m);
    (r.est_just ? just : nonJust)[e].add(id, m);
    total.add(id, m);
  }
  const out: Record<string, unknown> = {};
  // Key order as the note writes it: absent, retard, present, total.
  for (const e of [2, 1, 0]) {
    if (etats && !etats.has(e)) continue;
    const key = STATE_KEYS[e];
    out[key] =
      e === 0 ? states[e].out() : { ...states[e].out(), justifie: just[e].out(), non_justifie: nonJust[e].out() };
  }
  out.total = total.out();
  return out;
}
