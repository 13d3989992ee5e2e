/**
 * Generated readers for the demo organisation and the benchmark data set: Russian names, emails built
 * from them (so substring filters meet the variety of real data), a few blocked or with a subscription end.
 */
import type { BulkReader } from './readers/bulk-insert.js';

const SURNAMES = [
  ['Иванов', 'ivanov'],
  ['Смирнов', 'smirnov'],
  ['Кузнецов', 'kuznetsov'],
  ['Попов', 'popov'],
  ['Васильев', 'vasiliev'],
  ['Петров', 'petrov'],
  ['Соколов', 'sokolov'],
  ['Михайлов', 'mikhailov'],
  ['Новиков', 'novikov'],
  ['Фёдоров', 'fedorov'],
  ['Морозов', 'morozov'],
  ['Волков', 'volkov'],
  ['Алексеев', 'alekseev'],
  ['Лебедев', 'lebedev'],
  ['Семёнов', 'semenov'],
  ['Егоров', 'egorov'],
  ['Павлов', 'pavlov'],
  ['Козлов', 'kozlov'],
  ['Степанов', 'stepanov'],
  ['Николаев', 'nikolaev'],
  ['Орлов', 'orlov'],
  ['Андреев', 'andreev'],
  ['Макаров', 'makarov'],
  ['Никитин', 'nikitin'],
  ['Захаров', 'zakharov'],
  ['Зайцев', 'zaitsev'],
  ['Соловьёв', 'soloviev'],
  ['Борисов', 'borisov'],
  ['Яковлев', 'yakovlev'],
  ['Григорьев', 'grigoriev'],
  ['Романов', 'romanov'],
  ['Воробьёв', 'vorobiev'],
] as const;
const NAMES = [
  ['Александр', 'a'],
  ['Мария', 'm'],
  ['Дмитрий', 'd'],
  ['Анна', 'an'],
  ['Сергей', 's'],
  ['Елена', 'e'],
  ['Андрей', 'and'],
  ['Ольга', 'o'],
  ['Алексей', 'al'],
  ['Наталья', 'n'],
  ['Иван', 'i'],
  ['Татьяна', 't'],
  ['Максим', 'mx'],
  ['Юлия', 'yu'],
  ['Артём', 'ar'],
  ['Светлана', 'sv'],
  ['Ли Вэй', 'lw'],
  ['Nguyễn', 'ng'],
] as const;
const DOMAINS = ['mail.ru', 'yandex.ru', 'gmail.com', 'stud.univ.ru', 'univ.ru', 'inbox.ru', 'bk.ru'];
const DEPARTMENTS = ['уголовно-правовых дисциплин', 'русского языка', 'филологии', 'истории', ''];

// Past the common surnames, surnames are made of syllables, so that a large data set has the variety of a
// real one (thousands of surnames): with a few dozen, every trigram would occur in a fifth of the rows.
const SYLLABLES = [
  ['ко', 'ko'],
  ['ва', 'va'],
  ['ле', 'le'],
  ['ни', 'ni'],
  ['сто', 'sto'],
  ['ро', 'ro'],
  ['бе', 'be'],
  ['ми', 'mi'],
  ['дан', 'dan'],
  ['гу', 'gu'],
  ['че', 'che'],
  ['ша', 'sha'],
  ['тар', 'tar'],
  ['зо', 'zo'],
  ['лу', 'lu'],
  ['фи', 'fi'],
  ['кра', 'kra'],
  ['со', 'so'],
  ['пе', 'pe'],
  ['ду', 'du'],
] as const;
const ENDINGS = [
  ['ов', 'ov'],
  ['ин', 'in'],
  ['ский', 'sky'],
  ['енко', 'enko'],
  ['ук', 'uk'],
  ['ев', 'ev'],
  ['ых', 'ykh'],
  ['ян', 'yan'],
] as const;

function allSurnames(): readonly (readonly [string, string])[] {
  const out: [string, string][] = SURNAMES.map(([c, l]) => [c, l]);
  const seen = new Set(out.map(([, l]) => l));
  const seenCyr = new Set(out.map(([c]) => c));
  for (const [c1, l1] of SYLLABLES) {
    for (const [c2, l2] of SYLLABLES) {
      for (const [ce, le] of ENDINGS) {
        const cyr = `${c1[0].toUpperCase()}${c1.slice(1)}${c2}${ce}`;
        const lat = `${l1}${l2}${le}`;
        if (seen.has(lat) || seenCyr.has(cyr)) continue;
        seen.add(lat);
        seenCyr.add(cyr);
        out.push([cyr, lat]);
      }
    }
  }
  return out;
}

const ALL_SURNAMES = allSurnames();

function feminine(surname: string): string {
  if (surname.endsWith('ский')) return `${surname.slice(0, -2)}ая`;
  return /(ов|ев|ин)$/.test(surname) ? `${surname}а` : surname;
}

/**
 * The n-th generated reader (deterministic: the same n always gives the same reader). Emails look like
 * `kovalenko.an47@mail.ru`; (surname, name, n's block) is unique, so emails are.
 */
export function demoReader(n: number, today: string): BulkReader {
  const s = ALL_SURNAMES.length;
  const [surname, sLatin] = ALL_SURNAMES[n % s];
  const [name, nLatin] = NAMES[Math.floor(n / s) % NAMES.length];
  const block = Math.floor(n / (s * NAMES.length));
  const female = /[ая]$/.test(name);
  const year = Number(today.slice(0, 4));
  return {
    // Two decorative digits after the block number keep the block readable and the address unique.
    email: `${sLatin}.${nLatin}${block || ''}${((n * 37) % 90) + 10}@${DOMAINS[n % DOMAINS.length]}`,
    fullname: `${female ? feminine(surname) : surname} ${name}`,
    user_type: (n % 4) + 1,
    department: DEPARTMENTS[n % DEPARTMENTS.length],
    blocked: n % 17 === 5,
    // Some subscriptions ended last year, some end next year.
    blocked_after: n % 11 === 3 ? `${year - 1}-06-30` : n % 11 === 7 ? `${year + 1}-06-30` : null,
  };
}

export function demoReaders(count: number, today: string, first = 1): BulkReader[] {
  return Array.from({ length: count }, (_, i) => demoReader(first + i, today));
}
