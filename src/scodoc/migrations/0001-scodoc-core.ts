import { type CreateTableBuilder, sql } from 'kysely';
import type { Dialect } from '../../db/database.js';
import type { CampusMigration } from '../../db/migrations.js';
import { withIdColumn } from '../../db/schema-helpers.js';
import { DEFAULT_ROLES } from '../permissions.js';
import { ADMISSION_COLUMNS, ADRESSE_COLUMNS } from '../tables.js';

const ref = (dialect: Dialect) => (dialect === 'sqlite' ? 'integer' : 'bigint');
const blob = (dialect: Dialect) => (dialect === 'sqlite' ? sql`blob` : sql`bytea`);

function withColumns(t: CreateTableBuilder<any, any>, cols: readonly (readonly [string, string])[]) {
  let out = t;
  for (const [name, type] of cols) out = out.addColumn(name, type === 'float' ? 'double precision' : (type as 'text'));
  return out;
}

/**
 * ScoDoc structure and people: départements, users and roles, formations (UE, matière, module, BUT
 * coefficients, référentiel de compétences, parcours), formsemestres, moduleimpls, étudiants with
 * admission and address, inscriptions (semester and module), partitions/groups, photos and logos.
 * Grades and attendance (issues 5 and 8) add their own tables on top of moduleimpls and inscriptions.
 */
