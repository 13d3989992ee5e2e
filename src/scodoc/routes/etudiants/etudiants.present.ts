import { float } from '../../json.js';
import { ADMISSION_COLUMNS, ADRESSE_COLUMNS } from '../../tables.js';

/** An étudiant row joined with its department, admission (`adm_*`) and address (`adr_*`). */
export interface EtudiantRow {
  readonly id: number;
  readonly dept_id: number;
  readonly dept_acronym: string;
  readonly code_nip: string | null;
  readonly code_ine: string | null;
  readonly civilite: string;
  readonly civilite_etat_civil: string | null;
  readonly nom: string;
  readonly nom_usuel: string | null;
  readonly prenom: string;
  readonly prenom_etat_civil: string | null;
  readonly sort_key: string;
  readonly date_naissance: string | null;
  readonly lieu_naissance: string | null;
  readonly dept_naissance: string | null;
  readonly nationalite: string | null;
  readonly statut: string | null;
  readonly boursier: number | null;
  readonly photo_filename: string | null;
  readonly scodoc7_id: string | null;
  readonly adr_id: number | null;
  readonly [k: `adm_${string}` | `adr_${string}`]: unknown;
}

/** scodoc.md D23: `"<nom_usuel or nom>;<prenom>"`, lower case, accents stripped. */
export function makeSortKey(nom: string, nomUsuel: string | null | undefined, prenom: string): string {
  return `${nomUsuel || nom};${prenom}`
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

function civ(c: string): string {
  return c === 'M' ? 'M.' : c === 'F' ? 'Mme' : '';
}

/** Short form (scodoc.md §5.2) plus `email`, which list readers use (compat §3.4). */
export function presentEtudiantShort(e: EtudiantRow) {
  return {
    id: Number(e.id),
    code_nip: e.code_nip,
    code_ine: e.code_ine,
    dept_id: Number(e.dept_id),
    civilite: e.civilite,
    civilite_etat_civil: e.civilite_etat_civil ?? e.civilite,
    nom: e.nom,
    nom_usuel: e.nom_usuel,
    prenom: e.prenom,
    prenom_etat_civil: e.prenom_etat_civil ?? e.prenom,
    sort_key: e.sort_key,
    email: (e.adr_email as string | null) ?? null,
  };
}

const ADMISSION_KEYS = ADMISSION_COLUMNS.map(([col, type]) => [col, type, `adm_${col}`] as const);
const ADRESSE_KEYS = ADRESSE_COLUMNS.map(([col]) => [col, `adr_${col}`] as const);

export function presentAdmission(e: EtudiantRow) {
  const out: Record<string, unknown> = {};
  for (const [col, type, key] of ADMISSION_KEYS) {
    const v = e[key] as string | number | null | undefined;
    if (v === null || v === undefined) out[col] = null;
    else if (col === 'boursier_prec') out[col] = Boolean(v);
    else if (type === 'float') out[col] = float(Number(v));
    else if (type === 'integer') out[col] = Number(v);
    else out[col] = v;
  }
  return out;
}

function presentAdresses(e: EtudiantRow) {
  if (e.adr_id === null || e.adr_id === undefined) return [];
  const a: Record<string, unknown> = {};
  for (const [col, key] of ADRESSE_KEYS) a[col] = e[key] ?? null;
  return [a];
}

/** Long form (scodoc.md §5.2): short + civil state, admission (never null, compat §5.37), addresses. */
export function presentEtudiantLong(e: EtudiantRow) {
  // Written out rather than spread from the short form: this runs 300 times per list request.
  const id = Number(e.id);
  const nom = e.nom_usuel || e.nom;
  return {
    id,
    code_nip: e.code_nip,
    code_ine: e.code_ine,
    dept_id: Number(e.dept_id),
    civilite: e.civilite,
    civilite_etat_civil: e.civilite_etat_civil ?? e.civilite,
    nom: e.nom,
    nom_usuel: e.nom_usuel,
    prenom: e.prenom,
    prenom_etat_civil: e.prenom_etat_civil ?? e.prenom,
    sort_key: e.sort_key,
    email: (e.adr_email as string | null) ?? null,
    etudid: id,
    dept_acronym: e.dept_acronym,
    nomprenom: `${civ(e.civilite)} ${e.prenom} ${nom}`.trim(),
    date_naissance: e.date_naissance ?? '',
    lieu_naissance: e.lieu_naissance,
    dept_naissance: e.dept_naissance,
    nationalite: e.nationalite,
    statut: e.statut,
    boursier: e.boursier === null ? null : Boolean(e.boursier),
    photo_filename: e.photo_filename,
    scodoc7_id: e.scodoc7_id,
    emailperso: (e.adr_emailperso as string | null) ?? null,
    admission: presentAdmission(e),
    adresses: presentAdresses(e),
  };
}

export interface GroupOfEtud {
  readonly etudid: number;
  readonly id: number;
  readonly group_name: string | null;
  readonly numero: number;
  readonly edt_id: string | null;
  readonly partition_id: number;
  readonly partition_name: string | null;
  readonly p_numero: number;
  readonly bul_show_rank: number;
  readonly show_in_lists: number;
  readonly formsemestre_id: number;
}

/** A group with its partition's fields (scodoc.md §5.2, "group-with-partition"). */
export function presentGroupWithPartition(g: GroupOfEtud) {
  return {
    id: Number(g.id),
    group_id: Number(g.id),
    group_name: g.group_name,
    edt_id: g.edt_id,
    partition_id: Number(g.partition_id),
    partition_name: g.partition_name,
    numero: Number(g.numero),
    bul_show_rank: Boolean(g.bul_show_rank),
    show_in_lists: Boolean(g.show_in_lists),
    formsemestre_id: Number(g.formsemestre_id),
  };
}
