/** OpenAPI schemas of the CMDB routes (`/api/public/sm/v2/rsm/…`). */
import { Type } from 'typebox';

export const Named = Type.Object({ id: Type.Integer(), name: Type.String() });
const Ref = Type.Object({ id: Type.Integer() });
const Access = Type.Union([Type.Literal('Read'), Type.Literal('Edit')]);
const Labels = Type.Record(Type.String(), Type.String());

export const Ci = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  configItemType: Type.Union([Named, Type.Null()]),
  ownerWorkGroup: Named,
  parent: Type.Union([Named, Type.Null()]),
  labels: Labels,
  sharedToWorkGroups: Type.Array(Type.Object({ workGroupId: Type.Integer(), name: Type.String(), access: Access })),
});

export const CiCreate = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 1000 }),
  description: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  parent: Type.Optional(Type.Union([Ref, Type.Null()])),
  configItemType: Type.Optional(Type.Union([Ref, Type.Null()])),
  ownerWorkGroup: Ref,
  labels: Type.Optional(Type.Union([Labels, Type.Null()])),
  sharedToWorkGroups: Type.Optional(
    Type.Array(Type.Object({ workGroupId: Type.Integer(), access: Type.Optional(Access) })),
  ),
});

export const CiUpdate = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 1000 }),
  description: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  configItemType: Type.Optional(Type.Union([Ref, Type.Null()])),
  ownerWorkGroup: Ref,
  labels: Type.Optional(Type.Union([Labels, Type.Null()])),
});

export const CiFilterBody = Type.Object({
  ids: Type.Optional(Type.Union([Type.Array(Type.Integer()), Type.Null()])),
  names: Type.Optional(Type.Union([Type.Array(Type.String()), Type.Null()])),
  labels: Type.Optional(
    Type.Union([
      Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String()), Type.Null()])),
      Type.Null(),
    ]),
  ),
});

export const AccessBody = Type.Object({ workGroupId: Type.Integer(), access: Access });
export const AccessPut = Type.Object({ access: Access });
export const LinkBody = Type.Object({
  sourceId: Type.Integer(),
  targetId: Type.Integer(),
  type: Type.Union([Type.Literal('Hierarchy'), Type.Literal('Influence')]),
});
export const NameBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) });
export const RoleBody = Type.Object({ role: Access });
export const MakeNameUnique = Type.Object({ makeNameUnique: Type.Optional(Type.Boolean({ default: false })) });
