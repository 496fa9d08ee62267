/**
 * Vocabulary for the queue benchmark's generated cases: Russian and Kazakh names, courts per
 * region, tags, and the weights that shape the distribution. Deterministic (seeded PRNG), so
 * every seed of the benchmark database holds the same data.
 */
import { personKey } from '@/lib/cases/names';

/** mulberry32: a small seeded PRNG, enough for shuffling test data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(list: T[], random: () => number): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Surnames in the male form; female forms add "а" to -ов/-ев/-ин/-ын (Ким, Шевченко stay). */
const surnames = [
  'Ахметов', 'Жумабаев', 'Касымов', 'Омаров', 'Искаков', 'Сулейменов', 'Абдрахманов', 'Ермеков', 'Байжанов', 'Тулегенов',
  'Мусин', 'Кенжебаев', 'Нургалиев', 'Сагинтаев', 'Есенов', 'Оспанов', 'Тлеуханов', 'Ахмедьяров', 'Серикбаев', 'Мукашев',
  'Әбілов', 'Қасымов', 'Төлеуов', 'Мұқанов', 'Жақсылықов', 'Нұрпейісов', 'Бекмұхамбетов', 'Сәрсенбаев', 'Иманғалиев', 'Дүйсенов',
  'Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Петров', 'Соколов', 'Михайлов', 'Новиков', 'Фёдоров',
  'Морозов', 'Волков', 'Алексеев', 'Лебедев', 'Семёнов', 'Егоров', 'Павлов', 'Козлов', 'Никитин', 'Захаров',
  'Ким', 'Пак', 'Цой', 'Шевченко', 'Бондаренко', 'Гребенюк', 'Мамедов', 'Юсупов', 'Рахимов', 'Гафуров',
];
const maleFirst = [
  'Ерлан', 'Нурлан', 'Асхат', 'Данияр', 'Бауыржан', 'Серик', 'Ержан', 'Марат', 'Тимур', 'Айдос', 'Қайрат', 'Ғалым',
  'Әлихан', 'Нұрсұлтан', 'Ербол', 'Дамир', 'Алексей', 'Сергей', 'Дмитрий', 'Андрей', 'Владимир', 'Олег', 'Руслан', 'Максим',
];
const femaleFirst = [
  'Айгерим', 'Гульнара', 'Динара', 'Жанар', 'Сауле', 'Алия', 'Мадина', 'Асель', 'Әсел', 'Гүлжан', 'Ақмарал', 'Жұлдыз',
  'Ольга', 'Елена', 'Татьяна', 'Наталья', 'Светлана', 'Ирина', 'Надежда', 'Людмила', 'Анна', 'Камила', 'Лейла', 'Зарина',
];
/** Patronymics as [male, female]: Russian style and Kazakh -ұлы/-қызы. */
const patronymics: [string, string][] = [
  ['Серикович', 'Сериковна'], ['Маратович', 'Маратовна'], ['Сергеевич', 'Сергеевна'], ['Кайратович', 'Кайратовна'],
  ['Болатович', 'Болатовна'], ['Александрович', 'Александровна'], ['Владимирович', 'Владимировна'], ['Ерланович', 'Ерлановна'],
  ['Нурланович', 'Нурлановна'], ['Асанович', 'Асановна'], ['Серікұлы', 'Серікқызы'], ['Болатұлы', 'Болатқызы'], ['Қайратұлы', 'Қайратқызы'],
];

const feminine = (surname: string) => (/(ов|ев|ёв|ин|ын)$/.test(surname) ? `${surname}а` : surname);

export type Person = { name: string; key: string };

/** `count` distinct full names ("Фамилия Имя Отчество"), each with its person key. */
export function peoplePool(count: number, seed = 1): Person[] {
  const all: string[] = [];
  for (const surname of surnames) {
    for (const [i, first] of maleFirst.entries()) {
      for (const [j, p] of patronymics.entries()) if ((i + j) % 2 === 0) all.push(`${surname} ${first} ${p[0]}`);
    }
    for (const [i, first] of femaleFirst.entries()) {
      for (const [j, p] of patronymics.entries()) if ((i + j) % 2 === 1) all.push(`${feminine(surname)} ${first} ${p[1]}`);
    }
  }
  return shuffle(all, prng(seed))
    .slice(0, count)
    .map((name) => ({ name, key: personKey(name)! }));
}

