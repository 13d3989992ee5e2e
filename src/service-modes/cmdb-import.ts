/**
 * `campus cmdb import FILE`: loads a real inventory (CIs, their Hierarchy parents, Influence links) from JSON
 * or CSV in one transaction. CIs are keyed by name: an existing CI of that name is updated, others created;
 * workgroups and CI types named in the file are created when missing. Parents are resolved by name (in the
 * file or already in the CMDB) and written parents-first so the closure table stays exact; a cycle, a
 * second parent or an unknown name fails the whole import, naming the row.
 *
 * JSON: `{"configItems": [{"name", "description"?, "type"?, "ownerWorkGroup", "parent"?, "labels"?,
 * "sharedToWorkGroups"?: [{"workGroup", "access"}]}], "links"?: [{"source", "target", "type"}]}`.
 * CSV (header row): `name,description,type,ownerWorkGroup,parent,labels,influences` — labels as `k=v;k=v`,
 * influences as `name;name` (Influence links from this CI).
 */
import { parse as parseCsv } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import {
  type Access,
  addLink,
  insertCi,
  insertNamed,
  type LinkType,
  setShare,
  updateCi,
} from './routes/cmdb/cmdb.queries.js';
import { setParent } from './routes/cmdb/hierarchy.queries.js';
import { writeTransaction } from './write-transaction.js';

export class ImportError extends Error {}

export interface ImportCi {
  readonly name: string;
  readonly description: string | null;
  readonly type: string | null;
  readonly ownerWorkGroup: string;
  readonly parent: string | null;
  readonly labels: Readonly<Record<string, string>>;
  readonly shares: readonly { readonly workGroup: string; readonly access: Access }[];
}

export interface ImportLink {
  readonly source: string;
  readonly target: string;
  readonly type: LinkType;
}

export interface ImportData {
  readonly configItems: readonly ImportCi[];
  readonly links: readonly ImportLink[];
}

function str(v: unknown, where: string, required = false): string | null {
  if (v === undefined || v === null || v === '') {
    if (required) throw new ImportError(`${where}: required`);
    return null;
  }
  if (typeof v !== 'string') throw new ImportError(`${where}: expected a string`);
  return v;
}

function access(v: unknown, where: string): Access {
  const s = String(v ?? 'Read').toLowerCase();
  if (s === 'read') return 'Read';
  if (s === 'edit') return 'Edit';
  throw new ImportError(`${where}: access must be Read or Edit`);
}

function linkType(v: unknown, where: string): LinkType {
  const s = String(v ?? '').toLowerCase();
  if (s === 'hierarchy') return 'Hierarchy';
  if (s === 'influence') return 'Influence';
  throw new ImportError(`${where}: type must be Hierarchy or Influence`);
}