export const m0001ScodocCore: CampusMigration = {
  async up(db, dialect) {
    const id = ref(dialect);
    await withIdColumn(db.schema.createTable('sco_departement'), dialect)
      .addColumn('acronym', 'text', (c) => c.notNull().unique())
      .addColumn('dept_name', 'text')
      .addColumn('description', 'text')
      .addColumn('visible', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('date_creation', 'bigint', (c) => c.notNull())
      .execute();

    // Roles: a permission bit mask; SuperAdmin = -1 (all bits). Ids 1–9 as ScoDoc's (scodoc.md D36).
    await withIdColumn(db.schema.createTable('sco_role'), dialect)
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('permissions', 'bigint', (c) => c.notNull())
      .execute();
    for (const r of DEFAULT_ROLES) {
      await db.insertInto('sco_role').values({ name: r.name, permissions: r.mask }).execute();
    }

    // A ScoDoc user is a Campus account plus this profile; the user id is the account id.
    await db.schema
      .createTable('sco_user')
      .addColumn('id', id, (c) => c.primaryKey().references('accounts.id').onDelete('cascade'))
      .addColumn('nom', 'text')
      .addColumn('prenom', 'text')
      .addColumn('dept_id', id, (c) => c.references('sco_departement.id').onDelete('set null'))
      .addColumn('date_expiration', 'bigint')
      .addColumn('date_modif_passwd', 'bigint')
      .addColumn('date_created', 'bigint', (c) => c.notNull())
      .addColumn('last_seen', 'bigint')
      .addColumn('cas_id', 'text')
      .addColumn('edt_id', 'text')
      .execute();

    // A role granted in one department, or in all when dept_id is null (ScoDoc `@all`).
    await withIdColumn(db.schema.createTable('sco_user_role'), dialect)
      .addColumn('user_id', id, (c) => c.notNull().references('sco_user.id').onDelete('cascade'))
      .addColumn('role_id', id, (c) => c.notNull().references('sco_role.id').onDelete('cascade'))
      .addColumn('dept_id', id, (c) => c.references('sco_departement.id').onDelete('cascade'))
      .execute();
    await db.schema.createIndex('sco_user_role_user').on('sco_user_role').columns(['user_id']).execute();

    await withIdColumn(db.schema.createTable('sco_referentiel'), dialect)
      .addColumn('dept_id', id, (c) => c.notNull().references('sco_departement.id').onDelete('cascade'))
      .addColumn('specialite', 'text', (c) => c.notNull())
      .addColumn('specialite_long', 'text')
      .addColumn('type_titre', 'text')
      .addColumn('type_structure', 'text')
      .addColumn('type_departement', 'text')
      .addColumn('version_orebut', 'text')
      .addColumn('annexe', 'text')
      .addColumn('scodoc_date_loaded', 'bigint')
      .addColumn('scodoc_orig_filename', 'text')
      // {titre: {titre, titre_long, couleur, numero, composantes, situations, niveaux}} as loaded
      .addColumn('competences', 'text', (c) => c.notNull())
      .execute();
    await withIdColumn(db.schema.createTable('sco_parcours'), dialect)
      .addColumn('referentiel_id', id, (c) => c.notNull().references('sco_referentiel.id').onDelete('cascade'))
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('libelle', 'text', (c) => c.notNull())
      .addColumn('numero', 'integer', (c) => c.notNull().defaultTo(0))
      // {"1": {"competences": {<titre>: {"niveau": n, …}}}, …}
      .addColumn('annees', 'text', (c) => c.notNull())
      .execute();

    await withIdColumn(db.schema.createTable('sco_formation'), dialect)
      .addColumn('dept_id', id, (c) => c.notNull().references('sco_departement.id').onDelete('cascade'))
      .addColumn('acronyme', 'text', (c) => c.notNull())
      .addColumn('titre', 'text', (c) => c.notNull())
      .addColumn('titre_officiel', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('type_parcours', 'integer', (c) => c.notNull())
      .addColumn('formation_code', 'text', (c) => c.notNull())
      .addColumn('code_specialite', 'text')
      .addColumn('referentiel_competence_id', id, (c) => c.references('sco_referentiel.id').onDelete('set null'))
      .execute();
    await db.schema.createIndex('sco_formation_dept').on('sco_formation').columns(['dept_id']).execute();

    await withIdColumn(db.schema.createTable('sco_ue'), dialect)
      .addColumn('formation_id', id, (c) => c.notNull().references('sco_formation.id').onDelete('cascade'))
      .addColumn('acronyme', 'text', (c) => c.notNull())
      .addColumn('titre', 'text')
      .addColumn('numero', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('type', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('ue_code', 'text')
      .addColumn('ects', 'double precision')
      .addColumn('is_external', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('code_apogee', 'text')
      .addColumn('coefficient', 'double precision')
      .addColumn('semestre_idx', 'integer')
      .addColumn('color', 'text')
      // BUT: the competence (by titre) and level (1–3) this UE belongs to; RCUEs pair UEs on it.
      .addColumn('competence', 'text')
      .addColumn('niveau', 'integer')
      .addColumn('coef_rcue', 'double precision', (c) => c.notNull().defaultTo(1))
      .execute();
    await withIdColumn(db.schema.createTable('sco_matiere'), dialect)
      .addColumn('ue_id', id, (c) => c.notNull().references('sco_ue.id').onDelete('cascade'))
      .addColumn('titre', 'text')
      .addColumn('numero', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await withIdColumn(db.schema.createTable('sco_module'), dialect)
      .addColumn('formation_id', id, (c) => c.notNull().references('sco_formation.id').onDelete('cascade'))
      .addColumn('ue_id', id, (c) => c.references('sco_ue.id').onDelete('cascade'))
      .addColumn('matiere_id', id, (c) => c.references('sco_matiere.id').onDelete('cascade'))
      .addColumn('titre', 'text')
      .addColumn('abbrev', 'text')
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('code_apogee', 'text')
      .addColumn('coefficient', 'double precision')
      .addColumn('ects', 'double precision')
      .addColumn('heures_cours', 'double precision')
      .addColumn('heures_td', 'double precision')
      .addColumn('heures_tp', 'double precision')
      .addColumn('semestre_id', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('numero', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('module_type', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    // BUT coefficient matrix: module × UE.
    await db.schema
      .createTable('sco_module_ue_coef')
      .addColumn('module_id', id, (c) => c.notNull().references('sco_module.id').onDelete('cascade'))
      .addColumn('ue_id', id, (c) => c.notNull().references('sco_ue.id').onDelete('cascade'))
      .addColumn('coef', 'double precision', (c) => c.notNull())
      .addPrimaryKeyConstraint('sco_module_ue_coef_pk', ['module_id', 'ue_id'])
      .execute();

    await withIdColumn(db.schema.createTable('sco_formsemestre'), dialect)
      .addColumn('dept_id', id, (c) => c.notNull().references('sco_departement.id').onDelete('cascade'))
      .addColumn('formation_id', id, (c) => c.notNull().references('sco_formation.id').onDelete('cascade'))
      .addColumn('semestre_id', 'integer', (c) => c.notNull())
      .addColumn('titre', 'text', (c) => c.notNull())
      // ISO yyyy-mm-dd: sorts and compares as text on both dialects.
      .addColumn('date_debut', 'text', (c) => c.notNull())
      .addColumn('date_fin', 'text', (c) => c.notNull())
      .addColumn('etat', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('modalite', 'text', (c) => c.notNull().defaultTo('FI'))
      .addColumn('gestion_semestrielle', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('gestion_compensation', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('block_moyennes', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('bul_hide_xml', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('bul_bgcolor', 'text', (c) => c.notNull().defaultTo('white'))
      .addColumn('resp_can_edit', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('resp_can_change_ens', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('ens_can_edit_eval', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('elt_sem_apo', 'text')
      .addColumn('elt_annee_apo', 'text')
      // Comma-separated étape codes, as ScoDoc prints them.
      .addColumn('etape_apo', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('scodoc7_id', 'text')
      .execute();
    await db.schema.createIndex('sco_formsemestre_dept').on('sco_formsemestre').columns(['dept_id']).execute();
    await db.schema
      .createTable('sco_formsemestre_responsable')
      .addColumn('formsemestre_id', id, (c) => c.notNull().references('sco_formsemestre.id').onDelete('cascade'))
      .addColumn('user_id', id, (c) => c.notNull().references('sco_user.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('sco_formsemestre_responsable_pk', ['formsemestre_id', 'user_id'])
      .execute();
    await db.schema
      .createTable('sco_formsemestre_parcours')
      .addColumn('formsemestre_id', id, (c) => c.notNull().references('sco_formsemestre.id').onDelete('cascade'))
      .addColumn('parcours_id', id, (c) => c.notNull().references('sco_parcours.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('sco_formsemestre_parcours_pk', ['formsemestre_id', 'parcours_id'])
      .execute();

    await withIdColumn(db.schema.createTable('sco_moduleimpl'), dialect)
      .addColumn('formsemestre_id', id, (c) => c.notNull().references('sco_formsemestre.id').onDelete('cascade'))
      .addColumn('module_id', id, (c) => c.notNull().references('sco_module.id').onDelete('cascade'))
      .addColumn('responsable_id', id, (c) => c.references('sco_user.id').onDelete('set null'))
      .addColumn('computation_expr', 'text')
      .execute();
    await db.schema.createIndex('sco_moduleimpl_fs').on('sco_moduleimpl').columns(['formsemestre_id']).execute();
    await db.schema
      .createTable('sco_moduleimpl_ens')
      .addColumn('moduleimpl_id', id, (c) => c.notNull().references('sco_moduleimpl.id').onDelete('cascade'))
      .addColumn('user_id', id, (c) => c.notNull().references('sco_user.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('sco_moduleimpl_ens_pk', ['moduleimpl_id', 'user_id'])
      .execute();

    await withIdColumn(db.schema.createTable('sco_etudiant'), dialect)
      .addColumn('dept_id', id, (c) => c.notNull().references('sco_departement.id').onDelete('cascade'))
      .addColumn('code_nip', 'text')
      .addColumn('code_ine', 'text')
      .addColumn('civilite', 'text', (c) => c.notNull())
      .addColumn('civilite_etat_civil', 'text')
      .addColumn('nom', 'text', (c) => c.notNull())
      .addColumn('nom_usuel', 'text')
      .addColumn('prenom', 'text', (c) => c.notNull())
      .addColumn('prenom_etat_civil', 'text')
      // "<nom_usuel or nom>;<prenom>", lower case, accents stripped (scodoc.md D23); kept for ORDER BY.
      .addColumn('sort_key', 'text', (c) => c.notNull())
      .addColumn('date_naissance', 'text')
      .addColumn('lieu_naissance', 'text')
      .addColumn('dept_naissance', 'text')
      .addColumn('nationalite', 'text')
      .addColumn('statut', 'text')
      .addColumn('boursier', 'integer')
      .addColumn('photo_filename', 'text')
      .addColumn('scodoc7_id', 'text')
      // NIP/INE unique per department, repeated across departments (scodoc.md D19); NULLs never collide.
      .addUniqueConstraint('sco_etudiant_dept_nip', ['dept_id', 'code_nip'])
      .addUniqueConstraint('sco_etudiant_dept_ine', ['dept_id', 'code_ine'])
      .execute();
    await db.schema.createIndex('sco_etudiant_nip').on('sco_etudiant').columns(['code_nip']).execute();
    await db.schema.createIndex('sco_etudiant_ine').on('sco_etudiant').columns(['code_ine']).execute();

    await withColumns(
      db.schema
        .createTable('sco_admission')
        .addColumn('etudid', id, (c) => c.primaryKey().references('sco_etudiant.id').onDelete('cascade')),
      ADMISSION_COLUMNS,
    ).execute();
    await withColumns(
      withIdColumn(db.schema.createTable('sco_adresse'), dialect).addColumn('etudid', id, (c) =>
        c.notNull().references('sco_etudiant.id').onDelete('cascade'),
      ),
      ADRESSE_COLUMNS,
    ).execute();
    // One address per student (ScoDoc's forms edit only the first); `adresses` lists it.
    await db.schema.createIndex('sco_adresse_etudid').unique().on('sco_adresse').columns(['etudid']).execute();
    await db.schema
      .createTable('sco_photo')
      .addColumn('etudid', id, (c) => c.primaryKey().references('sco_etudiant.id').onDelete('cascade'))
      .addColumn('mime', 'text', (c) => c.notNull())
      .addColumn('data', blob(dialect), (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    // Inscription of a student in a formsemestre; etat I (inscrit), D (démission), DEF (défaillant).
    await withIdColumn(db.schema.createTable('sco_inscription'), dialect)
      .addColumn('etudid', id, (c) => c.notNull().references('sco_etudiant.id').onDelete('cascade'))
      .addColumn('formsemestre_id', id, (c) => c.notNull().references('sco_formsemestre.id').onDelete('cascade'))
      .addColumn('etat', 'text', (c) => c.notNull().defaultTo('I'))
      .addColumn('parcours_id', id, (c) => c.references('sco_parcours.id').onDelete('set null'))
      .addColumn('date_inscription', 'text')
      .addColumn('date_etat', 'text')
      .addUniqueConstraint('sco_inscription_uniq', ['formsemestre_id', 'etudid'])
      .addCheckConstraint('sco_inscription_etat', sql`etat in ('I', 'D', 'DEF')`)
      .execute();
    await db.schema.createIndex('sco_inscription_etudid').on('sco_inscription').columns(['etudid']).execute();
    await db.schema
      .createTable('sco_moduleimpl_inscription')
      .addColumn('moduleimpl_id', id, (c) => c.notNull().references('sco_moduleimpl.id').onDelete('cascade'))
      .addColumn('etudid', id, (c) => c.notNull().references('sco_etudiant.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('sco_moduleimpl_inscription_pk', ['moduleimpl_id', 'etudid'])
      .execute();
    await db.schema
      .createIndex('sco_moduleimpl_inscription_etudid')
      .on('sco_moduleimpl_inscription')
      .columns(['etudid'])
      .execute();

    await withIdColumn(db.schema.createTable('sco_partition'), dialect)
      .addColumn('formsemestre_id', id, (c) => c.notNull().references('sco_formsemestre.id').onDelete('cascade'))
      // null = the default partition holding every student (hidden from `/partitions`).
      .addColumn('partition_name', 'text')
      .addColumn('numero', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('bul_show_rank', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('show_in_lists', 'integer', (c) => c.notNull().defaultTo(1))
      // false = locked: groups and memberships cannot change.
      .addColumn('groups_editable', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('is_parcours', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.createIndex('sco_partition_fs').on('sco_partition').columns(['formsemestre_id']).execute();
    await withIdColumn(db.schema.createTable('sco_group'), dialect)
      .addColumn('partition_id', id, (c) => c.notNull().references('sco_partition.id').onDelete('cascade'))
      .addColumn('group_name', 'text')
      .addColumn('numero', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('edt_id', 'text')
      // Target of the membership foreign key below, which carries the partition.
      .addUniqueConstraint('sco_group_id_partition', ['id', 'partition_id'])
      .execute();
    await db.schema.createIndex('sco_group_partition').on('sco_group').columns(['partition_id']).execute();
    // A student is in at most one group of a partition: the primary key says so, and the composite
    // foreign key makes partition_id agree with the group's (issue 4, enforced by the database).
    await db.schema
      .createTable('sco_group_member')
      .addColumn('partition_id', id, (c) => c.notNull())
      .addColumn('etudid', id, (c) => c.notNull().references('sco_etudiant.id').onDelete('cascade'))
      .addColumn('group_id', id, (c) => c.notNull())
      .addPrimaryKeyConstraint('sco_group_member_pk', ['partition_id', 'etudid'])
      .addForeignKeyConstraint(
        'sco_group_member_group',
        ['group_id', 'partition_id'],
        'sco_group',
        ['id', 'partition_id'],
        (c) => c.onDelete('cascade'),
      )
      .execute();
    await db.schema.createIndex('sco_group_member_group').on('sco_group_member').columns(['group_id']).execute();
    await db.schema.createIndex('sco_group_member_etudid').on('sco_group_member').columns(['etudid']).execute();

    // Site logos (dept_id 0) and department logos; set with the CLI (scodoc.md D26).
    await db.schema
      .createTable('sco_logo')
      .addColumn('dept_id', id, (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('mime', 'text', (c) => c.notNull())
      .addColumn('data', blob(dialect), (c) => c.notNull())
      .addPrimaryKeyConstraint('sco_logo_pk', ['dept_id', 'name'])
      .execute();
  },
};
