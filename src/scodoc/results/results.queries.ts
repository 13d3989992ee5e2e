/**
 * Everything a formsemestre's results, bulletins and juries need, in a fixed number of cached statements
 * (one per table, whatever the number of students): no per-student or per-module query.
 */
import { sql } from 'kysely';
import { defineQuery, param } from '../../db/statements.js';

export const resultsVersion = defineQuery<{ fs: number }, { version: number }>('scodoc.results.version', (db) =>
  db.selectFrom('sco_results_version').select('version').where('formsemestre_id', '=', param('fs')),
);

export interface FsInfoRow {
  readonly id: number;
  readonly dept_id: number;
  readonly dept_acronym: string;
  readonly formation_id: number;
  readonly semestre_id: number;
  readonly titre: string;
  readonly date_debut: string;
  readonly date_fin: string;
  readonly etat: number;
  readonly block_moyennes: number;
  readonly bul_hide_xml: number;
  readonly etape_apo: string;
  readonly f_acronyme: string;
  readonly f_titre: string;
  readonly f_titre_officiel: string | null;
  readonly f_type_parcours: number;
  readonly f_formation_code: string;
}

export const fsInfo = defineQuery<{ fs: number }, FsInfoRow>('scodoc.results.fs', (db) =>
  db
    .selectFrom('sco_formsemestre as fs')
    .innerJoin('sco_formation as f', 'f.id', 'fs.formation_id')
    .innerJoin('sco_departement as d', 'd.id', 'fs.dept_id')
    .select([
      'fs.id',
      'fs.dept_id',
      'd.acronym as dept_acronym',
      'fs.formation_id',
      'fs.semestre_id',
      'fs.titre',
      'fs.date_debut',
      'fs.date_fin',
      'fs.etat',
      'fs.block_moyennes',
      'fs.bul_hide_xml',
      'fs.etape_apo',
      'f.acronyme as f_acronyme',
      'f.titre as f_titre',
      'f.titre_officiel as f_titre_officiel',
      'f.type_parcours as f_type_parcours',
      'f.formation_code as f_formation_code',
    ])
    .where('fs.id', '=', param('fs')),
);

export interface UeLoadRow {
  readonly id: number;
  readonly acronyme: string;
  readonly titre: string | null;
  readonly numero: number;
  readonly type: number;
  readonly ue_code: string | null;
  readonly ects: number | null;
  readonly coefficient: number | null;
  readonly semestre_idx: number | null;
  readonly color: string | null;
  readonly code_apogee: string | null;
  readonly competence: string | null;
  readonly niveau: number | null;
  readonly coef_rcue: number;
  readonly is_external: number;
  readonly formation_id: number;
}

/** UEs of the formsemestre's formation, ScoDoc order (`numero`, id; D28). */
export const uesOfFs = defineQuery<{ fs: number }, UeLoadRow>('scodoc.results.ues', (db) =>
  db
    .selectFrom('sco_ue as u')
    .innerJoin('sco_formsemestre as fs', 'fs.formation_id', 'u.formation_id')
    .select([
      'u.id',
      'u.acronyme',
      'u.titre',
      'u.numero',
      'u.type',
      'u.ue_code',
      'u.ects',
      'u.coefficient',
      'u.semestre_idx',
      'u.color',
      'u.code_apogee',
      'u.competence',
      'u.niveau',
      'u.coef_rcue',
      'u.is_external',
      'u.formation_id',
    ])
    .where('fs.id', '=', param('fs'))
    .orderBy('u.numero')
    .orderBy('u.id'),
);

