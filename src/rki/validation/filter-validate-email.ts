/**
 * PHP `filter_var($v, FILTER_VALIDATE_EMAIL)` (ext/filter/logical_filters.c, without the Unicode flag):
 * ASCII only, at most 320 characters, fewer than 255 in all and fewer than 65 before the `@`, dot-atom or
 * quoted local part, and a domain of dotted labels whose last one starts with a letter (or `xn--`), or an
 * address literal in brackets. PHP's single regular expression is rewritten as a few checks: its
 * nested quantifiers backtrack exponentially in JavaScript, which has no backtracking limit.
 */
import { isIPv4, isIPv6 } from 'node:net';

const ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const QUOTED = '"(?:[\\x01-\\x08\\x0B\\x0C\\x0E-\\x1F\\x21\\x23-\\x5B\\x5D-\\x7F]|\\\\[\\x00-\\x7F])*"';
const WORD = `(?:${ATOM}|${QUOTED})`;
const LOCAL = new RegExp(`^${WORD}(?:\\.${WORD})*$`);
const LABEL = '[a-z0-9]+(?:-+[a-z0-9]+)*';
const TLD = '(?:[a-z][a-z0-9]*|xn--[a-z0-9]+)(?:-+[a-z0-9]+)*';
const DOMAIN = new RegExp(`^(?:${LABEL}\\.)+${TLD}$`, 'i');

/** Length in PHP's counting of the lookaheads: a quoted pair is one unit, quotes are free. */
function units(s: string): number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a quoted pair may escape any ASCII character.
  return s.replace(/\\[\x00-\x7f]/g, 'x').replace(/"/g, '').length;
}

export function filterValidateEmail(value: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range, control characters included.
  if (value.length > 320 || !/^[\x00-\x7f]*$/.test(value)) return false;
  if (units(value) >= 255) return false;
  const at = value.lastIndexOf('@');
  if (at <= 0) return false;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (units(local) >= 65 || !LOCAL.test(local)) return false;
  if (domain.startsWith('[') && domain.endsWith(']')) {
    const literal = domain.slice(1, -1);
    return /^IPv6:/i.test(literal) ? isIPv6(literal.slice(5)) : isIPv4(literal) && !/(^|\.)0\d/.test(literal);
  }
  // No label of 64 characters or more.
  if (/[^.]{64,}/.test(domain)) return false;
  return DOMAIN.test(domain);
}