/** Judges as "Фамилия И. О.". */
export function judgePool(count: number, seed = 2): string[] {
  const random = prng(seed);
  const initials = 'АБГДЕЖЗИКЛМНОПРСТ';
  const names = new Set<string>();
  while (names.size < count) {
    const female = random() < 0.5;
    const surname = surnames[Math.floor(random() * surnames.length)]!;
    const a = initials[Math.floor(random() * initials.length)]!;
    const b = initials[Math.floor(random() * initials.length)]!;
    names.add(`${female ? feminine(surname) : surname} ${a}. ${b}.`);
  }
  return [...names];
}

/** The 20 benchmark reviewers. */
export const reviewerNames = [
  'Дамир Оспанов', 'Жанар Төлеуова', 'Асель Нурпеисова', 'Игорь Литвинов', 'Бекзат Сейтказиев', 'Мария Ковалёва',
  'Ержан Утепов', 'Гульмира Абенова', 'Павел Климов', 'Айжан Мухамеджанова', 'Нуржан Калиев', 'Светлана Беляева',
  'Арман Жунусов', 'Алина Хасанова', 'Ринат Галиев', 'Динара Есимова', 'Константин Лим', 'Салтанат Ибраева',
  'Олжас Маратов', 'Екатерина Орлова',
];

/** Courts per region code (lib/reference/data.ts). */
export const courtsByRegion: Record<string, string[]> = {
  astana: ['Есильский районный суд г. Астаны', 'Сарыаркинский районный суд г. Астаны', 'Алматинский районный суд г. Астаны', 'Байконурский районный суд г. Астаны', 'Специализированный межрайонный суд по уголовным делам г. Астаны'],
  almaty_city: ['Алмалинский районный суд г. Алматы', 'Бостандыкский районный суд г. Алматы', 'Медеуский районный суд г. Алматы', 'Ауэзовский районный суд г. Алматы', 'Турксибский районный суд г. Алматы', 'Специализированный межрайонный суд по уголовным делам г. Алматы'],
  shymkent: ['Абайский районный суд г. Шымкента', 'Аль-Фарабийский районный суд г. Шымкента', 'Енбекшинский районный суд г. Шымкента', 'Каратауский районный суд г. Шымкента'],
  abai: ['Семейский городской суд', 'Аягозский районный суд', 'Жарминский районный суд'],
  akmola: ['Кокшетауский городской суд', 'Щучинский районный суд', 'Степногорский городской суд'],
  aktobe: ['Актюбинский городской суд', 'Хромтауский районный суд', 'Мугалжарский районный суд'],
  almaty_region: ['Карасайский районный суд', 'Талгарский районный суд', 'Илийский районный суд', 'Енбекшиказахский районный суд'],
  atyrau: ['Атырауский городской суд', 'Жылыойский районный суд', 'Макатский районный суд'],
  east_kazakhstan: ['Усть-Каменогорский городской суд', 'Риддерский городской суд', 'Алтайский районный суд'],
  jambyl: ['Таразский городской суд', 'Шуский районный суд', 'Кордайский районный суд'],
  jetisu: ['Талдыкорганский городской суд', 'Текелийский городской суд', 'Каратальский районный суд'],
  karaganda: ['Казыбекбийский районный суд г. Караганды', 'Октябрьский районный суд г. Караганды', 'Темиртауский городской суд', 'Балхашский городской суд'],
  kostanay: ['Костанайский городской суд', 'Рудненский городской суд', 'Лисаковский городской суд'],
  kyzylorda: ['Кызылординский городской суд', 'Аральский районный суд', 'Казалинский районный суд'],
  mangystau: ['Актауский городской суд', 'Жанаозенский городской суд', 'Мунайлинский районный суд'],
  north_kazakhstan: ['Петропавловский городской суд', 'Кызылжарский районный суд', 'Есильский районный суд Северо-Казахстанской области'],
  pavlodar: ['Павлодарский городской суд', 'Экибастузский городской суд', 'Аксуский городской суд'],
  turkistan: ['Туркестанский городской суд', 'Кентауский городской суд', 'Сайрамский районный суд', 'Сарыагашский районный суд'],
  ulytau: ['Жезказганский городской суд', 'Сатпаевский городской суд', 'Улытауский районный суд'],
  west_kazakhstan: ['Уральский городской суд', 'Аксайский районный суд', 'Теректинский районный суд'],
};

