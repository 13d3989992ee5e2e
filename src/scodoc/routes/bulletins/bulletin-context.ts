/**
 * What one bulletin needs besides the cached results: the notes, jury decisions, matières and absences of
 * the formsemestre (each loaded once per request, whatever the number of bulletins), and the version asked.
 */
import type { Database } from '../../../db/database.js';
import { ScoError } from '../../errors.js';
import type { FormsemestreResults } from '../../grades/types.js';
import type { FormsemestreData, LoadedResults, NotesIndex } from '../../results/formsemestre-results.js';
import { type BulletinAbsences, bulletinAbsences } from '../assiduites/bulletin-absences.js';
import { decisionsOfFs, type FsDecisions } from '../jury/jury.queries.js';

/** scodoc.md §5.9–5.10, D11: `long` default, `butcourt` = `long` in JSON, `*_mat` = without matières on BUT. */
export const BULLETIN_VERSIONS = ['long', 'short', 'selectedevals', 'butcourt', 'long_mat', 'short_mat'] as const;
export type BulletinVersion = (typeof BULLETIN_VERSIONS)[number];

export function bulletinVersion(v: string | undefined): BulletinVersion {
  if (v === undefined) return 'long';
  if (!(BULLETIN_VERSIONS as readonly string[]).includes(v)) throw new ScoError('SCO_ERR_VERSION_INVALID');
  return v as BulletinVersion;
}

export interface BulletinContext {
  readonly data: FormsemestreData;
  /** Per-version memo of the loaded results (bulletins are derived from the version only, date apart). */
  readonly derived: Map<string, unknown>;
  /** The formsemestre's évaluations by moduleimpl, in D28 order. */
  readonly evaluationsOf: ReadonlyMap<number, FormsemestreData['evaluations']>;
  readonly results: FormsemestreResults;
  readonly notes: NotesIndex;
  readonly decisions: FsDecisions;
  readonly matieres: ReadonlyMap<number, { readonly titre: string | null; readonly numero: number }>;
  readonly version: BulletinVersion;
  /** Raw numbers (`?format=raw`) instead of formatted strings. */
  readonly raw: boolean;
  /** ISO UTC with Z (D9), the same for every bulletin of one request. */
  readonly date: string;
  readonly timeZone: string;
  readonly absences: (etudid: number) => Promise<BulletinAbsences>;
}

interface BulletinBase {
  readonly notes: NotesIndex;
  readonly decisions: FsDecisions;
  readonly matRows: readonly { id: number; titre: string | null; numero: number }[];
  readonly evaluationsOf: ReadonlyMap<number, FormsemestreData['evaluations']>;
}

export async function bulletinContext(
  db: Database,
  loaded: LoadedResults,
  version: BulletinVersion,
  raw: boolean,
  settings: Parameters<typeof bulletinAbsences>[3],
): Promise<BulletinContext> {
  const fsId = Number(loaded.data.fs.id);
  // Notes, decisions and matières change only with the results version (jury writes bump it too).
  let base = loaded.derived.get('bulletin-base') as BulletinBase | undefined;
  if (!base) {
    const matIds = [...new Set(loaded.data.modules.map((m) => m.matiere_id).filter((x) => x !== null))] as number[];
    const [notes, decisions, matRows] = await Promise.all([
      loaded.notes(),
      decisionsOfFs(db.kysely, fsId),
      matIds.length
        ? db.kysely.selectFrom('sco_matiere').select(['id', 'titre', 'numero']).where('id', 'in', matIds).execute()
        : Promise.resolve([]),
    ]);
    const evaluationsOf = new Map<number, FormsemestreData['evaluations'][number][]>();
    for (const e of loaded.data.evaluations) {
      const k = Number(e.moduleimpl_id);
      const l = evaluationsOf.get(k);
      if (l) l.push(e);
      else evaluationsOf.set(k, [e]);
    }
    base = { notes, decisions, matRows, evaluationsOf };
    loaded.derived.set('bulletin-base', base);
  }
  const { notes, decisions, matRows, evaluationsOf } = base;
  return {
    data: loaded.data,
    derived: loaded.derived,
    evaluationsOf,
    results: loaded.results,
    notes,
    decisions,
    matieres: new Map(matRows.map((m) => [Number(m.id), { titre: m.titre, numero: Number(m.numero) }])),
    version,
    raw,
    date: new Date().toISOString(),
    timeZone: settings.timeZone,
    absences: (etudid) => bulletinAbsences(db, etudid, fsId, settings),
  };
}
