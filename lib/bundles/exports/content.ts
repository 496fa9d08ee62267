import 'server-only';
import { translatorFor } from '@/lib/i18n/catalogs';
import type { Locale } from '@/lib/i18n/locales';
import { documentKindName, groundName } from '@/lib/reference/names';
import { petitionDate } from '../bundles';
import type { Petition } from '../petition';

/**
 * The petition's text, every value already formatted in the bundle's language: the PDF and
 * the DOCX lay out exactly these strings, so the two say the same thing word for word.
 */
export type PetitionContent = {
  language: Locale;
  title: string;
  addressee: string;
  coverLetter: string;
  labels: {
    casesTable: string;
    /** Column headers of the cases table, in order. */
    caseColumns: [string, string, string, string, string, string, string, string];
    annex: string;
    /** Column headers of the annex table, in order. */
    annexColumns: [string, string, string, string];
    /** "Page 3 of 40", in the bundle's language. */
    page: (page: number, pages: number) => string;
  };
  cases: {
    heading: string;
    /** The cases table's cells, in the order of caseColumns. */
    cells: [string, string, string, string, string, string, string, string];
    summary: string;
  }[];
  /** The annex table's cells (path, kind, size, SHA-256), one row per document. */
  annex: [string, string, string, string][];
  /** "Manifest SHA-256: …" once the bundle is finalized. */
  manifestLine: string | null;
};

export function petitionContent(petition: Petition): PetitionContent {
  const lang = petition.language;
  const p = translatorFor(lang);
  const kb = (n: number) => `${new Intl.NumberFormat(lang).format(Math.ceil(n / 1024))} KB`;
  return {
    language: lang,
    title: petition.title,
    addressee: petition.addressee,
    coverLetter: petition.coverLetter,
    labels: {
      casesTable: p('bundles.petition.casesTable'),
      caseColumns: [
        p('bundles.petition.number'),
        p('bundles.petition.person'),
        p('bundles.petition.court'),
        p('bundles.petition.caseNumber'),
        p('bundles.petition.date'),
        p('bundles.petition.articles'),
        p('bundles.petition.sentence'),
        p('bundles.petition.grounds'),
      ],
      annex: p('bundles.petition.annex'),
      annexColumns: [p('bundles.petition.path'), p('bundles.petition.kind'), p('bundles.petition.size'), 'SHA-256'],
      page: (page, pages) => p('bundles.petition.page', { page, pages }),
    },
    cases: petition.cases.map((c) => ({
      heading: p('bundles.petition.caseSection', { number: c.position, reference: c.reference }),
      cells: [
        String(c.position),
        c.personName,
        c.courtName,
        c.caseNumber,
        petitionDate(c.judgmentDate, lang),
        c.articles.join(', '),
        c.sentence,
        c.grounds.map((g) => groundName(g, lang)).join(', '),
      ],
      summary: c.summary,
    })),
    annex: petition.annex.map((d) => [d.path, documentKindName(d.kind, lang), kb(d.sizeBytes), d.sha256]),
    manifestLine: petition.manifestSha256 ? p('bundles.manifest', { hash: petition.manifestSha256 }) : null,
  };
}
