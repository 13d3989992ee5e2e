import { type ModuleRow, presentModule } from '../formations/formations.present.js';
import type { ModuleimplRow } from './moduleimpls.queries.js';

/** scodoc.md §5.5 `moduleimpl`. */
export function presentModuleimpl(mi: ModuleimplRow, module: ModuleRow, ens: readonly number[]) {
  return {
    id: Number(mi.id),
    moduleimpl_id: Number(mi.id),
    module_id: Number(mi.module_id),
    formsemestre_id: Number(mi.formsemestre_id),
    responsable_id: mi.responsable_id === null ? null : Number(mi.responsable_id),
    computation_expr: mi.computation_expr,
    ens: [...ens],
    module: presentModule(module),
  };
}
