/**
 * The ScoDoc demo data set (issue 4): two departments — INFO with a BUT (référentiel de compétences,
 * two parcours, UEs, ressources and SAÉs with a coefficient matrix) and CJ with a classic DUT —, past,
 * current and next formsemestres relative to today, ~100 students in TD/TP and parcours partitions,
 * and one user per default role. `scale` repeats the cohorts (same shape, N times the students).
 * Written with bulk inserts so that --scale 50 stays quick.
 */
import type { Kysely } from 'kysely';
import { anneeScolaire, todayIso } from '../dates.js';
import { makeSortKey } from '../routes/etudiants/etudiants.present.js';
import { bulkInsert, bulkInsertIds } from './bulk.js';

export interface DemoOptions {
  readonly scale: number;
  readonly timeZone: string;
  /** The accounts' password hash (hashed once, reused: seeding 10 users must not take 10 hashes). */
  readonly passwordHash: string;
  readonly now?: number;
}

export interface DemoSummary {
  readonly depts: Record<string, number>;
  readonly users: Record<string, number>;
  readonly formsemestres: { readonly id: number; readonly dept: string; readonly courant: boolean }[];
  readonly students: number;
}

const COMPETENCES = [
  ['Réaliser', 'Réaliser un développement d’application', '#e5533d'],
  ['Optimiser', 'Optimiser des applications informatiques', '#f0a630'],
  ['Administrer', 'Administrer des systèmes informatiques communicants complexes', '#f4d03f'],
  ['Gérer', 'Gérer des données de l’information', '#58b45b'],
  ['Conduire', 'Conduire un projet', '#3d8fd1'],
  ['Collaborer', 'Travailler dans une équipe informatique', '#8e5fb8'],
] as const;

const NOMS = [
  'Martin',
  'Bernard',
  'Dubois',
  'Thomas',
  'Robert',
  'Richard',
  'Petit',
  'Durand',
  'Leroy',
  'Moreau',
  'Simon',
  'Laurent',
  'Lefèvre',
  'Michel',
  'García',
  'David',
  'Bertrand',
  'Roux',
  'Vincent',
  'Fournier',
  'Morel',
  'Girard',
  'André',
  'Lefèbvre',
  'Mercier',
  'Dupont',
  'Lambert',
  'Bonnet',
  'François',
  'Martínez',
];
const PRENOMS_F = [
  'Emma',
  'Jade',
  'Louise',
  'Alice',
  'Chloé',
  'Léa',
  'Manon',
  'Inès',
  'Zoé',
  'Camille',
  'Léna',
  'Anaïs',
];
const PRENOMS_M = [
  'Gabriel',
  'Léo',
  'Raphaël',
  'Louis',
  'Lucas',
  'Adam',
  'Hugo',
  'Jules',
  'Noé',
  'Théo',
  'Éthan',
  'Nathan',
];

/** Every default role gets one demo user (issue 4); `admin` (core seeder) gets SuperAdmin. */
export const DEMO_USERS = [
  ['chef_info', 'Admin', 'INFO', 'Durand', 'Claire'],
  ['secr_info', 'Secr', 'INFO', 'Petit', 'Sophie'],
  ['ens_info', 'Ens', 'INFO', 'Moreau', 'Paul'],
  ['ens_cj', 'Ens', 'CJ', 'Roux', 'Anne'],
  ['observateur', 'Observateur', 'INFO', 'Blanc', 'Marc'],
  ['resp_pe', 'RespPe', 'INFO', 'Faure', 'Julie'],
  ['obs_entreprise', 'ObservateurEntreprise', null, 'Garnier', 'Luc'],
  ['util_entreprise', 'UtilisateurEntreprise', null, 'Chevalier', 'Emma'],
  ['admin_entreprise', 'AdminEntreprise', null, 'Muller', 'Hugo'],
  ['lecteur_api', 'LecteurAPI', null, 'API', 'Lecteur'],
] as const;

function pick<T>(list: readonly T[], i: number): T {
  return list[i % list.length];
}

/** Pseudo-random but reproducible (seeded by index): dates of birth, bac years. */
function rnd(i: number): number {
  const x = Math.sin(i * 9301 + 49297) * 233280;
  return x - Math.floor(x);
}

