/**
 * PHP `filter_var($v, FILTER_VALIDATE_INT)` as Laravel's `integer` rule uses it: an optional sign, no
 * leading zeros, no decimals or exponent, within PHP's 64-bit integer range. Strings arrive trimmed
 * (Laravel's TrimStrings middleware); JSON numbers count when they are integers.
 */
const INT = /^[+-]?(0|[1-9][0-9]*)$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** The integer as a BigInt, or null when PHP would reject it. */
export function filterValidateInt(value: unknown): bigint | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : null;
  if (typeof value !== 'string' || !INT.test(value)) return null;
  const n = BigInt(value);
  return n < INT64_MIN || n > INT64_MAX ? null : n;
}
