/** Pieces shared by the BUT and classic bulletins (scodoc.md §5.9–5.10, D12, D14). */
import { fmtNote, fmtStats } from '../../grades/format-note.js';
import type { Stats, StoredNote } from '../../grades/types.js';
import { float } from '../../json.js';
import type { InscritLoadRow } from '../../results/results.queries.js';
import type { BulletinContext } from './bulletin-context.js';

/** A value as the bulletin shows it: formatted string, or a raw float with `?format=raw`. */
export function val(ctx: BulletinContext, x: number) {
  return ctx.raw ? float(x) : fmtNote(x);
}

export function statsOf(ctx: BulletinContext, s: Stats) {
  if (ctx.raw) return { min: float(s.min), max: float(s.max), moy: float(s.moy) };
  return fmtStats(s);
}

/** The student's note of an évaluation on /20: "13.50", "ABS", "EXC", "ATT", "~" when none. */
export function noteOf(ctx: BulletinContext, evaluationId: number, etudid: number, noteMax: number) {
  const m = ctx.notes.get(evaluationId);
  if (!m?.has(etudid)) return ctx.raw ? float(Number.NaN) : '~';
  const v = m.get(etudid) as StoredNote;
  if (ctx.raw && v !== null && v > -1000) return float((v * 20) / noteMax);
  return fmtNote(v, noteMax);
}

/** D12 / D14 / compat §3.5: `etudiant` with `dept_acronym`, `fiche_url` and a relative `photo_url`. */
export function presentBulletinEtudiant(e: InscritLoadRow, dept: string) {
  const etudid = Number(e.etudid);
  return {
    etudid,
    code_nip: e.code_nip,
    code_ine: e.code_ine,
    nom: e.nom,
    prenom: e.prenom,
    civilite: e.civilite,
    date_naissance: e.date_naissance ?? '',
    email: e.email ?? '',
    emailperso: e.emailperso ?? '',
    photo_url: `/ScoDoc/${dept}/Scolarite/get_photo_image?etudid=${etudid}&size=small`,
    fiche_url: `/ScoDoc/${dept}/Scolarite/fiche_etud?etudid=${etudid}`,
    dept_acronym: dept,
  };
}

export const moduleUrl = (dept: string, mi: number) =>
  `/ScoDoc/${dept}/Scolarite/Notes/moduleimpl_status?moduleimpl_id=${mi}`;
export const evaluationUrl = (dept: string, id: number) =>
  `/ScoDoc/${dept}/Scolarite/Notes/evaluation_listenotes?evaluation_id=${id}`;

/** `"2021 - 2022"` from the formsemestre's start (annee_scolaire rule, D21). */
export function anneeUniversitaire(dateDebut: string): string {
  const y = Number(dateDebut.slice(0, 4));
  const m = Number(dateDebut.slice(5, 7));
  const a = m >= 8 ? y : y - 1;
  return `${a} - ${a + 1}`;
}

/** The évaluations a version lists (§5.9): all for long, `visibulletin` ones for selectedevals, none for short. */
export function listsEvaluation(ctx: BulletinContext, visibulletin: number): boolean {
  if (ctx.version === 'short' || ctx.version === 'short_mat') return false;
  if (ctx.version === 'selectedevals') return Boolean(Number(visibulletin));
  return true;
}

export function ddmmyyyyOf(iso: string | null): string {
  return iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : '';
}