/** Relative case counts per region (roughly by population). */
export const regionWeights: Record<string, number> = {
  almaty_city: 12, astana: 8, shymkent: 7, turkistan: 9, almaty_region: 7, karaganda: 6, jambyl: 6, aktobe: 5,
  east_kazakhstan: 4, kostanay: 4, pavlodar: 4, atyrau: 4, mangystau: 4, kyzylorda: 4, west_kazakhstan: 4, akmola: 4,
  north_kazakhstan: 3, abai: 3, jetisu: 3, ulytau: 1,
};

/** Share of cases per status, in percent: most are open or decided. */
export const statusWeights: Record<string, number> = {
  submitted: 14, in_review: 18, needs_info: 8, recommended: 5,
  accepted: 10, declined: 20, bundled: 4, filed: 8, protest_brought: 4, protest_refused: 5, withdrawn: 4,
};

export const kindWeights: Record<string, number> = { criminal: 7, administrative: 2, civil: 1 };

export const groundWeights: Record<string, number> = {
  procedural_violations: 9, disproportionate_sentence: 7, fabricated_evidence: 5, ineffective_defense: 5, coercion_torture: 3,
  new_evidence: 3, bribery_corruption: 2, political_motive: 2, other: 1,
};

export const benchTags = [
  { slug: 'land-protests', ru: 'Земельные митинги', kk: 'Жер митингілері', en: 'Land protests', weight: 6 },
  { slug: 'january-2022', ru: 'Январские события 2022 года', kk: '2022 жылғы қаңтар оқиғалары', en: 'January 2022 events', weight: 8 },
  { slug: 'military-officers', ru: 'Офицеры-военнослужащие', kk: 'Әскери офицерлер', en: 'Military officers', weight: 2 },
  { slug: 'property-lost-in-civil-suits', ru: 'Имущество, изъятое по гражданским искам', kk: 'Азаматтық талаптар бойынша алынған мүлік', en: 'Property lost in civil suits', weight: 4 },
  { slug: 'torture-complaints', ru: 'Жалобы на пытки', kk: 'Азаптау туралы шағымдар', en: 'Torture complaints', weight: 3 },
  { slug: 'journalists', ru: 'Журналисты', kk: 'Журналистер', en: 'Journalists', weight: 1 },
  { slug: 'entrepreneurs', ru: 'Предприниматели', kk: 'Кәсіпкерлер', en: 'Entrepreneurs', weight: 5 },
  { slug: 'religious-charges', ru: 'Обвинения по религиозным статьям', kk: 'Діни баптар бойынша айыптау', en: 'Religious charges', weight: 1 },
];

export const articles = ['ст. 190 ч. 4', 'ст. 189 ч. 3', 'ст. 297 ч. 2', 'ст. 366 ч. 2', 'ст. 361 ч. 4', 'ст. 188 ч. 2', 'ст. 106 ч. 1', 'ст. 99 ч. 2', 'ст. 174 ч. 1', 'ст. 405 ч. 2'];

export const narrativeSentences = [
  'Приговор основан на показаниях, данных под давлением в отсутствие адвоката.',
  'Суд отказал в допросе свидетелей защиты, которые подтверждали алиби.',
  'Экспертиза проведена с нарушениями, повторная экспертиза не назначалась.',
  'Адвокат по назначению не встречался с подзащитным до начала судебного заседания.',
  'Вещественные доказательства изъяты без понятых, протокол составлен позднее.',
  'Апелляционная инстанция оставила доводы жалобы без рассмотрения по существу.',
  'Наказание значительно строже, чем по сходным делам в том же суде.',
  'После задержания на теле были следы побоев, жалоба в прокуратуру осталась без ответа.',
  'Имущество семьи было арестовано и продано до вступления приговора в силу.',
  'Появились новые документы, которые не исследовались судом первой инстанции.',
  'Сотовая переписка, представленная обвинением, не принадлежит осуждённому.',
  'Кассационная жалоба была возвращена без рассмотрения из-за пропуска срока.',
];

/** A weight table as a list of slots, for picking with one uniform random number in SQL. */
export function slots(weights: Record<string, number>): string[] {
  return Object.entries(weights).flatMap(([value, weight]) => Array<string>(weight).fill(value));
}
