import { float } from '../../json.js';

export interface FormationRow {
  readonly id: number;
  readonly dept_id: number;
  readonly acronyme: string;
  readonly titre: string;
  readonly titre_officiel: string | null;
  readonly version: number;
  readonly type_parcours: number;
  readonly formation_code: string;
  readonly code_specialite: string | null;
  readonly referentiel_competence_id: number | null;
}

/** scodoc.md §5.3 `formation`. */
export function presentFormation(f: FormationRow) {
  return {
    id: Number(f.id),
    formation_id: Number(f.id),
    dept_id: Number(f.dept_id),
    acronyme: f.acronyme,
    titre: f.titre,
    titre_officiel: f.titre_officiel,
    version: Number(f.version),
    type_parcours: Number(f.type_parcours),
    formation_code: f.formation_code,
    code_specialite: f.code_specialite,
    referentiel_competence_id: f.referentiel_competence_id === null ? null : Number(f.referentiel_competence_id),
  };
}

export interface UeRow {
  readonly id: number;
  readonly formation_id: number;
  readonly acronyme: string;
  readonly titre: string | null;
  readonly numero: number;
  readonly type: number;
  readonly ue_code: string | null;
  readonly ects: number | null;
  readonly is_external: number;
  readonly code_apogee: string | null;
  readonly coefficient: number | null;
  readonly semestre_idx: number | null;
  readonly color: string | null;
}

/** scodoc.md §5.3 `ue` (UE_FIELDS). */
export function presentUe(u: UeRow) {
  return {
    id: Number(u.id),
    ue_id: Number(u.id),
    formation_id: Number(u.formation_id),
    acronyme: u.acronyme,
    titre: u.titre,
    numero: Number(u.numero),
    type: Number(u.type),
    ue_code: u.ue_code,
    ects: float(u.ects),
    is_external: Boolean(u.is_external),
    code_apogee: u.code_apogee,
    coefficient: float(u.coefficient),
    semestre_idx: u.semestre_idx === null ? null : Number(u.semestre_idx),
    color: u.color,
  };
}

export interface ModuleRow {
  readonly id: number;
  readonly formation_id: number;
  readonly ue_id: number | null;
  readonly matiere_id: number | null;
  readonly titre: string | null;
  readonly abbrev: string | null;
  readonly code: string;
  readonly code_apogee: string | null;
  readonly coefficient: number | null;
  readonly ects: number | null;
  readonly heures_cours: number | null;
  readonly heures_td: number | null;
  readonly heures_tp: number | null;
  readonly semestre_id: number;
  readonly numero: number;
  readonly module_type: number;
}

/** scodoc.md §5.3 `module` (MODULE_FIELDS). */
export function presentModule(m: ModuleRow) {
  return {
    id: Number(m.id),
    module_id: Number(m.id),
    formation_id: Number(m.formation_id),
    ue_id: m.ue_id === null ? null : Number(m.ue_id),
    matiere_id: m.matiere_id === null ? null : Number(m.matiere_id),
    titre: m.titre,
    abbrev: m.abbrev,
    code: m.code,
    code_apogee: m.code_apogee,
    coefficient: float(m.coefficient),
    ects: float(m.ects),
    heures_cours: float(m.heures_cours),
    heures_td: float(m.heures_td),
    heures_tp: float(m.heures_tp),
    semestre_id: Number(m.semestre_id),
    numero: Number(m.numero),
    module_type: Number(m.module_type),
  };
}

export interface FormationTree {
  readonly formation: FormationRow;
  readonly ues: readonly UeRow[];
  readonly matieres: readonly { id: number; ue_id: number; titre: string | null; numero: number }[];
  readonly modules: readonly ModuleRow[];
  readonly coefs: readonly { module_id: number; ue_id: number; coef: number }[];
}

/**
 * The formation export (scodoc.md §5.3): ue > matiere > module, BUT coefficients as
 * `coefficients: [{ue_reference, coef}]` where `reference` is the UE's id. Without ids, the
 * database ids of formation, UEs, matières and modules are left out (so it re-imports anywhere).
 */
export function presentExport(t: FormationTree, withIds: boolean) {
  const f = presentFormation(t.formation);
  const head: Record<string, unknown> = withIds
    ? { ...f }
    : {
        acronyme: f.acronyme,
        titre: f.titre,
        titre_officiel: f.titre_officiel,
        version: f.version,
        type_parcours: f.type_parcours,
        formation_code: f.formation_code,
        code_specialite: f.code_specialite,
      };
  const coefsByModule = new Map<number, { ue_reference: number; coef: unknown }[]>();
  for (const c of t.coefs) {
    const list = coefsByModule.get(Number(c.module_id)) ?? [];
    list.push({ ue_reference: Number(c.ue_id), coef: float(c.coef) });
    coefsByModule.set(Number(c.module_id), list);
  }
  head.ue = t.ues.map((u) => {
    const ue = presentUe(u);
    const { id: _id, ue_id, formation_id, ...rest } = ue;
    return {
      ...(withIds ? { id: ue.id, ue_id, formation_id } : {}),
      ...rest,
      reference: ue.id,
      matiere: t.matieres
        .filter((m) => Number(m.ue_id) === ue.id)
        .map((mat) => ({
          ...(withIds ? { id: Number(mat.id), matiere_id: Number(mat.id), ue_id: ue.id } : {}),
          titre: mat.titre,
          numero: Number(mat.numero),
          module: t.modules
            .filter((m) => Number(m.matiere_id) === Number(mat.id))
            .map((m) => {
              const pm = presentModule(m);
              const { id, module_id, formation_id: fid, ue_id: uid, matiere_id, ...mrest } = pm;
              return {
                ...(withIds ? { id, module_id, formation_id: fid, ue_id: uid, matiere_id } : {}),
                ...mrest,
                coefficients: coefsByModule.get(id) ?? [],
              };
            }),
        })),
    };
  });
  return head;
}
