/**
 * Every failure the РКИ API answers, one table: a stable code, the exact text, the HTTP status (which is
 * also the envelope's `status`). Texts of the spec where it has them, Campus's own otherwise
 * (rki.md, "Campus decisions"). Only the plugin's error handler turns these into envelopes.
 */

export const RKI_ERRORS = {
  RKI_ERR_VALIDATION: { status: 400, message: 'В форме запроса обнаружены ошибки' },
  RKI_ERR_NO_TOKEN: { status: 401, message: 'Не передан токен авторизации' },
  RKI_ERR_BAD_TOKEN: { status: 401, message: 'Неверный токен авторизации' },
  RKI_ERR_TOKEN_EXPIRED: { status: 401, message: 'Срок действия токена авторизации истек' },
  RKI_ERR_USER_NOT_FOUND: { status: 404, message: 'Пользователь не найден в БД платформы РКИ' },
  RKI_ERR_ROUTE_NOT_FOUND: { status: 404, message: 'Метод API не найден' },
  RKI_ERR_METHOD_NOT_ALLOWED: { status: 405, message: 'Метод запроса не поддерживается' },
  RKI_ERR_EMAIL_TAKEN: { status: 409, message: 'Пользователь с таким email-адресом уже зарегистрирован в ЭБС' },
  RKI_ERR_TOO_LARGE: { status: 413, message: 'Слишком большой запрос' },
  RKI_ERR_MEDIA_TYPE: { status: 415, message: 'Неподдерживаемый формат тела запроса' },
  RKI_ERR_RATE_LIMITED: { status: 429, message: 'Слишком много запросов' },
  RKI_ERR_INTERNAL: { status: 500, message: 'Внутренняя ошибка сервера' },
} as const satisfies Record<string, { readonly status: number; readonly message: string }>;

export type RkiErrorCode = keyof typeof RKI_ERRORS;

/** Field → messages, in rule-declaration order (Laravel's `errors`). */
export type FieldErrors = Readonly<Record<string, readonly string[]>>;

/** A failure to answer in the РКИ envelope. `errors` only for validation failures. */
export class RkiError extends Error {
  readonly status: number;
  constructor(
    readonly code: RkiErrorCode,
    readonly errors?: FieldErrors,
  ) {
    super(RKI_ERRORS[code].message);
    this.status = RKI_ERRORS[code].status;
  }
}

/** Texts of successful answers (the spec's, and Campus's own for the edit extension). */
export const RKI_OK_MESSAGES = {
  blocked: 'Пользователь успешно заблокирован',
  restored: 'Пользователь успешно восстановлен',
  updated: 'Пользователь успешно обновлен',
} as const;
