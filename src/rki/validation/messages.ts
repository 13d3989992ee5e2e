/**
 * Laravel's default English validation texts as of laravel/laravel 5.5–9.x (rki.md, "Laravel validation
 * messages"). `max` says "may not": the wording before laravel/laravel#5552 (2021), which an API dating
 * from 2018 keeps in its language file. Kept in one place so that choice can be revisited.
 */
export const MAX_VERB = 'may not';

export const LARAVEL_MESSAGES = {
  required: 'The :attribute field is required.',
  filled: 'The :attribute field must have a value.',
  string: 'The :attribute must be a string.',
  email: 'The :attribute must be a valid email address.',
  integer: 'The :attribute must be an integer.',
  'max.numeric': `The :attribute ${MAX_VERB} be greater than :max.`,
  'max.string': `The :attribute ${MAX_VERB} be greater than :max characters.`,
  'max.array': `The :attribute ${MAX_VERB} have more than :max items.`,
  'min.numeric': 'The :attribute must be at least :min.',
  'min.string': 'The :attribute must be at least :min characters.',
  'min.array': 'The :attribute must have at least :min items.',
  'between.numeric': 'The :attribute must be between :min and :max.',
  'between.string': 'The :attribute must be between :min and :max characters.',
  'between.array': 'The :attribute must have between :min and :max items.',
  in: 'The selected :attribute is invalid.',
  date_format: 'The :attribute does not match the format :format.',
} as const;

export type MessageKey = keyof typeof LARAVEL_MESSAGES;

/** `user_type` → "user type": Laravel's snake case with `_` as a space. */
export function attributeName(field: string): string {
  return field.replace(/_/g, ' ');
}

export function formatMessage(key: MessageKey, field: string, params: Readonly<Record<string, string | number>> = {}) {
  let text: string = LARAVEL_MESSAGES[key].replace(':attribute', attributeName(field));
  for (const [k, v] of Object.entries(params)) text = text.replace(`:${k}`, String(v));
  return text;
}
