/**
 * A formsemestre's results, cached (issue 5): the grade engine's output keyed by the formsemestre's results
 * version (`sco_results_version`, bumped in the transaction of every write that can change results — notes,
 * évaluations here; attendance; and, through the triggers of migration 0009, inscriptions, module
 * inscriptions, groups, coefficients, UE/module/formsemestre settings and student names).
 *
 * Two levels, both validated by one indexed read of the version, so every instance agrees:
 * - a per-instance memo (last versions seen, with the loaded rows) for the warm path;
 * - `sco_results_cache` in the database: the encoded results (grades/results-codec.ts) shared by instances.
 * The version is read before the rows, so a result is never labelled newer than the data it came from.
 */
import type { Database } from '../../db/database.js';
import { computeFormsemestre } from '../grades/compute-formsemestre.js';
import { moduleKindFromType } from '../grades/module-kind.js';
import { decodeResults, encodeResults } from '../grades/results-codec.js';
import type { FormsemestreInput, FormsemestreResults, InscriptionEtat, StoredNote } from '../grades/types.js';
import {
  cachedResults,
  type EvaluationLoadRow,
  evaluationsOfFs,
  type FsInfoRow,
  fsInfo,
  type GroupLoadRow,
  groupsOfFs,
  type InscritLoadRow,
  inscritsOfFs,
  type ModuleimplLoadRow,
  miInscriptionsOfFs,
  moduleimplsOfFs,
  notesOfFs,
  poidsOfFs,
  resultsVersion,
  type UeLoadRow,
  ueCoefsOfFs,
  uesOfFs,
} from './results.queries.js';

/** Changes whenever the engine or the codec could give other bytes for the same rows. */
export const ENGINE_VERSION = 'SCG1-e1';

/** BUT formations (APC): type_parcours 700 (scodoc.md §5.3). */
export const isButFormation = (typeParcours: number) => Number(typeParcours) === 700;

export interface FormsemestreData {
  readonly fs: FsInfoRow;
  readonly isBut: boolean;
  /** UEs of this semester (BUT: `semestre_idx` or used by a coefficient; classic: UEs of its modules). */
  readonly ues: readonly UeLoadRow[];
  readonly modules: readonly ModuleimplLoadRow[];
  /** moduleimpl → UE id → K (BUT). */
  readonly ueCoefs: ReadonlyMap<number, ReadonlyMap<number, number>>;
  readonly evaluations: readonly EvaluationLoadRow[];
  readonly poids: ReadonlyMap<number, ReadonlyMap<number, number>>;
  readonly inscrits: readonly InscritLoadRow[];
  readonly inscrit: ReadonlyMap<number, InscritLoadRow>;
  /** moduleimpl → inscribed etudids. */
  readonly miInscrits: ReadonlyMap<number, ReadonlySet<number>>;
  /** etudid → its groups (named partitions), partition then group order. */
  readonly groupsOf: ReadonlyMap<number, readonly GroupLoadRow[]>;
}

/** évaluation id → etudid → stored value (null = ABS). */
export type NotesIndex = ReadonlyMap<number, ReadonlyMap<number, StoredNote>>;

export interface LoadedResults {
  readonly version: number;
  readonly data: FormsemestreData;
  readonly results: FormsemestreResults;
  /** The stored notes by évaluation and student, loaded once per version on first use (bulletins). */
  notes(): Promise<NotesIndex>;
  /**
   * Presentations derived from this version only (a `resultats` body, one bulletin…), kept with it so that
   * the warm path does not redo them; gone with the version.
   */
  readonly derived: Map<string, unknown>;
}

interface Memo {
  readonly entries: Map<number, LoadedResults>;
}
const MEMO_SIZE = 32;
const memos = new WeakMap<Database, Memo>();

function memoOf(db: Database): Memo {
  let m = memos.get(db);
  if (!m) {
    m = { entries: new Map() };
    memos.set(db, m);
  }
  return m;
}

