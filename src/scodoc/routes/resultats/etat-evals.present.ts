/** `formsemestre/<id>/etat_evals` (scodoc.md §5.7): per moduleimpl, the state of each évaluation. */
import { isoLocal } from '../../dates.js';
import { float } from '../../json.js';
import type { LoadedResults } from '../../results/formsemestre-results.js';

/** Dates (epoch ms) of the notes of each évaluation. */
export type NoteDates = ReadonlyMap<number, readonly number[]>;

export function presentEtatEvals(loaded: LoadedResults, dates: NoteDates, timeZone: string) {
  const { data: d, results: res } = loaded;
  const iso = (ms: number | null) => (ms === null ? null : isoLocal(Number(ms), timeZone));
  return d.modules.map((m) => ({
    id: Number(m.id),
    titre: m.titre,
    evaluations: d.evaluations
      .filter((e) => Number(e.moduleimpl_id) === Number(m.id))
      .map((e) => {
        const r = res.evaluations.get(Number(e.id))!;
        const ds = [...(dates.get(Number(e.id)) ?? [])].sort((a, b) => a - b);
        return {
          id: Number(e.id),
          description: e.description,
          datetime_epreuve: iso(e.date_debut),
          heure_fin: e.date_fin === null ? null : isoLocal(Number(e.date_fin), timeZone).slice(11, 16),
          coefficient: float(e.coefficient),
          is_complete: r.complete,
          nb_inscrits: r.nb_inscrits,
          nb_manquantes: r.nb_manquantes,
          ABS: r.nb_abs,
          ATT: r.nb_att,
          EXC: r.nb_exc,
          saisie_notes: {
            datetime_debut: ds.length ? iso(ds[0]) : null,
            datetime_fin: ds.length ? iso(ds[ds.length - 1]) : null,
            datetime_mediane: ds.length ? iso(ds[Math.floor((ds.length - 1) / 2)]) : null,
          },
        };
      }),
  }));
}
