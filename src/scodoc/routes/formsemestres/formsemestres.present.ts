import { anneeScolaire, ddmmyyyy } from '../../dates.js';
import { type DepartementRow, presentDepartement } from '../departements/departements.present.js';
import { type FormationRow, presentFormation } from '../formations/formations.present.js';

/** A formsemestre row joined with its department (`d_*`) and formation (`f_*`). */
export interface FormsemestreRow {
  readonly id: number;
  readonly dept_id: number;
  readonly formation_id: number;
  readonly semestre_id: number;
  readonly titre: string;
  readonly date_debut: string;
  readonly date_fin: string;
  readonly etat: number;
  readonly modalite: string;
  readonly gestion_semestrielle: number;
  readonly gestion_compensation: number;
  readonly block_moyennes: number;
  readonly bul_hide_xml: number;
  readonly bul_bgcolor: string;
  readonly resp_can_edit: number;
  readonly resp_can_change_ens: number;
  readonly ens_can_edit_eval: number;
  readonly elt_sem_apo: string | null;
  readonly elt_annee_apo: string | null;
  readonly etape_apo: string;
  readonly scodoc7_id: string | null;
  readonly d_acronym: string;
  readonly d_dept_name: string | null;
  readonly d_description: string | null;
  readonly d_visible: number;
  readonly d_date_creation: number;
  readonly f_acronyme: string;
  readonly f_titre: string;
  readonly f_titre_officiel: string | null;
  readonly f_version: number;
  readonly f_type_parcours: number;
  readonly f_formation_code: string;
  readonly f_code_specialite: string | null;
  readonly f_referentiel_competence_id: number | null;
}

export interface ParcoursRow {
  readonly formsemestre_id: number;
  readonly id: number;
  readonly code: string;
  readonly libelle: string;
  readonly annees: string;
}

/** Cursus names of `type_parcours` (scodoc.md §5.3), the TYPE part of `session_id`. */
export function cursusName(typeParcours: number): string {
  if (typeParcours === 700) return 'BUT';
  if (typeParcours >= 100 && typeParcours < 200) return 'DUT';
  if (typeParcours >= 200 && typeParcours < 250) return 'LP';
  if (typeParcours === 250) return 'M2';
  if (typeParcours === 300) return 'Mono';
  if (typeParcours >= 400 && typeParcours < 500) return 'Master';
  return 'FORM';
}

function ascii(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9_]/g, '');
}

/** `DEPT-TYPE-MODALITE-SPEC-ANNEE` (scodoc.md §5.4; compat §5.32). */
export function sessionId(r: FormsemestreRow): string {
  const modalite = r.modalite === 'FAP' || r.modalite === 'APP' ? 'FA' : r.modalite;
  const spec = Number(r.semestre_id) === -1 ? (r.f_code_specialite ?? '') : `S${r.semestre_id}`;
  return [
    ascii(r.d_acronym.toUpperCase()),
    ascii(cursusName(Number(r.f_type_parcours))),
    ascii(modalite),
    ascii(spec),
    String(anneeScolaire(r.date_debut)),
  ].join('-');
}

export function formsemestreDepartement(r: FormsemestreRow): DepartementRow {
  return {
    id: r.dept_id,
    acronym: r.d_acronym,
    dept_name: r.d_dept_name,
    description: r.d_description,
    visible: r.d_visible,
    date_creation: r.d_date_creation,
  };
}

export function formsemestreFormation(r: FormsemestreRow): FormationRow {
  return {
    id: r.formation_id,
    dept_id: r.dept_id,
    acronyme: r.f_acronyme,
    titre: r.f_titre,
    titre_officiel: r.f_titre_officiel,
    version: r.f_version,
    type_parcours: r.f_type_parcours,
    formation_code: r.f_formation_code,
    code_specialite: r.f_code_specialite,
    referentiel_competence_id: r.f_referentiel_competence_id,
  };
}

/** scodoc.md §5.4 `formsemestre`, fields in that order. */
export function presentFormsemestre(
  r: FormsemestreRow,
  responsables: readonly number[],
  parcours: readonly ParcoursRow[],
  timeZone: string,
) {
  const semestreId = Number(r.semestre_id);
  return {
    id: Number(r.id),
    formsemestre_id: Number(r.id),
    dept_id: Number(r.dept_id),
    formation_id: Number(r.formation_id),
    semestre_id: semestreId,
    titre: r.titre,
    titre_court: r.f_acronyme,
    titre_num: semestreId === -1 ? r.titre : `${r.titre} semestre ${semestreId}`,
    titre_formation: r.f_acronyme,
    session_id: sessionId(r),
    date_debut: ddmmyyyy(r.date_debut),
    date_fin: ddmmyyyy(r.date_fin),
    date_debut_iso: r.date_debut,
    date_fin_iso: r.date_fin,
    annee_scolaire: anneeScolaire(r.date_debut),
    etat: Boolean(r.etat),
    modalite: r.modalite,
    gestion_semestrielle: Boolean(r.gestion_semestrielle),
    gestion_compensation: Boolean(r.gestion_compensation),
    block_moyennes: Boolean(r.block_moyennes),
    bul_hide_xml: Boolean(r.bul_hide_xml),
    bul_bgcolor: r.bul_bgcolor,
    resp_can_edit: Boolean(r.resp_can_edit),
    resp_can_change_ens: Boolean(r.resp_can_change_ens),
    ens_can_edit_eval: Boolean(r.ens_can_edit_eval),
    elt_sem_apo: r.elt_sem_apo,
    elt_annee_apo: r.elt_annee_apo,
    etape_apo: r.etape_apo,
    scodoc7_id: r.scodoc7_id,
    responsables: [...responsables],
    parcours: parcours.map((p) => ({
      id: Number(p.id),
      code: p.code,
      libelle: p.libelle,
      annees: JSON.parse(p.annees) as unknown,
    })),
    departement: presentDepartement(formsemestreDepartement(r), timeZone),
    formation: presentFormation(formsemestreFormation(r)),
  };
}
