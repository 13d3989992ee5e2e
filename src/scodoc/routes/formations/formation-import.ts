/**
 * Import of a formation from ScoDoc's own export (JSON or XML, scodoc.md §5.3; samples
 * exemple_formation_dut_info.json and formation-exemple-1.xml): formation → UE → matière → module, BUT
 * coefficients by `ue_reference`. One transaction; a formation with the same code and acronym in the
 * department gets the next version, as ScoDoc does.
 */
import type { Kysely } from 'kysely';
import { parseXml, type XmlElement } from './xml-tree.js';

export class FormationImportError extends Error {}

type Obj = Record<string, unknown>;

const INT_FIELDS = new Set([
  'type_parcours',
  'version',
  'numero',
  'type',
  'is_external',
  'semestre_idx',
  'semestre_id',
  'module_type',
]);

function xmlToObj(el: XmlElement): Obj {
  const o: Obj = { ...el.attrs };
  for (const c of el.children) {
    const key = c.name;
    const list = (o[key] as Obj[] | undefined) ?? [];
    list.push(xmlToObj(c));
    o[key] = list;
  }
  return o;
}

/** Parses the text of an export, JSON or XML (detected by its first character). */
export function parseFormationExport(text: string): Obj {
  const t = text.replace(/^\uFEFF/, '').trimStart();
  if (t.startsWith('<')) {
    let root: XmlElement;
    try {
      root = parseXml(t);
    } catch (e) {
      throw new FormationImportError(`invalid XML: ${(e as Error).message}`);
    }
    if (root.name !== 'formation') throw new FormationImportError('the root element must be <formation>');
    return xmlToObj(root);
  }
  try {
    const o = JSON.parse(t);
    if (!o || typeof o !== 'object' || Array.isArray(o)) throw new Error('not an object');
    return o as Obj;
  } catch (e) {
    throw new FormationImportError(`invalid JSON: ${(e as Error).message}`);
  }
}

function num(o: Obj, k: string, def: number | null): number | null {
  const v = o[k];
  if (v === undefined || v === null || v === '') return def;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new FormationImportError(`${k}: not a number ("${String(v)}")`);
  if (INT_FIELDS.has(k) && !Number.isInteger(n)) throw new FormationImportError(`${k}: not an integer`);
  return n;
}

function str(o: Obj, k: string, def: string | null = null): string | null {
  const v = o[k];
  if (v === undefined || v === null) return def;
  return String(v);
}

function list(o: Obj, k: string): Obj[] {
  const v = o[k];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new FormationImportError(`${k} must be a list`);
  return v as Obj[];
}

export interface ImportResult {
  readonly formation_id: number;
  readonly version: number;
  readonly ues: number;
  readonly modules: number;
}

export async function importFormation(db: Kysely<any>, deptId: number, data: Obj): Promise<ImportResult> {
  const acronyme = str(data, 'acronyme');
  const titre = str(data, 'titre') ?? str(data, 'titre_officiel') ?? acronyme;
  const typeParcours = num(data, 'type_parcours', null);
  if (!acronyme) throw new FormationImportError('acronyme is required');
  if (typeParcours === null) throw new FormationImportError('type_parcours is required');
  const formationCode = str(data, 'formation_code') || `F${acronyme.replace(/\W/g, '').toUpperCase()}`;
  return db.transaction().execute(async (trx) => {
    const prev = await trx
      .selectFrom('sco_formation')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('dept_id', '=', deptId)
      .where('formation_code', '=', formationCode)
      .where('acronyme', '=', acronyme)
      .executeTakeFirst();
    const version = prev?.v === null || prev?.v === undefined ? (num(data, 'version', 1) ?? 1) : Number(prev.v) + 1;
    const f = await trx
      .insertInto('sco_formation')
      .values({
        dept_id: deptId,
        acronyme,
        titre: titre ?? acronyme,
        titre_officiel: str(data, 'titre_officiel'),
        version,
        type_parcours: typeParcours,
        formation_code: formationCode,
        code_specialite: str(data, 'code_specialite'),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const formationId = Number(f.id);
    const ueByRef = new Map<string, number>();
    const pendingCoefs: { moduleId: number; ref: string; coef: number }[] = [];
    let nUe = 0;
    let nMod = 0;
    for (const [i, ue] of list(data, 'ue').entries()) {
      const ueAcr = str(ue, 'acronyme');
      if (!ueAcr) throw new FormationImportError(`ue ${i + 1}: acronyme is required`);
      const u = await trx
        .insertInto('sco_ue')
        .values({
          formation_id: formationId,
          acronyme: ueAcr,
          titre: str(ue, 'titre', ueAcr),
          numero: num(ue, 'numero', i),
          type: num(ue, 'type', 0),
          ue_code: str(ue, 'ue_code') || ueAcr,
          ects: num(ue, 'ects', null),
          is_external: ['1', 'true', 'True'].includes(String(ue.is_external ?? '0')) ? 1 : 0,
          code_apogee: str(ue, 'code_apogee'),
          coefficient: num(ue, 'coefficient', null),
          semestre_idx: num(ue, 'semestre_idx', null),
          color: str(ue, 'color'),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const ueId = Number(u.id);
      nUe++;
      ueByRef.set(String(ue.reference ?? ue.ue_id ?? ue.id ?? `#${i}`), ueId);
      for (const [j, mat] of list(ue, 'matiere').entries()) {
        const m = await trx
          .insertInto('sco_matiere')
          .values({ ue_id: ueId, titre: str(mat, 'titre'), numero: num(mat, 'numero', j) })
          .returning('id')
          .executeTakeFirstOrThrow();
        for (const [k, mod] of list(mat, 'module').entries()) {
          const code = str(mod, 'code');
          if (!code) throw new FormationImportError(`ue ${ueAcr}, module ${k + 1}: code is required`);
          const row = await trx
            .insertInto('sco_module')
            .values({
              formation_id: formationId,
              ue_id: ueId,
              matiere_id: Number(m.id),
              titre: str(mod, 'titre'),
              abbrev: str(mod, 'abbrev'),
              code,
              code_apogee: str(mod, 'code_apogee'),
              coefficient: num(mod, 'coefficient', null),
              ects: num(mod, 'ects', null),
              heures_cours: num(mod, 'heures_cours', null),
              heures_td: num(mod, 'heures_td', null),
              heures_tp: num(mod, 'heures_tp', null),
              semestre_id: num(mod, 'semestre_id', 1),
              numero: num(mod, 'numero', k),
              module_type: num(mod, 'module_type', 0),
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          nMod++;
          for (const c of list(mod, 'coefficients')) {
            const coef = num(c, 'coef', null);
            if (coef !== null) pendingCoefs.push({ moduleId: Number(row.id), ref: String(c.ue_reference), coef });
          }
        }
      }
    }
    for (const c of pendingCoefs) {
      const ueId = ueByRef.get(c.ref);
      if (ueId === undefined) throw new FormationImportError(`coefficient refers to unknown UE "${c.ref}"`);
      await trx.insertInto('sco_module_ue_coef').values({ module_id: c.moduleId, ue_id: ueId, coef: c.coef }).execute();
    }
    return { formation_id: formationId, version, ues: nUe, modules: nMod };
  });
}
