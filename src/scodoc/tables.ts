/**
 * Column lists shared by the migration, the queries and the presenters, so that a field of the
 * étudiant's `admission` and `adresses` objects (scodoc.md §5.2) is declared once.
 */

/** [column, type]: 'text' | 'integer' | 'float'. Order = the order of the JSON object. */
export const ADMISSION_COLUMNS = [
  ['annee', 'integer'],
  ['bac', 'text'],
  ['specialite', 'text'],
  ['annee_bac', 'integer'],
  ['math', 'text'],
  ['physique', 'text'],
  ['anglais', 'text'],
  ['francais', 'text'],
  ['rang', 'integer'],
  ['qualite', 'float'],
  ['rapporteur', 'text'],
  ['decision', 'text'],
  ['score', 'float'],
  ['commentaire', 'text'],
  ['nomlycee', 'text'],
  ['villelycee', 'text'],
  ['codepostallycee', 'text'],
  ['codelycee', 'text'],
  ['type_admission', 'text'],
  ['boursier_prec', 'integer'],
  ['classement', 'integer'],
  ['apb_groupe', 'text'],
  ['apb_classement_gr', 'integer'],
] as const;

export const ADRESSE_COLUMNS = [
  ['email', 'text'],
  ['emailperso', 'text'],
  ['domicile', 'text'],
  ['codepostaldomicile', 'text'],
  ['villedomicile', 'text'],
  ['paysdomicile', 'text'],
  ['telephone', 'text'],
  ['telephonemobile', 'text'],
  ['fax', 'text'],
  ['typeadresse', 'text'],
  ['description', 'text'],
] as const;

export type AdmissionField = (typeof ADMISSION_COLUMNS)[number][0];
export type AdresseField = (typeof ADRESSE_COLUMNS)[number][0];
