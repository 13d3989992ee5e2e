/**
 * `formsemestre/<id>/resultats` rows (scodoc.md §5.11, compat §3.6): one per inscrit, identity columns, rank,
 * general average, UE averages, then module averages per UE (BUT: `moy_res_<mi>_<ue>` / `moy_sae_<mi>_<ue>`;
 * classic: `moy_mod_<mi>`), and the group of each named partition. Formatted strings (`"16.38"`, `"~"`), or
 * raw floats (`NaN` literal) with `?format=raw`. Rows by rank, unranked last, then `sort_key` (D28).
 */
import { fmtNote } from '../../grades/format-note.js';
import { float } from '../../json.js';
import type { LoadedResults } from '../../results/formsemestre-results.js';
import type { InscritLoadRow } from '../../results/results.queries.js';

/** ScoDoc's `civilite_str`. */
export function civiliteStr(c: string): string {
  return c === 'M' ? 'M.' : c === 'F' ? 'Mme' : '';
}

export function nomDisp(e: Pick<InscritLoadRow, 'nom' | 'nom_usuel'>): string {
  return (e.nom_usuel || e.nom).toUpperCase();
}

interface Column {
  readonly key: string;
  readonly values: Float64Array;
  /** Module columns: "~" for students not inscribed. */
  readonly inscrit: Uint8Array | null;
}

export function presentResultats(loaded: LoadedResults, raw: boolean) {
  const { data: d, results: res } = loaded;
  const v = raw ? (x: number) => float(x) : (x: number) => fmtNote(x);
  const ueCols = d.ues.filter((u) => res.ues.has(Number(u.id)) && !res.ues.get(Number(u.id))!.sport);
  // Columns computed once (key names and value arrays), then filled row by row.
  const cols: Column[] = ueCols.map((u) => ({
    key: `moy_ue_${u.id}`,
    values: res.ues.get(Number(u.id))!.moy,
    inscrit: null,
  }));
  for (const m of d.modules) {
    const mr = res.modules.get(Number(m.id));
    if (!mr) continue;
    if (d.isBut && (mr.kind === 'ressource' || mr.kind === 'sae')) {
      const prefix = mr.kind === 'sae' ? 'moy_sae' : 'moy_res';
      for (const u of ueCols) {
        const col = mr.moy_ue.get(Number(u.id));
        if (col) cols.push({ key: `${prefix}_${m.id}_${u.id}`, values: col, inscrit: mr.inscrit });
      }
    } else {
      cols.push({ key: `moy_mod_${m.id}`, values: mr.moy, inscrit: mr.inscrit });
    }
  }
  const none = v(Number.NaN);
  const rows: { rank: number; i: number; row: Record<string, unknown> }[] = [];
  d.inscrits.forEach((e, pos) => {
    const i = res.index.get(Number(e.etudid))!;
    const nom = nomDisp(e);
    const row: Record<string, unknown> = {
      etudid: Number(e.etudid),
      code_nip: e.code_nip,
      civilite_str: civiliteStr(e.civilite),
      nom_disp: nom,
      nom_short: `${nom} ${e.prenom.slice(0, 1).toUpperCase()}.`,
      prenom: e.prenom,
      etat: e.etat,
      rang: res.general.rank.value[i],
      moy_gen: v(res.general.moy[i]),
      bonus: v(res.general.bonus[i]),
    };
    for (const c of cols) row[c.key] = c.inscrit === null || c.inscrit[i] ? v(c.values[i]) : none;
    for (const g of d.groupsOf.get(Number(e.etudid)) ?? []) row[`part_${g.partition_id}`] = g.group_name;
    rows.push({ rank: res.general.rank.rank[i] || Number.MAX_SAFE_INTEGER, i: pos, row });
  });
  rows.sort((a, b) => a.rank - b.rank || a.i - b.i);
  return rows.map((r) => r.row);
}
