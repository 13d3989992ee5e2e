/** CMDB answers with Monq's field names (service-modes.md, CMDB: CI answer [Campus, Monq field names]). */
import type { CiRow, ShareRow } from './cmdb.queries.js';

export function presentCi(c: CiRow, shares: readonly ShareRow[]) {
  return {
    id: Number(c.id),
    name: c.name,
    description: c.description,
    configItemType: c.type_id === null ? null : { id: Number(c.type_id), name: c.type_name! },
    ownerWorkGroup: { id: Number(c.owner_workgroup_id), name: c.owner_name },
    parent: c.parent_id === null ? null : { id: Number(c.parent_id), name: c.parent_name! },
    labels: JSON.parse(c.labels) as Record<string, string>,
    sharedToWorkGroups: shares
      .filter((s) => Number(s.ci_id) === Number(c.id))
      .map((s) => ({ workGroupId: Number(s.workgroup_id), name: s.name, access: s.access })),
  };
}
