/**
 * The Laravel-style validator against the reference's texts and mechanics (rki.md, "Laravel validation
 * messages"), PHP's FILTER_VALIDATE_INT / FILTER_VALIDATE_EMAIL, and properties checked with fast-check.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { filterValidateEmail } from './filter-validate-email.js';
import { filterValidateInt } from './filter-validate-int.js';
import { laravelInput } from './laravel-input.js';
import { ADD_RULES, EDIT_RULES, LIST_RULES } from './rule-sets.js';
import { ruleSet, validate } from './validator.js';

const errorsOf = (rules: Parameters<typeof validate>[0], query: Record<string, unknown>) => {
  const v = validate(rules, laravelInput(query));
  return v.ok ? null : v.errors;
};

describe('Laravel messages of the rule sets', () => {
  it('add: required, string, email, max (may not), integer, between', () => {
    expect(errorsOf(ADD_RULES, {})).toEqual({
      email: ['The email field is required.'],
      fullname: ['The fullname field is required.'],
      password: ['The password field is required.'],
    });
    expect(
      errorsOf(ADD_RULES, { email: ['a@b.ru'], fullname: ['x', 'y'], password: { a: 1 }, user_type: 'abc' }),
    ).toEqual({
      email: ['The email must be a string.', 'The email must be a valid email address.'],
      fullname: ['The fullname must be a string.'],
      password: ['The password must be a string.'],
      user_type: ['The user type must be an integer.'],
    });
    expect(
      errorsOf(ADD_RULES, { email: `${'a'.repeat(251)}@b.ru`, fullname: 'я'.repeat(256), password: ' '.repeat(256) }),
    ).toEqual({
      email: ['The email must be a valid email address.', 'The email may not be greater than 255 characters.'],
      fullname: ['The fullname may not be greater than 255 characters.'],
      // Passwords are not trimmed, but blank is still "required" (Laravel's validateRequired trims).
      password: ['The password field is required.'],
    });
    expect(errorsOf(ADD_RULES, { email: 'a@b.ru', fullname: 'x', password: 'p', user_type: '0' })).toEqual({
      user_type: ['The user type must be between 1 and 4.'],
    });
    expect(errorsOf(ADD_RULES, { email: 'a@b.ru', fullname: 'x', password: 'p', user_type: '1.0' })).toEqual({
      user_type: ['The user type must be an integer.'],
    });
  });

  it('measures arrays by their count (max.array)', () => {
    const many = Array.from({ length: 256 }, () => 'a@b.ru');
    expect(errorsOf(ADD_RULES, { email: many, fullname: 'x', password: 'p' })).toEqual({
      email: [
        'The email must be a string.',
        'The email must be a valid email address.',
        'The email may not have more than 255 items.',
      ],
    });
  });

  it('counts code points, not UTF-16 units', () => {
    const astral = '𝔘'.repeat(255); // 510 UTF-16 units
    expect(errorsOf(ADD_RULES, { email: 'a@b.ru', fullname: astral, password: 'p' })).toBeNull();
    expect(errorsOf(ADD_RULES, { email: 'a@b.ru', fullname: `${astral}x`, password: 'p' })).toEqual({
      fullname: ['The fullname may not be greater than 255 characters.'],
    });
  });

  it('list: nullable filters, limit min:1, offset min:0', () => {
    expect(errorsOf(LIST_RULES, { email: '', username: '', fullname: '', limit: '', offset: '' })).toBeNull();
    expect(errorsOf(LIST_RULES, { limit: '0', offset: '-1' })).toEqual({
      limit: ['The limit must be at least 1.'],
      offset: ['The offset must be at least 0.'],
    });
    expect(errorsOf(LIST_RULES, { email: 'x'.repeat(256), limit: '1e3', offset: '01' })).toEqual({
      email: ['The email may not be greater than 255 characters.'],
      limit: ['The limit must be an integer.'],
      offset: ['The offset must be an integer.'],
    });
    expect(errorsOf(LIST_RULES, { username: ['a', 'b'] })).toEqual({ username: ['The username must be a string.'] });
    const v = validate(LIST_RULES, laravelInput({ limit: ' 20 ', offset: '+5' }));
    expect(v).toEqual({ ok: true, values: { limit: 20, offset: 5 } });
  });

  it('edit: sometimes|filled, class between 0 and 99, blockedafter 0 or d.m.Y', () => {
    expect(errorsOf(EDIT_RULES, {})).toBeNull();
    expect(
      errorsOf(EDIT_RULES, {
        fullname: '',
        email: ' ',
        password: '',
        user_type: '5',
        class: '100',
        specialty: 'x'.repeat(256),
        group: ['a'],
        facultet: 1,
        department: 'ok',
        blockedafter: '2020-01-01',
      }),
    ).toEqual({
      fullname: ['The fullname field must have a value.'],
      email: ['The email field must have a value.'],
      password: ['The password field must have a value.'],
      user_type: ['The user type must be between 1 and 4.'],
      class: ['The class must be between 0 and 99.'],
      specialty: ['The specialty may not be greater than 255 characters.'],
      group: ['The group must be a string.'],
      facultet: ['The facultet must be a string.'],
      blockedafter: ['The blockedafter does not match the format d.m.Y.'],
    });
    for (const bad of ['31.02.2021', '1.01.2021', '01.1.2021', '01.01.21', '29.02.2100', 'завтра']) {
      expect(errorsOf(EDIT_RULES, { blockedafter: bad })).toEqual({
        blockedafter: ['The blockedafter does not match the format d.m.Y.'],
      });
    }
    const ok = validate(EDIT_RULES, laravelInput({ blockedafter: '29.02.2024', class: '', group: '' }));
    expect(ok).toEqual({ ok: true, values: { blockedafter: '2024-02-29', class: null, group: null } });
    expect(validate(EDIT_RULES, laravelInput({ blockedafter: '0' }))).toEqual({
      ok: true,
      values: { blockedafter: null },
    });
  });

  it('lists fields in declaration order and each field’s messages in rule order', () => {
    const rules = ruleSet({ b: 'required|integer|min:3', a: 'nullable|string|email|max:3' });
    const v = validate(rules, laravelInput({ a: 'abcd', b: '' }));
    expect(v.ok).toBe(false);
    if (!v.ok) {
      expect(Object.keys(v.errors)).toEqual(['b', 'a']);
      expect(v.errors['a']).toEqual([
        'The a must be a valid email address.',
        'The a may not be greater than 3 characters.',
      ]);
    }
  });
});

describe('request input as Laravel sees it', () => {
  it('folds bracket keys into arrays, trims except passwords, turns "" into null', () => {
    expect(
      laravelInput({ 'email[]': 'a@b.ru', fullname: ' \tИван\n', password: ' p ', group: '' }, { 'x[0]': '1' }),
    ).toEqual({ email: ['a@b.ru'], fullname: 'Иван', password: ' p ', group: null, x: ['1'] });
    // PHP's trim() leaves non-breaking spaces alone (Laravel ≤ 9).
    expect(laravelInput({ fullname: '\u00a0Иван' })).toEqual({ fullname: '\u00a0Иван' });
    expect(laravelInput({ limit: '1' }, { limit: '2' })).toEqual({ limit: '2' });
  });
});

describe('FILTER_VALIDATE_INT', () => {
  it('accepts PHP integers only', () => {
    for (const [v, want] of [
      ['0', 0n],
      ['-0', 0n],
      ['+7', 7n],
      ['9223372036854775807', 9223372036854775807n],
      ['-9223372036854775808', -9223372036854775808n],
      [42, 42n],
    ] as const) {
      expect(filterValidateInt(v)).toBe(want);
    }
    for (const v of ['', '01', '1.0', '1e3', '0x1A', ' 1', '9223372036854775808', '١', 1.5, true, null, ['1']]) {
      expect(filterValidateInt(v)).toBeNull();
    }
  });

  it('agrees with BigInt on every decimal string in range', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (n) => {
        expect(filterValidateInt(n.toString())).toBe(n);
        expect(filterValidateInt(`0${n < 0n ? -n : n}`)).toBeNull();
      }),
    );
  });
});

describe('FILTER_VALIDATE_EMAIL', () => {
  it('accepts what PHP accepts and rejects what it rejects', () => {
    for (const ok of [
      'ivanov@example.org',
      'Ivan.Ivanov+tag@mail.example.co',
      "o'neil@example.com",
      '"quoted.local"@example.com',
      'user@xn--80ak6aa92e.com',
      'user@[127.0.0.1]',
      'user@[IPv6:2001:db8::1]',
      `${'a'.repeat(64)}@example.org`,
    ]) {
      expect(filterValidateEmail(ok), ok).toBe(true);
    }
    for (const bad of [
      'plainaddress',
      '@example.org',
      '"quoted local"@example.com',
      'user@localhost',
      'user@example.1com',
      'user@-example.org',
      'user@example..org',
      'us..er@example.org',
      '.user@example.org',
      'иван@пример.рф',
      'user@пример.рф',
      'user @example.org',
      'user@example.org.',
      `${'a'.repeat(65)}@example.org`,
      `a@${'b'.repeat(64)}.org`,
      `${'a'.repeat(60)}@${'b.'.repeat(100)}org`,
      '<script>@x.org',
      "a'; drop table accounts; --@x.org",
    ]) {
      expect(filterValidateEmail(bad), bad).toBe(false);
    }
  });

  it('never throws and stays fast on adversarial input', () => {
    const tricky = fc.stringMatching(/^[a-z0-9."\\@\-[\]:.xn]{0,330}$/);
    fc.assert(
      fc.property(tricky, (s) => {
        const t0 = performance.now();
        filterValidateEmail(s);
        expect(performance.now() - t0).toBeLessThan(50);
      }),
      { numRuns: 300 },
    );
    const t0 = performance.now();
    filterValidateEmail(`${'a"'.repeat(160)}`);
    filterValidateEmail(`a@${'xn--a.'.repeat(45)}-`);
    expect(performance.now() - t0).toBeLessThan(50);
  });

  it('rejects any address with a non-ASCII character or without a dotted domain', () => {
    fc.assert(
      fc.property(fc.emailAddress(), fc.constantFrom('é', 'я', '€', '\u0000'), (email, ch) => {
        expect(filterValidateEmail(email.replace('@', `${ch}@`))).toBe(false);
        expect(filterValidateEmail(email.slice(0, email.lastIndexOf('@') + 1) + 'localhost')).toBe(false);
      }),
    );
  });
});

describe('validator properties', () => {
  it('max:255 on strings fails exactly above 255 code points', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }), (s) => {
        // biome-ignore lint/suspicious/noControlCharactersInRegex: PHP's trim() set.
        const trimmed = s.replace(/^[ \t\n\r\0\x0B]+|[ \t\n\r\0\x0B]+$/g, '');
        const errors = errorsOf(LIST_RULES, { fullname: s });
        const tooLong = [...trimmed].length > 255;
        expect(errors === null).toBe(!tooLong);
      }),
    );
  });

  it('accepts exactly the add inputs a reference model accepts', () => {
    const value = fc.oneof(
      fc.constant(undefined),
      fc.string({ maxLength: 8 }),
      fc.constantFrom('a@b.ru', '1', '4', '5', '-1', ' 2 ', '', 'x'.repeat(256)),
      fc.array(fc.string(), { maxLength: 2 }),
    );
    fc.assert(
      fc.property(value, value, value, value, (email, fullname, password, userType) => {
        const query: Record<string, unknown> = {};
        if (email !== undefined) query['email'] = email;
        if (fullname !== undefined) query['fullname'] = fullname;
        if (password !== undefined) query['password'] = password;
        if (userType !== undefined) query['user_type'] = userType;
        const errors = errorsOf(ADD_RULES, query);
        const str = (v: unknown, trim = true) =>
          typeof v === 'string' && (trim ? v.trim() : v).length > 0 && [...(trim ? v.trim() : v)].length <= 255;
        const model =
          str(email) &&
          filterValidateEmail((email as string).trim()) &&
          str(fullname) &&
          typeof password === 'string' &&
          password.trim() !== '' &&
          [...password].length <= 255 &&
          (userType === undefined ||
            (typeof userType === 'string' &&
              (userType.trim() === '' || ['1', '2', '3', '4'].includes(userType.trim()))));
        expect(errors === null).toBe(model);
        if (errors) {
          const order = ['email', 'fullname', 'password', 'user_type'];
          const keys = Object.keys(errors);
          expect(keys).toEqual(order.filter((k) => keys.includes(k)));
        }
      }),
      { numRuns: 500 },
    );
  });
});