export async function currentVersion(db: Database, fsId: number): Promise<number> {
  const row = await db.statements.first(resultsVersion, { fs: fsId });
  return row ? Number(row.version) : 0;
}

/** The results of formsemestre `fsId` (which must exist), from the memo, the database cache or the engine. */
export async function formsemestreResults(db: Database, fsId: number): Promise<LoadedResults> {
  const version = await currentVersion(db, fsId);
  const memo = memoOf(db);
  const hit = memo.entries.get(fsId);
  if (hit && hit.version === version) {
    // LRU: most recent last
    memo.entries.delete(fsId);
    memo.entries.set(fsId, hit);
    return hit;
  }
  const data = await loadData(db, fsId);
  let noteRows: Promise<readonly NoteRow[]> | null = null;
  const rows = () => {
    noteRows ??= db.statements.all(notesOfFs, { fs: fsId });
    return noteRows;
  };
  let notesIndex: Promise<NotesIndex> | null = null;
  const notes = () => {
    notesIndex ??= rows().then(indexNotes);
    return notesIndex;
  };
  let results: FormsemestreResults | null = null;
  const cached = await db.statements.first(cachedResults, { fs: fsId });
  if (cached && Number(cached.version) === version && cached.engine === ENGINE_VERSION) {
    try {
      results = decodeResults(cached.data);
    } catch {
      results = null;
    }
  }
  if (!results) {
    results = computeFormsemestre(engineInput(data, await rows()));
    await storeResults(db, fsId, version, results);
  }
  const loaded: LoadedResults = { version, data, results, notes, derived: new Map() };
  memo.entries.set(fsId, loaded);
  if (memo.entries.size > MEMO_SIZE) memo.entries.delete(memo.entries.keys().next().value as number);
  return loaded;
}

async function storeResults(db: Database, fsId: number, version: number, res: FormsemestreResults) {
  const data = encodeResults(res);
  try {
    await db.kysely
      .insertInto('sco_results_cache')
      .values({ formsemestre_id: fsId, version, engine: ENGINE_VERSION, data })
      .onConflict((oc) => oc.column('formsemestre_id').doUpdateSet({ version, engine: ENGINE_VERSION, data }))
      .execute();
  } catch {
    // The formsemestre was deleted meanwhile: nothing to cache.
  }
}

async function loadData(db: Database, fsId: number): Promise<FormsemestreData> {
  const p = { fs: fsId };
  const s = db.statements;
  const [fsRow, allUes, modules, coefs, evaluations, poidsRows, inscrits, miIns, groups] = await Promise.all([
    s.first(fsInfo, p),
    s.all(uesOfFs, p),
    s.all(moduleimplsOfFs, p),
    s.all(ueCoefsOfFs, p),
    s.all(evaluationsOfFs, p),
    s.all(poidsOfFs, p),
    s.all(inscritsOfFs, p),
    s.all(miInscriptionsOfFs, p),
    s.all(groupsOfFs, p),
  ]);
  if (!fsRow) throw new Error(`formsemestre ${fsId} not found`);
  const isBut = isButFormation(fsRow.f_type_parcours);
  const ueCoefs = new Map<number, Map<number, number>>();
  const coefUes = new Set<number>();
  for (const c of coefs) {
    const mi = Number(c.moduleimpl_id);
    let m = ueCoefs.get(mi);
    if (!m) {
      m = new Map();
      ueCoefs.set(mi, m);
    }
    m.set(Number(c.ue_id), Number(c.coef));
    if (Number(c.coef) > 0) coefUes.add(Number(c.ue_id));
  }
  const moduleUes = new Set(modules.map((m) => Number(m.ue_id)));
  const ues = allUes.filter((u) =>
    isBut
      ? Number(u.semestre_idx) === Number(fsRow.semestre_id) ||
        coefUes.has(Number(u.id)) ||
        (Number(u.type) === 1 && moduleUes.has(Number(u.id)))
      : moduleUes.has(Number(u.id)),
  );
  const poids = new Map<number, Map<number, number>>();
  for (const r of poidsRows) {
    const e = Number(r.evaluation_id);
    let m = poids.get(e);
    if (!m) {
      m = new Map();
      poids.set(e, m);
    }
    m.set(Number(r.ue_id), Number(r.poids));
  }
  const miInscrits = new Map<number, Set<number>>();
  for (const r of miIns) {
    const mi = Number(r.moduleimpl_id);
    let set = miInscrits.get(mi);
    if (!set) {
      set = new Set();
      miInscrits.set(mi, set);
    }
    set.add(Number(r.etudid));
  }
  const groupsOf = new Map<number, GroupLoadRow[]>();
  for (const g of groups) {
    const e = Number(g.etudid);
    let l = groupsOf.get(e);
    if (!l) {
      l = [];
      groupsOf.set(e, l);
    }
    l.push(g);
  }
  return {
    fs: fsRow,
    isBut,
    ues,
    modules,
    ueCoefs,
    evaluations,
    poids,
    inscrits,
    inscrit: new Map(inscrits.map((i) => [Number(i.etudid), i])),
    miInscrits,
    groupsOf,
  };
}