export interface ModuleimplLoadRow {
  readonly id: number;
  readonly module_id: number;
  readonly responsable_id: number | null;
  readonly computation_expr: string | null;
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

/** Moduleimpls with their module, ScoDoc order (module `numero`, code; D28, §7.4). */
export const moduleimplsOfFs = defineQuery<{ fs: number }, ModuleimplLoadRow>('scodoc.results.moduleimpls', (db) =>
  db
    .selectFrom('sco_moduleimpl as mi')
    .innerJoin('sco_module as m', 'm.id', 'mi.module_id')
    .select([
      'mi.id',
      'mi.module_id',
      'mi.responsable_id',
      'mi.computation_expr',
      'm.formation_id',
      'm.ue_id',
      'm.matiere_id',
      'm.titre',
      'm.abbrev',
      'm.code',
      'm.code_apogee',
      'm.coefficient',
      'm.ects',
      'm.heures_cours',
      'm.heures_td',
      'm.heures_tp',
      'm.semestre_id',
      'm.numero',
      'm.module_type',
    ])
    .where('mi.formsemestre_id', '=', param('fs'))
    .orderBy('m.numero')
    .orderBy('m.code')
    .orderBy('mi.id'),
);

export const ueCoefsOfFs = defineQuery<{ fs: number }, { moduleimpl_id: number; ue_id: number; coef: number }>(
  'scodoc.results.ueCoefs',
  (db) =>
    db
      .selectFrom('sco_moduleimpl as mi')
      .innerJoin('sco_module_ue_coef as k', 'k.module_id', 'mi.module_id')
      .select(['mi.id as moduleimpl_id', 'k.ue_id', 'k.coef'])
      .where('mi.formsemestre_id', '=', param('fs')),
);

export interface EvaluationLoadRow {
  readonly id: number;
  readonly moduleimpl_id: number;
  readonly description: string;
  readonly date_debut: number | null;
  readonly date_fin: number | null;
  readonly coefficient: number;
  readonly note_max: number;
  readonly evaluation_type: number;
  readonly numero: number;
  readonly publish_incomplete: number;
  readonly visibulletin: number;
}

/** Évaluations, D28 order (`numero`, `date_debut` nulls last, id). */
export const evaluationsOfFs = defineQuery<{ fs: number }, EvaluationLoadRow>('scodoc.results.evaluations', (db) =>
  db
    .selectFrom('sco_evaluation as e')
    .innerJoin('sco_moduleimpl as mi', 'mi.id', 'e.moduleimpl_id')
    .select([
      'e.id',
      'e.moduleimpl_id',
      'e.description',
      'e.date_debut',
      'e.date_fin',
      'e.coefficient',
      'e.note_max',
      'e.evaluation_type',
      'e.numero',
      'e.publish_incomplete',
      'e.visibulletin',
    ])
    .where('mi.formsemestre_id', '=', param('fs'))
    .orderBy('e.numero')
    .orderBy(sql`case when e.date_debut is null then 1 else 0 end`)
    .orderBy('e.date_debut')
    .orderBy('e.id'),
);

export const poidsOfFs = defineQuery<{ fs: number }, { evaluation_id: number; ue_id: number; poids: number }>(
  'scodoc.results.poids',
  (db) =>
    db
      .selectFrom('sco_evaluation_poids as p')
      .innerJoin('sco_evaluation as e', 'e.id', 'p.evaluation_id')
      .innerJoin('sco_moduleimpl as mi', 'mi.id', 'e.moduleimpl_id')
      .select(['p.evaluation_id', 'p.ue_id', 'p.poids'])
      .where('mi.formsemestre_id', '=', param('fs')),
);

export const notesOfFs = defineQuery<{ fs: number }, { evaluation_id: number; etudid: number; value: number | null }>(
  'scodoc.results.notes',
  (db) =>
    db
      .selectFrom('sco_note as n')
      .innerJoin('sco_evaluation as e', 'e.id', 'n.evaluation_id')
      .innerJoin('sco_moduleimpl as mi', 'mi.id', 'e.moduleimpl_id')
      .select(['n.evaluation_id', 'n.etudid', 'n.value'])
      .where('mi.formsemestre_id', '=', param('fs')),
);

export interface InscritLoadRow {
  readonly etudid: number;
  readonly etat: string;
  readonly parcours_id: number | null;
  readonly date_inscription: string | null;
  readonly code_nip: string | null;
  readonly code_ine: string | null;
  readonly civilite: string;
  readonly nom: string;
  readonly nom_usuel: string | null;
  readonly prenom: string;
  readonly sort_key: string;
  readonly date_naissance: string | null;
  readonly email: string | null;
  readonly emailperso: string | null;
}

/** Inscrits with what bulletins and `resultats` show, D28 order (`sort_key`, etudid). */
export const inscritsOfFs = defineQuery<{ fs: number }, InscritLoadRow>('scodoc.results.inscrits', (db) =>
  db
    .selectFrom('sco_inscription as i')
    .innerJoin('sco_etudiant as e', 'e.id', 'i.etudid')
    .leftJoin('sco_adresse as a', 'a.etudid', 'e.id')
    .select([
      'i.etudid',
      'i.etat',
      'i.parcours_id',
      'i.date_inscription',
      'e.code_nip',
      'e.code_ine',
      'e.civilite',
      'e.nom',
      'e.nom_usuel',
      'e.prenom',
      'e.sort_key',
      'e.date_naissance',
      'a.email',
      'a.emailperso',
    ])
    .where('i.formsemestre_id', '=', param('fs'))
    .orderBy('e.sort_key')
    .orderBy('e.id'),
);

export const miInscriptionsOfFs = defineQuery<{ fs: number }, { moduleimpl_id: number; etudid: number }>(
  'scodoc.results.miInscriptions',
  (db) =>
    db
      .selectFrom('sco_moduleimpl_inscription as x')
      .innerJoin('sco_moduleimpl as mi', 'mi.id', 'x.moduleimpl_id')
      .select(['x.moduleimpl_id', 'x.etudid'])
      .where('mi.formsemestre_id', '=', param('fs')),
);

export interface GroupLoadRow {
  readonly etudid: number;
  readonly group_id: number;
  readonly group_name: string | null;
  readonly numero: number;
  readonly edt_id: string | null;
  readonly partition_id: number;
  readonly partition_name: string | null;
  readonly p_numero: number;
  readonly bul_show_rank: number;
  readonly show_in_lists: number;
}

/** Group memberships in named partitions, by partition `numero`, group `numero` (D28). */
export const groupsOfFs = defineQuery<{ fs: number }, GroupLoadRow>('scodoc.results.groups', (db) =>
  db
    .selectFrom('sco_group_member as gm')
    .innerJoin('sco_group as g', 'g.id', 'gm.group_id')
    .innerJoin('sco_partition as p', 'p.id', 'gm.partition_id')
    .select([
      'gm.etudid',
      'g.id as group_id',
      'g.group_name',
      'g.numero',
      'g.edt_id',
      'p.id as partition_id',
      'p.partition_name',
      'p.numero as p_numero',
      'p.bul_show_rank',
      'p.show_in_lists',
    ])
    .where('p.formsemestre_id', '=', param('fs'))
    .where('p.partition_name', 'is not', null)
    .orderBy('p.numero')
    .orderBy('p.id')
    .orderBy('g.numero')
    .orderBy('g.id'),
);

export const cachedResults = defineQuery<{ fs: number }, { version: number; engine: string; data: Uint8Array }>(
  'scodoc.results.cache',
  (db) =>
    db.selectFrom('sco_results_cache').select(['version', 'engine', 'data']).where('formsemestre_id', '=', param('fs')),
);
