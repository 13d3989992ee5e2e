/**
 * OpenAPI / serialization schemas of the service-modes routes (service-modes-api.ru.txt). Input is read by
 * mode-input.ts / filter-input.ts / paging.ts (exact messages, case-insensitive binding); the schemas here
 * document it and make the answers' serializers.
 */
import { Type } from 'typebox';

const DateTime = Type.String({ format: 'date-time', examples: ['2021-07-08T10:56:17+03:00'] });
const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });
const Labels = Type.Record(Type.String(), Type.String());
const Scope = Type.Union([Type.Literal('Ci'), Type.Literal('CiAndChildren')]);

export const ModeEntry = Type.Object({
  id: Type.Integer(),
  scope: Scope,
  depth: Type.Integer(),
  state: Type.Union(
    [Type.Literal('Pending'), Type.Literal('Active'), Type.Literal('Completed'), Type.Literal('Cancelled')],
    { description: '"Cancelled" (a cancelled pending mode) is a Campus extension of the enum' },
  ),
  dateStart: DateTime,
  dateEnd: DateTime,
});

export const Mode = Type.Object({
  id: Type.Integer(),
  dateStart: DateTime,
  dateEnd: DateTime,
  title: Type.Union([Type.String(), Type.Null()]),
  configItems: Type.Array(ModeEntry),
  labels: Labels,
});

const ModeItemIn = Type.Object({
  id: Id,
  scope: Type.Optional(Scope),
  depth: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, default: 0 })),
});

export const ModeBody = Type.Object({
  title: Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Null()])),
  dateStart: DateTime,
  dateEnd: DateTime,
  configItems: Type.Array(ModeItemIn, { minItems: 1, maxItems: 1000 }),
  labels: Type.Optional(Type.Union([Labels, Type.Null()])),
});

export const EditBody = Type.Object({
  title: Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Null()])),
  dateStart: Type.Optional(DateTime),
  dateEnd: Type.Optional(DateTime),
  configItems: Type.Optional(Type.Array(ModeItemIn, { maxItems: 1000 })),
  labels: Type.Optional(Type.Union([Labels, Type.Null()])),
  cancel: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
});

const DateOps = Type.Object({
  equal: Type.Optional(DateTime),
  lessThan: Type.Optional(DateTime),
  lessThanOrEqual: Type.Optional(DateTime),
  moreThan: Type.Optional(DateTime),
  moreThanOrEqual: Type.Optional(DateTime),
  range: Type.Optional(Type.Object({ start: DateTime, end: DateTime })),
});

export const FilterBody = Type.Object({
  ids: Type.Optional(Type.Array(Type.Integer())),
  configItemIds: Type.Optional(Type.Array(Type.Integer())),
  dateStart: Type.Optional(DateOps),
  dateEnd: Type.Optional(DateOps),
});

export const PagingQuery = Type.Object({
  page: Type.Optional(Type.Integer({ default: 1 })),
  perPage: Type.Optional(Type.Integer({ default: 1000, description: '-1: all rows' })),
  search: Type.Optional(Type.String()),
  sortCol: Type.Optional(Type.String({ description: 'id, dateStart, dateEnd, title' })),
  sortDir: Type.Optional(Type.String({ description: 'asc (exactly) or anything else for descending' })),
  skip: Type.Optional(Type.Integer()),
});

export const BatchQuery = Type.Object({ batchValidate: Type.Optional(Type.Boolean({ default: false })) });
export const IdParams = Type.Object({ id: Type.String({ description: 'integer 1…2147483647' }) });

export const Message = Type.Object({
  message: Type.String(),
  bodyFields: Type.Optional(Type.Record(Type.String(), Type.Array(Type.String()))),
  queryFields: Type.Optional(Type.Record(Type.String(), Type.Array(Type.String()))),
});

export const PagingHeaders = {
  'X-Total': Type.String(),
  'X-Total-Filtered': Type.String(),
  'X-Per-Page': Type.String(),
  'X-Page': Type.String(),
  'X-Total-Pages': Type.String(),
  Link: Type.String(),
};

export const ActiveQuery = Type.Object({
  at: Type.Optional(DateTime),
  configItemIds: Type.Optional(Type.String({ description: 'comma-separated CI ids (or the parameter repeated)' })),
});

export const ActiveAnswer = Type.Object({
  at: DateTime,
  configItems: Type.Array(
    Type.Object({
      id: Type.Integer(),
      modes: Type.Array(
        Type.Object({
          id: Type.Integer(),
          title: Type.Union([Type.String(), Type.Null()]),
          scope: Scope,
          depth: Type.Integer(),
          dateStart: DateTime,
          dateEnd: DateTime,
        }),
      ),
    }),
  ),
});

export const PreviewAnswer = Type.Object({
  configItems: Type.Array(Type.Object({ id: Type.Integer(), scope: Scope, depth: Type.Integer() })),
  coveredConfigItemIds: Type.Array(Type.Integer()),
  count: Type.Integer(),
});

const Snapshot = Type.Object({
  title: Type.Union([Type.String(), Type.Null()]),
  dateStart: DateTime,
  dateEnd: DateTime,
  cancelled: Type.Boolean(),
  configItems: Type.Array(
    Type.Object({ id: Type.Integer(), scope: Scope, depth: Type.Integer(), dateStart: DateTime, dateEnd: DateTime }),
  ),
  labels: Labels,
});

export const HistoryAnswer = Type.Array(
  Type.Object({
    at: DateTime,
    account: Type.String(),
    action: Type.Union([
      Type.Literal('create'),
      Type.Literal('update'),
      Type.Literal('cancel'),
      Type.Literal('finish'),
    ]),
    changedFields: Type.Array(Type.String()),
    before: Type.Union([Snapshot, Type.Null()]),
    after: Snapshot,
  }),
);
