/**
 * Route schemas: documentation of the parameters (all optional strings, since the Laravel-style
 * validator, not AJV, judges them and words the errors) and the response shapes, which also drive
 * serialization in the spec's key orders.
 */
import { type TSchema, Type } from 'typebox';

const Str = (description: string) => Type.Optional(Type.String({ description }));

const ClientId = { client_id: Type.String({ description: 'Organisation id; must equal the JWT `client_id` claim' }) };

export const ListParams = Type.Object({
  ...ClientId,
  email: Str('Case-insensitive substring of the email'),
  username: Str('Case-insensitive substring of the login'),
  fullname: Str('Case-insensitive substring of the full name'),
  limit: Str('Page size, default 10, at most 100 (larger values are clamped)'),
  offset: Str('Rows to skip, default 0'),
});

export const AddParams = Type.Object({
  ...ClientId,
  email: Type.String({ description: 'Required, a valid email, at most 255 characters' }),
  fullname: Type.String({ description: 'Required, at most 255 characters' }),
  password: Type.String({ description: 'Required, at most 255 characters. Prefer POST: query strings get logged' }),
  user_type: Str('1 студент, 2 аспирант, 3 преподаватель, 4 отсутствует определение типа (default)'),
});

export const EditParams = Type.Object({
  ...ClientId,
  fullname: Str('New full name'),
  email: Str('New email; the login follows it while it equals the old email'),
  password: Str('New password'),
  user_type: Str('1–4; empty means 4'),
  class: Str('0–99; empty means 0'),
  specialty: Str('At most 255 characters'),
  group: Str('At most 255 characters'),
  facultet: Str('At most 255 characters'),
  department: Str('At most 255 characters'),
  blockedafter: Str('Subscription end as dd.mm.yyyy; `0` or empty clears it'),
});

export const AuthParams = Type.Object({ ...ClientId });

export const IdPath = Type.Object({ id: Type.String({ description: 'Reader id' }) });

const BlockedAfter = Type.Union([Type.String({ description: 'dd.mm.yyyy' }), Type.Literal(0)], {
  description: 'Subscription end (dd.mm.yyyy), or 0 when unset',
});

export const UserRow = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  fullname: Type.String(),
  email: Type.String(),
  blocked: Type.Integer({ description: '1 when blocked or past blockedafter' }),
  user_type: Type.Integer(),
  registration_date: Type.String({ description: 'dd.mm.yyyy' }),
  blockedafter: BlockedAfter,
});

export const UserDetail = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  fullname: Type.String(),
  email: Type.String(),
  blocked: Type.Integer(),
  user_type: Type.Integer(),
  class: Type.Integer(),
  specialty: Type.String(),
  group: Type.String(),
  facultet: Type.String(),
  department: Type.String(),
  registration_date: Type.String(),
  blockedafter: BlockedAfter,
});

export const UserAdded = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  email: Type.String(),
  fullname: Type.String(),
  blocked: Type.Integer(),
  blockedafter: BlockedAfter,
  user_type: Type.Integer(),
});

export function okSchema(data: TSchema) {
  return Type.Object({ success: Type.Boolean(), message: Type.String(), status: Type.Integer(), data });
}

export const ListResponse = Type.Object({
  success: Type.Boolean(),
  message: Type.String(),
  total: Type.Integer(),
  status: Type.Integer(),
  data: Type.Array(UserRow),
});

export const Failure = Type.Object(
  {
    success: Type.Boolean(),
    message: Type.String(),
    status: Type.Integer(),
    data: Type.Null(),
    errors: Type.Unknown({ description: '{field: [messages]} on 400, [] otherwise' }),
  },
  { description: 'РКИ error envelope; the HTTP status equals `status`' },
);

/** Responses of a route: its success shape and the envelope of the given failure statuses. */
export function responses(ok: TSchema, failures: readonly number[]) {
  const out: Record<number, TSchema> = { 200: ok };
  for (const s of [...failures, 429, 500]) out[s] = Failure;
  return out;
}

export const NoData = Type.Null();
