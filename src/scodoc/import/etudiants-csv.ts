/**
 * `campus scodoc import-etudiants FILE.csv --formsemestre N`: creates the students of a CSV file (or
 * finds them by NIP in the formsemestre's department) and inscribes them. Header row with ScoDoc's
 * field names (nom, prenom, civilite, code_nip, code_ine, date_naissance, email, …), `;` or `,`
 * separated. Each line is checked and written on its own, so one bad line is reported, not fatal; a
 * dry run checks every line (also duplicates inside the file) and writes nothing.
 */
import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import { ScoError } from '../errors.js';
import { codeTaken, insertEtudiant, readEtudiant } from '../routes/etudiants/etudiants.writes.js';
import { inscrire } from '../routes/formsemestres/formsemestres.writes.js';

export interface ImportReport {
  readonly lines: number;
  readonly created: number;
  readonly existing: number;
  readonly inscribed: number;
  readonly rejects: { readonly line: number; readonly reason: string }[];
}

export interface ImportOptions {
  readonly formsemestreId: number;
  readonly csv: string;
  readonly dryRun: boolean;
  readonly today: string;
  readonly onProgress?: (done: number, total: number) => void;
}

export class ImportError extends Error {}

export async function importEtudiantsCsv(db: Kysely<any>, o: ImportOptions): Promise<ImportReport> {
  const fs = await db
    .selectFrom('sco_formsemestre')
    .select(['id', 'dept_id', 'etat'])
    .where('id', '=', o.formsemestreId)
    .executeTakeFirst();
  if (!fs) throw new ImportError(`no formsemestre ${o.formsemestreId}`);
  if (!fs.etat) throw new ImportError(`formsemestre ${o.formsemestreId} is locked`);
  const deptId = Number(fs.dept_id);
  const firstLine = o.csv.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: Record<string, string>[];
  try {
    records = parse(o.csv.replace(/^\uFEFF/, ''), {
      columns: (h: string[]) => h.map((x) => x.trim().toLowerCase()),
      delimiter,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
    });
  } catch (e) {
    throw new ImportError(`unreadable CSV: ${(e as Error).message}`);
  }
  const rejects: { line: number; reason: string }[] = [];
  let created = 0;
  let existing = 0;
  let inscribed = 0;
  const seen = new Map<string, number>();
  for (const [i, rec] of records.entries()) {
    const line = i + 2;
    o.onProgress?.(i, records.length);
    const body: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(rec)) if (v !== '') body[k] = v;
    try {
      const nip = typeof body.code_nip === 'string' ? body.code_nip : null;
      if (nip) {
        const first = seen.get(nip);
        if (first !== undefined) throw new ImportError(`code_nip ${nip} already on line ${first}`);
        seen.set(nip, line);
      }
      const known = nip
        ? await db
            .selectFrom('sco_etudiant')
            .select('id')
            .where('dept_id', '=', deptId)
            .where('code_nip', '=', nip)
            .executeTakeFirst()
        : undefined;
      if (known) {
        existing++;
        if (!o.dryRun) await inscrire(db, Number(fs.id), Number(known.id), o.today);
        inscribed++;
        continue;
      }
      const input = readEtudiant('import', body, true);
      const taken = await codeTaken(db, deptId, input.etud, null);
      if (taken) throw new ImportError(`${taken} already used in this department`);
      if (!o.dryRun) {
        const id = await insertEtudiant(db, deptId, input);
        await inscrire(db, Number(fs.id), id, o.today);
      }
      created++;
      inscribed++;
    } catch (e) {
      if (e instanceof ScoError) rejects.push({ line, reason: e.message.replace(/^import: /, '') });
      else if (e instanceof ImportError) rejects.push({ line, reason: e.message });
      else throw e;
    }
  }
  o.onProgress?.(records.length, records.length);
  return { lines: records.length, created, existing, inscribed, rejects };
}
