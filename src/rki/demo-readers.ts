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

/** The n-th generated reader (deterministic: the same n always gives the same reader). */
export function demoReader(n: number, today: string): BulkReader {
  const [surname, sLatin] = SURNAMES[n % SURNAMES.length];
  const [name, nLatin] = NAMES[Math.floor(n / SURNAMES.length) % NAMES.length];
  const feminine = /[ая]$/.test(name) && !surname.endsWith('ин') ? 'а' : '';
  const year = Number(today.slice(0, 4));
  return {
    email: `${sLatin}.${nLatin}${n}@${DOMAINS[n % DOMAINS.length]}`,
    fullname: `${surname}${feminine} ${name}`,
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
