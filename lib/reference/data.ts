/**
 * Reference data in kk/ru/en. Names of regions and legal terms follow shared GLOSSARY.md.
 * Synced into the reference tables by the migrate step.
 */
export type Names = { kk: string; ru: string; en: string };
export type ReferenceItem = { code: string; names: Names };

export const regionList: (ReferenceItem & { kind: 'city' | 'region' })[] = [
  { code: 'astana', kind: 'city', names: { en: 'Astana (city)', ru: 'Астана', kk: 'Астана' } },
  { code: 'almaty_city', kind: 'city', names: { en: 'Almaty (city)', ru: 'Алматы', kk: 'Алматы' } },
  { code: 'shymkent', kind: 'city', names: { en: 'Shymkent (city)', ru: 'Шымкент', kk: 'Шымкент' } },
  { code: 'abai', kind: 'region', names: { en: 'Abai Region', ru: 'Абайская область', kk: 'Абай облысы' } },
  { code: 'akmola', kind: 'region', names: { en: 'Akmola Region', ru: 'Акмолинская область', kk: 'Ақмола облысы' } },
  { code: 'aktobe', kind: 'region', names: { en: 'Aktobe Region', ru: 'Актюбинская область', kk: 'Ақтөбе облысы' } },
  { code: 'almaty_region', kind: 'region', names: { en: 'Almaty Region', ru: 'Алматинская область', kk: 'Алматы облысы' } },
  { code: 'atyrau', kind: 'region', names: { en: 'Atyrau Region', ru: 'Атырауская область', kk: 'Атырау облысы' } },
  { code: 'east_kazakhstan', kind: 'region', names: { en: 'East Kazakhstan Region', ru: 'Восточно-Казахстанская область', kk: 'Шығыс Қазақстан облысы' } },
  { code: 'jambyl', kind: 'region', names: { en: 'Jambyl Region', ru: 'Жамбылская область', kk: 'Жамбыл облысы' } },
  { code: 'jetisu', kind: 'region', names: { en: 'Jetisu Region', ru: 'Жетысуская область', kk: 'Жетісу облысы' } },
  { code: 'karaganda', kind: 'region', names: { en: 'Karaganda Region', ru: 'Карагандинская область', kk: 'Қарағанды облысы' } },
  { code: 'kostanay', kind: 'region', names: { en: 'Kostanay Region', ru: 'Костанайская область', kk: 'Қостанай облысы' } },
  { code: 'kyzylorda', kind: 'region', names: { en: 'Kyzylorda Region', ru: 'Кызылординская область', kk: 'Қызылорда облысы' } },
  { code: 'mangystau', kind: 'region', names: { en: 'Mangystau Region', ru: 'Мангистауская область', kk: 'Маңғыстау облысы' } },
  { code: 'north_kazakhstan', kind: 'region', names: { en: 'North Kazakhstan Region', ru: 'Северо-Казахстанская область', kk: 'Солтүстік Қазақстан облысы' } },
  { code: 'pavlodar', kind: 'region', names: { en: 'Pavlodar Region', ru: 'Павлодарская область', kk: 'Павлодар облысы' } },
  { code: 'turkistan', kind: 'region', names: { en: 'Turkistan Region', ru: 'Туркестанская область', kk: 'Түркістан облысы' } },
  { code: 'ulytau', kind: 'region', names: { en: 'Ulytau Region', ru: 'Улытауская область', kk: 'Ұлытау облысы' } },
  { code: 'west_kazakhstan', kind: 'region', names: { en: 'West Kazakhstan Region', ru: 'Западно-Казахстанская область', kk: 'Батыс Қазақстан облысы' } },
];

export const courtLevelList: ReferenceItem[] = [
  { code: 'district', names: { en: 'District (city) court', ru: 'Районный (городской) суд', kk: 'Аудандық (қалалық) сот' } },
  { code: 'specialized', names: { en: 'Specialized inter-district court', ru: 'Специализированный межрайонный суд', kk: 'Мамандандырылған ауданаралық сот' } },
  { code: 'regional', names: { en: 'Regional court', ru: 'Областной суд', kk: 'Облыстық сот' } },
  { code: 'supreme', names: { en: 'Supreme Court', ru: 'Верховный Суд', kk: 'Жоғарғы Сот' } },
];

export const caseKindList: ReferenceItem[] = [
  { code: 'criminal', names: { en: 'Criminal', ru: 'Уголовное', kk: 'Қылмыстық' } },
  { code: 'administrative', names: { en: 'Administrative', ru: 'Административное', kk: 'Әкімшілік' } },
  { code: 'civil', names: { en: 'Civil', ru: 'Гражданское', kk: 'Азаматтық' } },
];

export const groundList: ReferenceItem[] = [
  { code: 'fabricated_evidence', names: { en: 'Fabricated or planted evidence', ru: 'Сфабрикованные или подброшенные доказательства', kk: 'Жалған немесе әдейі салынған дәлелдер' } },
  { code: 'coercion_torture', names: { en: 'Coercion or torture', ru: 'Принуждение или пытки', kk: 'Мәжбүрлеу немесе азаптау' } },
  { code: 'bribery_corruption', names: { en: 'Bribery or corruption', ru: 'Взяточничество или коррупция', kk: 'Парақорлық немесе сыбайлас жемқорлық' } },
  { code: 'procedural_violations', names: { en: 'Procedural violations', ru: 'Процессуальные нарушения', kk: 'Іс жүргізу бұзушылықтары' } },
  { code: 'ineffective_defense', names: { en: 'Denied or ineffective defense', ru: 'Отказ в защите или неэффективная защита', kk: 'Қорғаудан бас тарту немесе тиімсіз қорғау' } },
  { code: 'political_motive', names: { en: 'Political motive', ru: 'Политический мотив', kk: 'Саяси себеп' } },
  { code: 'new_evidence', names: { en: 'New evidence', ru: 'Новые доказательства', kk: 'Жаңа дәлелдер' } },
  { code: 'disproportionate_sentence', names: { en: 'Disproportionate sentence', ru: 'Несоразмерное наказание', kk: 'Жазаның сәйкессіздігі' } },
  { code: 'other', names: { en: 'Other', ru: 'Другое', kk: 'Басқа' } },
];

export const documentKindList: ReferenceItem[] = [
  { code: 'judgment', names: { en: 'Judgment (verdict or decision)', ru: 'Приговор или решение суда', kk: 'Сот үкімі немесе шешімі' } },
  { code: 'appellate_ruling', names: { en: 'Appellate ruling', ru: 'Постановление апелляционной инстанции', kk: 'Апелляциялық сатының қаулысы' } },
  { code: 'cassation_ruling', names: { en: 'Cassation ruling', ru: 'Постановление кассационной инстанции', kk: 'Кассациялық сатының қаулысы' } },
  { code: 'complaint', names: { en: 'Complaint or petition', ru: 'Жалоба или ходатайство', kk: 'Шағым немесе өтінішхат' } },
  { code: 'evidence', names: { en: 'Evidence', ru: 'Доказательство', kk: 'Дәлел' } },
  { code: 'power_of_attorney', names: { en: 'Power of attorney or consent', ru: 'Доверенность или согласие', kk: 'Сенімхат немесе келісім' } },
  { code: 'other', names: { en: 'Other', ru: 'Другое', kk: 'Басқа' } },
];

export const regionCodes = regionList.map((r) => r.code);