/** Parses the file's text; `format` from the file name when not given. */
export function parseImport(text: string, format: 'json' | 'csv'): ImportData {
  if (format === 'json') {
    let doc: any;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      throw new ImportError(`invalid JSON: ${(e as Error).message}`);
    }
    if (!doc || typeof doc !== 'object' || !Array.isArray(doc.configItems)) {
      throw new ImportError('JSON must be an object with a "configItems" array');
    }
    const cis = doc.configItems.map((c: any, i: number): ImportCi => {
      const at = `configItems[${i}]`;
      if (!c || typeof c !== 'object') throw new ImportError(`${at}: expected an object`);
      const labels = c.labels ?? {};
      if (
        typeof labels !== 'object' ||
        Array.isArray(labels) ||
        Object.values(labels).some((v) => typeof v !== 'string')
      ) {
        throw new ImportError(`${at}.labels: expected an object of strings`);
      }
      return {
        name: str(c.name, `${at}.name`, true)!,
        description: str(c.description, `${at}.description`),
        type: str(c.type, `${at}.type`),
        ownerWorkGroup: str(c.ownerWorkGroup, `${at}.ownerWorkGroup`, true)!,
        parent: str(c.parent, `${at}.parent`),
        labels,
        shares: (Array.isArray(c.sharedToWorkGroups) ? c.sharedToWorkGroups : []).map((s: any, j: number) => ({
          workGroup: str(s?.workGroup, `${at}.sharedToWorkGroups[${j}].workGroup`, true)!,
          access: access(s?.access, `${at}.sharedToWorkGroups[${j}]`),
        })),
      };
    });
    const links = (Array.isArray(doc.links) ? doc.links : []).map(
      (l: any, i: number): ImportLink => ({
        source: str(l?.source, `links[${i}].source`, true)!,
        target: str(l?.target, `links[${i}].target`, true)!,
        type: linkType(l?.type, `links[${i}]`),
      }),
    );
    return { configItems: cis, links };
  }
  let rows: Record<string, string>[];
  try {
    rows = parseCsv(text, { columns: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (e) {
    throw new ImportError(`invalid CSV: ${(e as Error).message}`);
  }
  const links: ImportLink[] = [];
  const cis = rows.map((r, i): ImportCi => {
    const at = `line ${i + 2}`;
    const labels: Record<string, string> = {};
    for (const pair of (r.labels ?? '').split(';').filter((p) => p.trim() !== '')) {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new ImportError(`${at}: labels must be k=v;k=v`);
      labels[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
    }
    const name = str(r.name, `${at}: name`, true)!;
    for (const target of (r.influences ?? '')
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean)) {
      links.push({ source: name, target, type: 'Influence' });
    }
    return {
      name,
      description: str(r.description, `${at}: description`),
      type: str(r.type, `${at}: type`),
      ownerWorkGroup: str(r.ownerWorkGroup, `${at}: ownerWorkGroup`, true)!,
      parent: str(r.parent, `${at}: parent`),
      labels,
      shares: [],
    };
  });
  return { configItems: cis, links };
}

export interface ImportResult {
  readonly created: number;
  readonly updated: number;
  readonly links: number;
}

async function idsByName(trx: Kysely<any>, table: string): Promise<Map<string, number>> {
  const rows = await trx.selectFrom(table).select(['id', 'name']).execute();
  return new Map(rows.map((r) => [r.name as string, Number(r.id)]));
}

/** Writes the parsed inventory in one transaction; `progress(done, total)` after each CI and link. */
export async function importCmdb(
  db: Database,
  data: ImportData,
  opts: { now?: number; progress?: (done: number, total: number) => void } = {},
): Promise<ImportResult> {
  const now = opts.now ?? Date.now();
  const seen = new Set<string>();
  for (const c of data.configItems) {
    if (seen.has(c.name)) throw new ImportError(`CI "${c.name}" appears twice in the file`);
    seen.add(c.name);
  }
  return writeTransaction(db, async (trx) => {
    const workgroups = await idsByName(trx, 'sm_workgroups');
    const types = await idsByName(trx, 'sm_ci_types');
    const cis = await idsByName(trx, 'sm_config_items');
    const named = async (map: Map<string, number>, table: 'sm_workgroups' | 'sm_ci_types', name: string) => {
      let id = map.get(name);
      if (id === undefined) {
        id = (await insertNamed(trx, table, name)).id;
        map.set(name, id);
      }
      return id;
    };
    const total = data.configItems.length + data.links.length;
    let done = 0;
    let created = 0;
    let updated = 0;
    // Parents first: a CI is written once its parent (in the file) exists.
    const byName = new Map(data.configItems.map((c) => [c.name, c]));
    const order: ImportCi[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (c: ImportCi) => {
      const s = state.get(c.name);
      if (s === 'done') return;
      if (s === 'visiting') throw new ImportError(`Hierarchy cycle through CI "${c.name}"`);
      state.set(c.name, 'visiting');
      const p = c.parent ? byName.get(c.parent) : undefined;
      if (p) visit(p);
      state.set(c.name, 'done');
      order.push(c);
    };
    for (const c of data.configItems) visit(c);
    for (const c of order) {
      const parentId = c.parent === null ? null : cis.get(c.parent);
      if (c.parent !== null && parentId === undefined)
        throw new ImportError(`CI "${c.name}": unknown parent "${c.parent}"`);
      const input = {
        name: c.name,
        description: c.description,
        typeId: c.type === null ? null : await named(types, 'sm_ci_types', c.type),
        ownerWorkgroupId: await named(workgroups, 'sm_workgroups', c.ownerWorkGroup),
        labels: c.labels,
      };
      let id = cis.get(c.name);
      if (id === undefined) {
        id = await insertCi(trx, { ...input, parentId: parentId ?? null }, now);
        cis.set(c.name, id);
        created++;
      } else {
        await updateCi(trx, id, input, now);
        try {
          await setParent(trx, id, parentId ?? null, true);
        } catch {
          throw new ImportError(`CI "${c.name}": parent "${c.parent}" would make a Hierarchy cycle`);
        }
        updated++;
      }
      for (const s of c.shares)
        await setShare(trx, id, await named(workgroups, 'sm_workgroups', s.workGroup), s.access);
      opts.progress?.(++done, total);
    }
    for (const l of data.links) {
      const s = cis.get(l.source);
      const t = cis.get(l.target);
      if (s === undefined || t === undefined) {
        throw new ImportError(`link ${l.source} → ${l.target}: unknown CI "${s === undefined ? l.source : l.target}"`);
      }
      try {
        await addLink(trx, s, t, l.type);
      } catch (e) {
        throw new ImportError(`link ${l.source} → ${l.target} (${l.type}): ${(e as Error).message}`);
      }
      opts.progress?.(++done, total);
    }
    return { created, updated, links: data.links.length };
  });
}
