import crypto from 'node:crypto';
import type { Locale } from '@/lib/i18n/locales';
import type { Petition } from '@/lib/bundles/petition';

const PEOPLE = ['Әсел Нұрғалиқызы Қайратова', 'Ғалымжан Өтегенұлы Үсенов', 'Ivan Petrovich Sokolov', 'Һадия Іңкәрқызы Шәріпова', 'Ерлан Болатұлы Жақсыбеков'];
const COURTS = ['Медеуский районный суд г. Алматы', 'Астана қаласының Есіл аудандық соты', 'Специализированный межрайонный суд по уголовным делам Карагандинской области'];
const GROUNDS = ['fabricated_evidence', 'coercion_torture', 'bribery_corruption'];
const KINDS = ['judgment', 'appellate_ruling', 'cassation_ruling'];

/**
 * A realistic petition of `cases` cases with three documents each: long Kazakh, Russian and
 * Latin names, multi-paragraph summaries, SHA-256 hashes. For the export tests and benchmarks.
 */
export function samplePetition(cases: number, language: Locale = 'kk', manifestSha256: string | null = 'a'.repeat(64)): Petition {
  const list = Array.from({ length: cases }, (_, i) => {
    const n = i + 1;
    const reference = `RD-2026-${String(n).padStart(5, '0')}`;
    return {
      caseId: crypto.randomUUID(),
      reference,
      position: n,
      summary: [
        `${PEOPLE[i % PEOPLE.length]} сотталды: ${COURTS[i % COURTS.length]}, іс № ${7510 + n}-26-00-1/${n}. Қолданыстағы заң бойынша әрбір апелляциялық саты өтті; адвокаттар жаңа дәлелдер тапты.`,
        'Суд не дал оценки доводам защиты о применении недозволенных методов следствия; ключевой свидетель отказался от показаний, данных под давлением. '.repeat(3),
        'Өтініш беруші барлық құжаттарды ұсынды: үкім, апелляциялық және кассациялық қаулылар, куәгердің нотариат куәландырған түсініктемесі.',
      ].join('\n\n'),
      personName: PEOPLE[i % PEOPLE.length]!,
      courtName: COURTS[i % COURTS.length]!,
      caseNumber: `${7510 + n}-26-00-1/${n}`,
      judgmentDate: `2025-0${(i % 9) + 1}-1${i % 10}`,
      articles: ['190 ч. 4', '297 ч. 2', '366'].slice(0, (i % 3) + 1),
      sentence: `${(i % 12) + 3} жыл бас бостандығынан айыру`,
      grounds: GROUNDS.slice(0, (i % 3) + 1),
      regionCode: null,
      kind: 'criminal',
    };
  });
  return {
    language,
    title: 'Қаңтар оқиғалары бойынша істер — Дела о январских событиях 2022 года',
    addressee: 'Қазақстан Республикасының Бас прокурорына',
    coverLetter: `Қазақстан Республикасының Бас прокурорына\n\n27 қараша 2026 ж.\n\nӨТІНІШ\nпрокурорлық наразылық келтіру туралы\n\n${'Осы өтініште сипатталған сот актілерін қарап, оларға наразылық келтіруіңізді сұраймыз. '.repeat(6)}\n\nҚұрметпен,`,
    cases: list,
    annex: list.flatMap((c) =>
      KINDS.map((kind, k) => ({
        caseReference: c.reference,
        path: `cases/${c.reference}/${kind}-${k + 1}.pdf`,
        kind,
        sizeBytes: 150_000 + k * 73_421,
        sha256: crypto.createHash('sha256').update(`${c.reference}/${kind}`).digest('hex'),
      })),
    ),
    manifestSha256,
  };
}