type NoteRow = { evaluation_id: number; etudid: number; value: number | null };

function indexNotes(rows: readonly NoteRow[]): NotesIndex {
  const out = new Map<number, Map<number, StoredNote>>();
  for (const r of rows) {
    const e = r.evaluation_id;
    let m = out.get(e);
    if (!m) {
      m = new Map();
      out.set(e, m);
    }
    m.set(r.etudid, r.value);
  }
  return out;
}

/** The engine's input (grades/types.ts) from the loaded rows. */
export function engineInput(d: FormsemestreData, noteRows: readonly NoteRow[]): FormsemestreInput {
  const groups = new Map<number, { group_id: number; partition_id: number; etudids: number[] }>();
  for (const [etudid, list] of d.groupsOf) {
    for (const g of list) {
      const id = Number(g.group_id);
      let x = groups.get(id);
      if (!x) {
        x = { group_id: id, partition_id: Number(g.partition_id), etudids: [] };
        groups.set(id, x);
      }
      x.etudids.push(etudid);
    }
  }
  return {
    is_but: d.isBut,
    ues: d.ues.map((u) => ({
      id: Number(u.id),
      acronyme: u.acronyme,
      type: Number(u.type),
      ects: u.ects === null ? null : Number(u.ects),
      coefficient: u.coefficient === null ? null : Number(u.coefficient),
    })),
    modules: d.modules.map((m) => ({
      moduleimpl_id: Number(m.id),
      kind: moduleKindFromType(Number(m.module_type)),
      ue_id: m.ue_id === null ? null : Number(m.ue_id),
      coefficient: m.coefficient === null ? null : Number(m.coefficient),
    })),
    ue_coefs: [...d.ueCoefs].flatMap(([mi, m]) => [...m].map(([ue_id, coef]) => ({ moduleimpl_id: mi, ue_id, coef }))),
    evaluations: d.evaluations.map((e) => ({
      id: Number(e.id),
      moduleimpl_id: Number(e.moduleimpl_id),
      evaluation_type: Number(e.evaluation_type) as 0 | 1 | 2 | 3,
      coefficient: Number(e.coefficient),
      note_max: Number(e.note_max),
      publish_incomplete: Boolean(Number(e.publish_incomplete)),
      date_debut: e.date_debut === null ? null : new Date(Number(e.date_debut)).toISOString(),
      numero: Number(e.numero),
      poids: d.poids.get(Number(e.id)) ?? new Map(),
    })),
    notes: noteRows,
    inscriptions: d.inscrits.map((i) => ({ etudid: Number(i.etudid), etat: i.etat as InscriptionEtat, ue_ids: null })),
    moduleimpl_inscriptions: [...d.miInscrits].flatMap(([mi, set]) =>
      [...set].map((etudid) => ({ moduleimpl_id: mi, etudid })),
    ),
    groups: [...groups.values()],
    capitalisations: [],
    options: { block_moyennes: Boolean(Number(d.fs.block_moyennes)) },
  };
}