export async function seedScodocDemo(db: Kysely<any>, opts: DemoOptions): Promise<DemoSummary> {
  const now = opts.now ?? Date.now();
  const y = anneeScolaire(todayIso(opts.timeZone, now));
  return db.transaction().execute(async (trx) => {
    // Departments.
    const [info, cj] = await bulkInsertIds(trx, 'sco_departement', [
      {
        acronym: 'INFO',
        dept_name: 'Informatique',
        description: 'Département Informatique',
        visible: 1,
        date_creation: now,
      },
      { acronym: 'CJ', dept_name: 'Carrières Juridiques', description: null, visible: 1, date_creation: now },
    ]);
    const depts: Record<string, number> = { INFO: info, CJ: cj };

    // Users: one per default role, plus the spec's LecteurAPI role (ScoView everywhere).
    // scodoc9-api.fr.md, "Configuration": `flask create-role LecteurAPI` + `edit-role -a ScoView`.
    await trx
      .insertInto('sco_role')
      .values({ name: 'LecteurAPI', permissions: 2 ** 2 })
      .execute();
    const users: Record<string, number> = {};
    for (const [login, role, dept, nom, prenom] of DEMO_USERS) {
      const acc = await trx
        .insertInto('accounts')
        .values({
          username: login,
          email: `${login}@campus.invalid`,
          email_norm: `${login}@campus.invalid`,
          password_hash: opts.passwordHash,
          active: 1,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const id = Number(acc.id);
      users[login] = id;
      const deptId = dept ? depts[dept] : null;
      await trx
        .insertInto('sco_user')
        .values({ id, nom, prenom, dept_id: deptId, date_created: now, date_modif_passwd: now })
        .execute();
      const r = await trx.selectFrom('sco_role').select('id').where('name', '=', role).executeTakeFirstOrThrow();
      await trx.insertInto('sco_user_role').values({ user_id: id, role_id: r.id, dept_id: deptId }).execute();
    }

    // Référentiel de compétences (BUT Informatique) with two parcours.
    const competences: Record<string, unknown> = {};
    COMPETENCES.forEach(([titre, long, couleur], i) => {
      competences[titre] = {
        titre,
        titre_long: long,
        couleur,
        numero: i + 1,
        composantes: [`en respectant les attendus de ${titre.toLowerCase()}`],
        situations: [`situation professionnelle ${i + 1}`],
        niveaux: {
          '1': { libelle: `${titre} niveau 1`, annee: 'BUT1', ordre: 1 },
          '2': { libelle: `${titre} niveau 2`, annee: 'BUT2', ordre: 2 },
        },
      };
    });
    const [refId] = await bulkInsertIds(trx, 'sco_referentiel', [
      {
        dept_id: info,
        specialite: 'INFO',
        specialite_long: 'Informatique',
        type_titre: 'BUT',
        type_structure: 'type1',
        type_departement: 'secondaire',
        version_orebut: '2021-12-11 00:00:00',
        annexe: '21',
        scodoc_date_loaded: now,
        scodoc_orig_filename: 'but-INFO-05012022-081701.xml',
        competences: JSON.stringify(competences),
      },
    ]);
    const annees = (comps: readonly string[]) =>
      JSON.stringify({
        '1': { competences: Object.fromEntries(COMPETENCES.map(([t]) => [t, { niveau: 1 }])) },
        '2': { competences: Object.fromEntries(comps.map((t) => [t, { niveau: 2 }])) },
      });
    const [parcoursA, parcoursB] = await bulkInsertIds(trx, 'sco_parcours', [
      {
        referentiel_id: refId,
        code: 'A',
        libelle: 'Réalisation d’applications',
        numero: 1,
        annees: annees(['Réaliser', 'Optimiser', 'Conduire', 'Collaborer']),
      },
      {
        referentiel_id: refId,
        code: 'B',
        libelle: 'Déploiement d’applications',
        numero: 2,
        annees: annees(['Réaliser', 'Administrer', 'Gérer', 'Collaborer']),
      },
    ]);

    // BUT formation: S1 and S2, six UEs each (one per competence), ressources and SAÉs with coefs.
    const [butId] = await bulkInsertIds(trx, 'sco_formation', [
      {
        dept_id: info,
        acronyme: 'BUT INFO',
        titre: 'BUT Informatique',
        titre_officiel: 'Bachelor Universitaire de Technologie Informatique',
        version: 1,
        type_parcours: 700,
        formation_code: 'FCOD-BUT-INFO',
        code_specialite: 'INFO',
        referentiel_competence_id: refId,
      },
    ]);
    const ueIds: Record<number, number[]> = {};
    for (const sem of [1, 2]) {
      ueIds[sem] = await bulkInsertIds(
        trx,
        'sco_ue',
        COMPETENCES.map(([titre, , couleur], i) => ({
          formation_id: butId,
          acronyme: `UE${sem}.${i + 1}`,
          titre,
          numero: sem * 10 + i,
          type: 0,
          ue_code: `UCI${sem}${i + 1}`,
          ects: 5,
          is_external: 0,
          code_apogee: `VINF${sem}U${i + 1}`,
          coefficient: 0,
          semestre_idx: sem,
          color: couleur,
          competence: titre,
          niveau: 1,
        })),
      );
    }
    for (const sem of [1, 2]) {
      const [mat] = await bulkInsertIds(trx, 'sco_matiere', [
        { ue_id: ueIds[sem][0], titre: 'Tronc commun', numero: 1 },
      ]);
      const modules = [
        ...[1, 2, 3, 4, 5, 6].map((k) => ({
          code: `R${sem}.0${k}`,
          titre: `Ressource ${sem}.0${k}`,
          module_type: 2,
          numero: k,
        })),
        ...[1, 2, 3].map((k) => ({
          code: `SAE${sem}.0${k}`,
          titre: `SAÉ ${sem}.0${k}`,
          module_type: 3,
          numero: 10 + k,
        })),
      ];
      const modIds = await bulkInsertIds(
        trx,
        'sco_module',
        modules.map((m) => ({
          formation_id: butId,
          ue_id: ueIds[sem][0],
          matiere_id: mat,
          titre: m.titre,
          abbrev: m.code,
          code: m.code,
          code_apogee: `V${m.code.replace('.', '')}`,
          coefficient: 1,
          ects: null,
          heures_cours: 10,
          heures_td: 20,
          heures_tp: 12,
          semestre_id: sem,
          numero: m.numero,
          module_type: m.module_type,
        })),
      );
      const coefs: Record<string, unknown>[] = [];
      modIds.forEach((mid, mi) => {
        ueIds[sem].forEach((ueId, ui) => {
          // A sparse matrix: each module weighs on three UEs.
          if ((mi + ui) % 2 === 0) coefs.push({ module_id: mid, ue_id: ueId, coef: 4 + ((mi * 7 + ui * 3) % 9) });
        });
      });
      await bulkInsert(trx, 'sco_module_ue_coef', coefs);
    }

    // Classic DUT formation (type 100), UE > matière > module with module coefficients.
    const [dutId] = await bulkInsertIds(trx, 'sco_formation', [
      {
        dept_id: cj,
        acronyme: 'DUT CJ',
        titre: 'DUT Carrières Juridiques',
        titre_officiel: 'DUT Carrières Juridiques',
        version: 1,
        type_parcours: 100,
        formation_code: 'FCOD-DUT-CJ',
        code_specialite: 'CJ',
      },
    ]);
    const dutUes = await bulkInsertIds(trx, 'sco_ue', [
      {
        formation_id: dutId,
        acronyme: 'UE11',
        titre: 'Droit fondamental',
        numero: 1,
        type: 0,
        ue_code: 'UCJ11',
        ects: 15,
        is_external: 0,
        coefficient: 0,
        semestre_idx: 1,
      },
      {
        formation_id: dutId,
        acronyme: 'UE12',
        titre: 'Culture générale',
        numero: 2,
        type: 0,
        ue_code: 'UCJ12',
        ects: 15,
        is_external: 0,
        coefficient: 0,
        semestre_idx: 1,
      },
    ]);
    for (const [ui, ueId] of dutUes.entries()) {
      const [mat] = await bulkInsertIds(trx, 'sco_matiere', [
        { ue_id: ueId, titre: ui === 0 ? 'Droit' : 'Culture', numero: 1 },
      ]);
      await bulkInsert(
        trx,
        'sco_module',
        [1, 2, 3].map((k) => ({
          formation_id: dutId,
          ue_id: ueId,
          matiere_id: mat,
          titre: `${ui === 0 ? 'Droit' : 'Expression'} ${k}`,
          abbrev: `M1${ui + 1}0${k}`,
          code: `M1${ui + 1}0${k}`,
          coefficient: k === 1 ? 3 : 2,
          heures_cours: 15,
          heures_td: 15,
          heures_tp: 0,
          semestre_id: 1,
          numero: k,
          module_type: 0,
        })),
      );
    }

    // Formsemestres, cohorts and inscriptions, `scale` times.
    const formsemestres: DemoSummary['formsemestres'] = [];
    let studentCount = 0;
    let nipSeq = 0;
    const respInfo = users.chef_info;
    const respCj = users.ens_cj;
    for (let s = 0; s < opts.scale; s++) {
      const suffix = opts.scale > 1 ? ` (${s + 1})` : '';
      const fsRows = [
        {
          dept_id: info,
          formation_id: butId,
          semestre_id: 1,
          titre: `BUT Informatique${suffix}`,
          date_debut: `${y - 1}-08-01`,
          date_fin: `${y}-01-31`,
          etat: 0,
          etape_apo: 'V1INF',
          courant: false,
          resp: respInfo,
        },
        {
          dept_id: info,
          formation_id: butId,
          semestre_id: 2,
          titre: `BUT Informatique${suffix}`,
          date_debut: `${y}-02-01`,
          date_fin: `${y}-07-31`,
          etat: 0,
          etape_apo: 'V1INF',
          courant: false,
          resp: respInfo,
        },
        {
          dept_id: info,
          formation_id: butId,
          semestre_id: 1,
          titre: `BUT Informatique${suffix}`,
          date_debut: `${y}-08-01`,
          date_fin: `${y + 1}-01-31`,
          etat: 1,
          etape_apo: 'V1INF,V1INFA',
          courant: true,
          resp: respInfo,
        },
        {
          dept_id: info,
          formation_id: butId,
          semestre_id: 3,
          titre: `BUT Informatique${suffix}`,
          date_debut: `${y}-08-01`,
          date_fin: `${y + 1}-01-31`,
          etat: 1,
          etape_apo: 'V2INF',
          courant: true,
          resp: respInfo,
        },
        {
          dept_id: cj,
          formation_id: dutId,
          semestre_id: 1,
          titre: `DUT Carrières Juridiques${suffix}`,
          date_debut: `${y}-08-01`,
          date_fin: `${y + 1}-01-31`,
          etat: 1,
          etape_apo: 'V1CJ',
          courant: true,
          resp: respCj,
        },
      ];
      const fsIds = await bulkInsertIds(
        trx,
        'sco_formsemestre',
        fsRows.map(({ courant: _c, resp: _r, ...r }) => ({
          ...r,
          modalite: 'FI',
          elt_sem_apo: null,
          elt_annee_apo: null,
        })),
      );
      for (const [i, r] of fsRows.entries()) {
        formsemestres.push({ id: fsIds[i], dept: r.dept_id === info ? 'INFO' : 'CJ', courant: r.courant });
      }
      await bulkInsert(
        trx,
        'sco_formsemestre_responsable',
        fsIds.map((id, i) => ({ formsemestre_id: id, user_id: fsRows[i].resp })),
      );
      await bulkInsert(
        trx,
        'sco_formsemestre_parcours',
        [fsIds[3]].flatMap((id) => [
          { formsemestre_id: id, parcours_id: parcoursA },
          { formsemestre_id: id, parcours_id: parcoursB },
        ]),
      );
      // moduleimpls: every module of the formsemestre's semestre.
      const modules = await trx.selectFrom('sco_module').select(['id', 'formation_id', 'semestre_id']).execute();
      const miRows: Record<string, unknown>[] = [];
      const miOfFs = new Map<number, number[]>();
      fsRows.forEach((r, i) => {
        for (const m of modules) {
          if (Number(m.formation_id) === r.formation_id && Number(m.semestre_id) === r.semestre_id) {
            miRows.push({ formsemestre_id: fsIds[i], module_id: Number(m.id), responsable_id: r.resp });
          }
        }
      });
      const miIds = await bulkInsertIds(trx, 'sco_moduleimpl', miRows);
      miRows.forEach((r, i) => {
        const k = r.formsemestre_id as number;
        miOfFs.set(k, [...(miOfFs.get(k) ?? []), miIds[i]]);
      });
      await bulkInsert(
        trx,
        'sco_moduleimpl_ens',
        miIds
          .map((id) => ({ moduleimpl_id: id, user_id: users.ens_info }))
          .filter((_, i) => (miRows[i].formsemestre_id as number) !== fsIds[4]),
      );

      // Students: 40 new INFO (current S1), 20 INFO second years (past S1+S2, current S3), 40 CJ.
      const cohorts: { dept: number; n: number; fs: number[] }[] = [
        { dept: info, n: 40, fs: [fsIds[2]] },
        { dept: info, n: 20, fs: [fsIds[0], fsIds[1], fsIds[3]] },
        { dept: cj, n: 40, fs: [fsIds[4]] },
      ];
      for (const c of cohorts) {
        const etuds: Record<string, unknown>[] = [];
        for (let k = 0; k < c.n; k++) {
          const i = nipSeq++;
          const f = i % 2 === 0;
          const nom = pick(NOMS, i * 7 + Math.floor(i / 30)).toUpperCase();
          const prenom = f ? pick(PRENOMS_F, i) : pick(PRENOMS_M, i);
          const birthYear = y - 18 - Math.floor(rnd(i) * 3);
          etuds.push({
            dept_id: c.dept,
            code_nip: String(22000000 + i),
            code_ine: `${100000000 + i}AB`,
            civilite: f ? 'F' : 'M',
            nom,
            nom_usuel: null,
            prenom,
            sort_key: makeSortKey(nom, null, prenom),
            date_naissance: `${birthYear}-${String(1 + Math.floor(rnd(i + 1) * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd(i + 2) * 28)).padStart(2, '0')}`,
            lieu_naissance: pick(['Paris', 'Lyon', 'Villetaneuse', 'Saint-Denis', 'Lille'], i),
            dept_naissance: pick(['75', '69', '93', '93', '59'], i),
            nationalite: 'Française',
            statut: null,
            boursier: i % 3 === 0 ? 1 : 0,
          });
        }
        const ids = await bulkInsertIds(trx, 'sco_etudiant', etuds);
        studentCount += ids.length;
        await bulkInsert(
          trx,
          'sco_admission',
          ids.map((id, k) => ({
            etudid: id,
            annee: y - (c.fs.length > 1 ? 1 : 0),
            bac: pick(['G', 'STI2D', 'STMG'], k),
            specialite: pick(['NSI-Maths', 'SI', 'Gestion'], k),
            annee_bac: y - (c.fs.length > 1 ? 1 : 0),
            type_admission: 'Parcoursup',
            boursier_prec: 0,
          })),
        );
        await bulkInsert(
          trx,
          'sco_adresse',
          ids.map((id, k) => ({
            etudid: id,
            email: `etu${id}@etu.campus.invalid`,
            emailperso: null,
            domicile: `${k + 1} rue de l’Université`,
            codepostaldomicile: '93430',
            villedomicile: 'Villetaneuse',
            paysdomicile: 'France',
            typeadresse: 'domicile',
          })),
        );
        for (const [fi, fsId] of c.fs.entries()) {
          const date = fsRows[fsIds.indexOf(fsId)].date_debut;
          await bulkInsert(
            trx,
            'sco_inscription',
            // A few démissions and défaillances in past semesters, as in real data.
            ids.map((id, k) => ({
              etudid: id,
              formsemestre_id: fsId,
              etat: fi === 0 && c.fs.length > 1 && k === 0 ? 'D' : 'I',
              date_inscription: date,
              parcours_id: fsId === fsIds[3] ? (k % 2 ? parcoursB : parcoursA) : null,
            })),
          );
          const mis = miOfFs.get(fsId) ?? [];
          await bulkInsert(
            trx,
            'sco_moduleimpl_inscription',
            mis.flatMap((mi) => ids.map((id) => ({ moduleimpl_id: mi, etudid: id }))),
          );
          await seedPartitions(trx, fsId, ids, fsId === fsIds[3]);
        }
      }
    }
    return { depts, users, formsemestres, students: studentCount };
  });
}

/** Default partition + TD (2 groups) + TP (4 groups) [+ Parcours A/B]; every student in one group of each. */
export async function seedPartitions(trx: Kysely<any>, fsId: number, etudids: readonly number[], parcours: boolean) {
  const existing = await trx
    .selectFrom('sco_partition')
    .select(['id', 'partition_name'])
    .where('formsemestre_id', '=', fsId)
    .execute();
  const byName = new Map(existing.map((p) => [p.partition_name as string | null, Number(p.id)]));
  const specs: [string | null, string[], number][] = [
    [null, [''], -1],
    ['TD', ['TD1', 'TD2'], 1],
    ['TP', ['TP1', 'TP2', 'TP3', 'TP4'], 2],
    ...(parcours ? ([['Parcours', ['A', 'B'], 3]] as [string, string[], number][]) : []),
  ];
  for (const [name, groups, numero] of specs) {
    let pid = byName.get(name);
    let gids: number[];
    if (pid === undefined) {
      [pid] = await bulkInsertIds(trx, 'sco_partition', [
        {
          formsemestre_id: fsId,
          partition_name: name,
          numero,
          bul_show_rank: 0,
          show_in_lists: name === null ? 0 : 1,
          groups_editable: name === null || name === 'Parcours' ? 0 : 1,
          is_parcours: name === 'Parcours' ? 1 : 0,
        },
      ]);
      gids = await bulkInsertIds(
        trx,
        'sco_group',
        groups.map((g, i) => ({ partition_id: pid, group_name: name === null ? null : g, numero: i })),
      );
    } else {
      gids = (
        await trx.selectFrom('sco_group').select('id').where('partition_id', '=', pid).orderBy('numero').execute()
      ).map((g) => Number(g.id));
    }
    await bulkInsert(
      trx,
      'sco_group_member',
      etudids.map((etudid, k) => ({
        partition_id: pid,
        group_id: gids[Math.floor((k * gids.length) / etudids.length)],
        etudid,
      })),
    );
  }
}

/**
 * One more current formsemestre of the INFO BUT with `n` new students in TD/TP groups (benchmarks:
 * `formsemestre/<id>/etudiants/long` with 300 students). Returns its id.
 */
export async function seedLargeFormsemestre(db: Kysely<any>, n: number, timeZone: string): Promise<number> {
  const y = anneeScolaire(todayIso(timeZone));
  return db.transaction().execute(async (trx) => {
    const info = await trx
      .selectFrom('sco_departement')
      .select('id')
      .where('acronym', '=', 'INFO')
      .executeTakeFirstOrThrow();
    const but = await trx
      .selectFrom('sco_formation')
      .select('id')
      .where('dept_id', '=', info.id)
      .where('type_parcours', '=', 700)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const [fsId] = await bulkInsertIds(trx, 'sco_formsemestre', [
      {
        dept_id: info.id,
        formation_id: but.id,
        semestre_id: 1,
        titre: 'BUT Informatique (grand groupe)',
        date_debut: `${y}-08-01`,
        date_fin: `${y + 1}-01-31`,
        etat: 1,
        modalite: 'FI',
        etape_apo: 'V1INFG',
      },
    ]);
    const ids = await bulkInsertIds(
      trx,
      'sco_etudiant',
      Array.from({ length: n }, (_, k) => {
        const nom = pick(NOMS, k * 11 + 3).toUpperCase();
        const prenom = k % 2 ? pick(PRENOMS_M, k) : pick(PRENOMS_F, k);
        return {
          dept_id: info.id,
          code_nip: `G${fsId}-${k}`,
          code_ine: null,
          civilite: k % 2 ? 'M' : 'F',
          nom,
          prenom,
          sort_key: makeSortKey(nom, null, prenom),
          date_naissance: `${y - 19}-05-${String(1 + (k % 28)).padStart(2, '0')}`,
          nationalite: 'Française',
          boursier: k % 4 === 0 ? 1 : 0,
        };
      }),
    );
    await bulkInsert(
      trx,
      'sco_admission',
      ids.map((id) => ({ etudid: id, annee: y, bac: 'G', annee_bac: y, type_admission: 'Parcoursup' })),
    );
    await bulkInsert(
      trx,
      'sco_adresse',
      ids.map((id) => ({ etudid: id, email: `etu${id}@etu.campus.invalid`, villedomicile: 'Villetaneuse' })),
    );
    await bulkInsert(
      trx,
      'sco_inscription',
      ids.map((id) => ({ etudid: id, formsemestre_id: fsId, etat: 'I', date_inscription: `${y}-08-01` })),
    );
    await seedPartitions(trx, fsId, ids, false);
    return fsId;
  });
}
