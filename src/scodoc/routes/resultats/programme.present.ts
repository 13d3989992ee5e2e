/** `formsemestre/<id>/programme` (scodoc.md §5.13, compat §3.6): five arrays, moduleimpls embedding their module. */

import type { FormsemestreData } from '../../results/formsemestre-results.js';
import { presentUe } from '../formations/formations.present.js';
import { presentModuleimpl } from '../moduleimpls/moduleimpls.present.js';

export function presentProgramme(d: FormsemestreData, ens: ReadonlyMap<number, number[]>) {
  const out = {
    ues: d.ues.map((u) => presentUe(u)),
    ressources: [] as unknown[],
    saes: [] as unknown[],
    modules: [] as unknown[],
    malus: [] as unknown[],
  };
  const sportUes = new Set(d.ues.filter((u) => Number(u.type) === 1).map((u) => Number(u.id)));
  for (const m of d.modules) {
    const mi = presentModuleimpl(
      {
        id: m.id,
        formsemestre_id: d.fs.id,
        module_id: m.module_id,
        responsable_id: m.responsable_id,
        computation_expr: m.computation_expr,
        dept_id: d.fs.dept_id,
      },
      { ...m, id: m.module_id },
      ens.get(Number(m.id)) ?? [],
    );
    const t = Number(m.module_type);
    // §5.13: sport/culture modules go to `modules`; BUT fills ressources/saes, classic `modules`.
    if (m.ue_id !== null && sportUes.has(Number(m.ue_id))) out.modules.push(mi);
    else if (t === 1) out.malus.push(mi);
    else if (t === 2) out.ressources.push(mi);
    else if (t === 3) out.saes.push(mi);
    else out.modules.push(mi);
  }
  return out;
}
