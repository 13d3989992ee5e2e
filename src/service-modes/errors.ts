/**
 * The service-modes API's errors: one table of stable codes, the original's exact Russian texts
 * (service-modes-api.ru.txt, response-code tables) and statuses. Only the plugin's error handler turns an
 * SmError into the `{"message": …}` envelope (plus `bodyFields` / `queryFields` for validation).
 */
export const SM_ERRORS = {
  SM_ERR_UNAUTHORIZED_LIST: { status: 401, message: 'Пользователь не авторизован' },
  SM_ERR_UNAUTHORIZED: { status: 401, message: 'Не удалось выполнить авторизацию пользователя' },
  SM_ERR_FORBIDDEN_LIST: { status: 403, message: 'Недостаточно прав для просмотра сервисных режимов' },
  SM_ERR_FORBIDDEN_FILTER: {
    status: 403,
    message: 'Недостаточно прав для просмотра сервисных режимов по данному фильтру',
  },
  SM_ERR_FORBIDDEN_VIEW: { status: 403, message: 'Недостаточно прав для просмотра данного сервисного режима' },
  SM_ERR_FORBIDDEN_CREATE: { status: 403, message: 'Недостаточно прав для создания сервисного режима' },
  SM_ERR_FORBIDDEN_EDIT: { status: 403, message: 'Недостаточно прав для редактирования сервисного режима' },
  SM_ERR_NOT_FOUND: { status: 404, message: 'Сервисный режим с ID {id} не найден' },
  SM_ERR_MEDIA_TYPE: {
    status: 415,
    message: 'Неправильный тип входных данных. Требуется указать тип: application/json',
  },
  SM_ERR_EMPTY_FILTER: { status: 400, message: 'Пустой фильтр в запросе' },
  SM_ERR_EMPTY_BODY: { status: 400, message: 'Пустое тело запроса' },
  SM_ERR_BAD_MODEL: { status: 400, message: 'Неверная модель данных в теле запроса' },
  SM_ERR_MODE_ID_INVALID: { status: 400, message: 'Недопустимое значение идентификатора сервисного режима' },
  SM_ERR_DATE_START_MISSING: { status: 400, message: 'Не указано время начала режима обслуживания' },
  SM_ERR_DATE_END_MISSING: { status: 400, message: 'Не указано время окончания режима обслуживания' },
  SM_ERR_CONFIG_ITEMS_MISSING: {
    status: 400,
    message: 'Не задан список КЕ, которым требуется назначить режим обслуживания',
  },
  SM_ERR_END_BEFORE_START: {
    status: 400,
    message: 'Время окончания режима обслуживания должно быть больше времени начала',
  },
  SM_ERR_CI_ID_MISSING: { status: 400, message: 'Не указан идентификатор КЕ' },
  SM_ERR_CI_ID_INVALID: { status: 400, message: 'Недопустимое значение идентификатора КЕ' },
  SM_ERR_DEPTH_INVALID: { status: 400, message: 'Недопустимое значение глубины графа РСМ' },
  SM_ERR_CI_NOT_FOUND: { status: 400, message: 'Указанные КЕ не найдены или у вас недостаточно прав' },
  SM_ERR_ENDED_CANNOT_FINISH: {
    status: 400,
    message: 'Указанный режим обслуживания уже окончен. Вы не можете завершить его',
  },
  SM_ERR_STARTED_CANNOT_CANCEL: {
    status: 400,
    message: 'Указанный режим обслуживания уже начался. Вы не можете отменить его',
  },
  SM_ERR_ENDED_CANNOT_EDIT: {
    status: 400,
    message: 'Указанный режим обслуживания уже окончен. Вы не можете изменить его',
  },
  SM_ERR_STARTED_CANNOT_MOVE_START: {
    status: 400,
    message: 'Указанный режим уже начался, Вы не можете изменить время его начала',
  },
  // Monq.Core.MvcExtensions' own text for query-parameter validation (service-modes.md, Errors).
  SM_ERR_QUERY: { status: 400, message: 'Error in query parameters.' },
  SM_ERR_INTERNAL: { status: 500, message: 'Непредвиденная ошибка при обработке запроса' },
  // Campus: routing inside the prefix, CMDB and token routes (not in the spec; Russian like the rest).
  SM_ERR_ROUTE_NOT_FOUND: { status: 404, message: 'Маршрут {route} не найден' },
  SM_ERR_METHOD_NOT_ALLOWED: { status: 405, message: 'Метод {method} не поддерживается для {route}' },
  SM_ERR_BODY_TOO_LARGE: { status: 413, message: 'Слишком большое тело запроса' },
  SM_ERR_CMDB_NOT_FOUND: { status: 404, message: '{what} с ID {id} не найден(а)' },
  SM_ERR_CMDB_FORBIDDEN: { status: 403, message: 'Недостаточно прав для выполнения операции' },
  SM_ERR_CMDB_CYCLE: { status: 400, message: 'Связь создаёт цикл в иерархии КЕ' },
  SM_ERR_CMDB_SECOND_PARENT: { status: 400, message: 'У КЕ уже есть родительская КЕ' },
  SM_ERR_CMDB_NAME_TAKEN: { status: 400, message: 'Имя {name} уже занято' },
  SM_ERR_CMDB_IN_USE: { status: 400, message: 'Объект используется и не может быть удалён' },
  SM_ERR_TOO_MANY_ATTEMPTS: { status: 429, message: 'Слишком много попыток входа, повторите позже' },
} as const satisfies Record<string, { status: number; message: string }>;

export type SmErrorCode = keyof typeof SM_ERRORS;

export class SmError extends Error {
  readonly status: number;
  constructor(
    readonly code: SmErrorCode,
    vars: Readonly<Record<string, string | number>> = {},
    readonly bodyFields?: Record<string, string[]>,
    readonly queryFields?: Record<string, string[]>,
  ) {
    const def = SM_ERRORS[code];
    super(def.message.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`)));
    this.status = def.status;
  }
}

/** A body validation failure: generic text, per-field details (camelCase paths). */
export function badModel(path?: string, detail?: string): SmError {
  return new SmError('SM_ERR_BAD_MODEL', {}, path ? { [path]: [detail ?? 'Недопустимое значение'] } : undefined);
}

export function badQuery(name: string, detail: string): SmError {
  return new SmError('SM_ERR_QUERY', {}, undefined, { [name]: [detail] });
}
