import { describe, expect, it } from 'vitest';
import { personKey, searchTextOf } from '@/lib/cases/names';

/** Groups of spellings of one person: every member must give the same key. */
const samePeople: string[][] = [
  [
    'Жақсылықов Нұрлан',
    'Нұрлан Жақсылықов', // name first
    'Жаксылыков Нурлан', // Russian letters for Kazakh ones
    'ЖАҚСЫЛЫҚОВ   нұрлан', // case and spacing
    'Nurlan Zhaksylykov', // English-style Latin
    'Zhaksylykov, Nurlan',
    'Jaqsylyqov Nūrlan', // the 2021 Kazakh Latin alphabet
  ],
  ['Ержан Тоқтаров', 'Yerzhan Toktarov', 'Erjan Toqtarov'],
  ['Әлиев Ерлан', 'Aliyev Yerlan', 'Aliev Erlan'],
  ['Ғалымжан Мұқанов', 'Galymzhan Mukanov', 'Ğalymjan Mūqanov'],
  ['Хасанов Бекзат', 'Khasanov Bekzat', 'Hasanov Bekzat'],
  ['Шевченко Анна', 'Shevchenko Anna'],
  ['Цой Виктор', 'Tsoy Viktor', 'Tsoi Viktor'],
  ['Сергей Иванов', 'Sergey Ivanov', 'Sergei Ivanov'],
  ['Сергеев Павел', 'Sergeyev Pavel', 'Sergeev Pavel'],
  ['Жұмабаева Сәуле', 'Zhumabayeva Saule', 'Jumabaeva Säule'],
  ['Ақниет Серік', 'Akniyet Serik', 'Aqnıet Serık'],
  ['Қайрат Нұртас', 'Kairat Nurtas', 'Qairat Nurtas'],
  ['Әсел Нұрғалиева', 'Asel Nurgalieva', 'Assel Nurgaliyeva'],
  ['Дмитрий Ли', 'Dmitry Li', 'Dmitriy Li'],
  ['Юрий Пак', 'Yuri Pak', 'Yuriy Pak', 'Iurii Pak'],
  ['Людмила Ким', 'Lyudmila Kim', 'Liudmila Kim', 'Ludmila Kim'],
  // я after и: each common Latin spelling of the ending.
  ['Мария Иванова', 'Maria Ivanova', 'Mariya Ivanova', 'MARIIA IVANOVA'],
  ['Юлия Ким', 'Yulia Kim', 'Yuliya Kim', 'Iuliia Kim'],
  ['Анастасия Ли', 'Anastasia Li', 'Anastasiya Li'],
  ['Данияр Қасымов', 'Daniyar Kassymov', 'Daniar Kasymov'],
  ['Наталья Ким', 'Natalya Kim', 'Natalia Kim'],
  ['Ілияс Омаров', 'Iliyas Omarov', 'Ilyas Omarov', 'Ильяс Омаров'],
  // Latin x is кс in Russian names; щ is "shch" or "sh".
  ['Максим Петров', 'Maxim Petrov', 'Maksim Petrov'],
  ['Алексей Ли', 'Alexey Li', 'Aleksei Li'],
  ['Щербаков Илья', 'Shcherbakov Ilya', 'Sherbakov Ilia'],
];

/** Pairs of different people who must never be taken for one. */
const differentPeople: [string, string][] = [
  ['Жақсылықов Нұрлан', 'Жақсылықова Нұрлан'], // his sister or wife
  ['Жақсылықов Нұрлан', 'Жақсылықов Нұржан'], // his brother
  ['Жақсылықов Нұрлан', 'Жақсылықов'], // a surname alone
  ['Ким Виктор', 'Ким Виктория'],
  ['Petrov Oleg', 'Petrova Olga'],
  ['Сейітқали Айгүл', 'Seitkaliyev Aigul'],
  ['Дана Ли', 'Дина Ли'],
  ['Ерлан Ли', 'Ернар Ли'],
  ['Асан Ли', 'Хасан Ли'],
  ['Мария Ли', 'Марат Ли'],
];

describe('personKey', () => {
  it.each(samePeople.map((group) => [group[0]!, group]))('gives every spelling of %s one key', (_name, group) => {
    const keys = new Set(group.map(personKey));
    expect([...keys], group.join(' / ')).toHaveLength(1);
    expect([...keys][0]).toMatch(/^[a-z]+( [a-z]+)*$/);
  });

  it('keeps different people apart', () => {
    for (const [a, b] of differentPeople) expect(personKey(a), `${a} ≠ ${b}`).not.toBe(personKey(b));
  });

  it('keeps the people of different groups apart', () => {
    const keys = samePeople.map((group) => personKey(group[0]));
    expect(new Set(keys).size).toBe(samePeople.length);
  });

  it('has nothing to compare for an empty name', () => {
    for (const empty of [null, undefined, '', '   ', '—', ' - , . ', '123']) expect(personKey(empty), String(empty)).toBeNull();
  });

  it('ignores punctuation, hyphens and apostrophes between words', () => {
    expect(personKey('Абдулла-Ұлы Марат')).toBe(personKey('Абдулла Ұлы Марат'));
    expect(personKey("O'Brien Sean")).toBe(personKey('O Brien Sean'));
    expect(personKey('Ким В.')).toBe(personKey('Ким В'));
  });
});

describe('searchTextOf', () => {
  it('lower-cases the non-empty fields into one line', () => {
    expect(searchTextOf(['RD-2026-00042', null, '1-123/2021', undefined, '  ', 'Жақсылықов  НҰРЛАН', 'Алмалинский\nрайонный суд'])).toBe(
      'rd-2026-00042 1-123/2021 жақсылықов нұрлан алмалинский районный суд',
    );
    expect(searchTextOf([])).toBe('');
  });
});
