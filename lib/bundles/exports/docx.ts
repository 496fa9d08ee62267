import 'server-only';
import {
  AlignmentType,
  Document,
  Footer,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { Locale } from '@/lib/i18n/locales';
import type { PetitionContent } from './content';

/** Sizes in half-points, as Word stores them. */
const HEADING_SIZE = 28;
const BODY_SIZE = 24;
const CELL_SIZE = 20;
const HASH_SIZE = 16;

/** Times New Roman ships with Windows and covers Kazakh Cyrillic; LibreOffice maps it to Liberation Serif. */
const FONT = 'Times New Roman';
/** Monospaced so hashes are easy to compare character by character. */
const HASH_FONT = 'Courier New';

/** A4 and 2 cm in twips, rounded as Word itself stores them. */
const A4 = { width: 11906, height: 16838 };
const MARGIN = 1134;
const CONTENT_WIDTH = A4.width - 2 * MARGIN;

/** Column shares (percent) of the page width: narrow for numbers and dates, wide for names and courts. */
const CASE_COLUMNS = [5, 15, 17, 13, 11, 10, 13, 16];
const ANNEX_COLUMNS = [30, 16, 10, 44];

const LANGUAGE_TAGS: Record<Locale, string> = { kk: 'kk-KZ', ru: 'ru-RU', en: 'en-US' };

/**
 * The petition as a Word document (DOCX), with the same text as the PDF: the addressee, the
 * cover letter, the cases table, each case's summary and the annex of documents. Real tables
 * and heading styles keep it editable in Word and LibreOffice.
 */
export async function renderPetitionDocx(content: PetitionContent): Promise<Buffer> {
  const document = new Document({
    title: content.title,
    creator: 'Redress',
    lastModifiedBy: 'Redress',
    styles: documentStyles(content.language),
    sections: [
      {
        properties: {
          page: {
            size: A4,
            margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
          },
        },
        footers: { default: pageFooter(content.labels.page) },
        children: [
          addressee(content.addressee),
          ...coverLetter(content.coverLetter),
          heading(content.labels.casesTable, HeadingLevel.HEADING_1),
          table(content.labels.caseColumns, content.cases.map((c) => c.cells), CASE_COLUMNS),
          ...content.cases.flatMap((c) => [heading(c.heading, HeadingLevel.HEADING_2), ...summary(c.summary)]),
          heading(content.labels.annex, HeadingLevel.HEADING_1),
          table(content.labels.annexColumns, content.annex, ANNEX_COLUMNS, annexCell),
          ...(content.manifestLine ? [new Paragraph({ spacing: { before: 240 }, children: [new TextRun(content.manifestLine)] })] : []),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}

/** Default font, size and language, so text the user adds in Word matches and is spell-checked in the right language. */
function documentStyles(language: Locale) {
  const lang = LANGUAGE_TAGS[language];
  return {
    default: {
      document: {
        run: { font: FONT, size: BODY_SIZE, language: { value: lang, eastAsia: lang, bidirectional: lang } },
        paragraph: { spacing: { after: 0, line: 276 } },
      },
      // Headings default to the theme's font and colour; set them so they match the body.
      heading1: {
        run: { font: FONT, size: HEADING_SIZE, bold: true, color: '000000' },
        paragraph: { spacing: { before: 360, after: 160 }, keepNext: true },
      },
      heading2: {
        run: { font: FONT, size: BODY_SIZE, bold: true, color: '000000' },
        paragraph: { spacing: { before: 240, after: 120 }, keepNext: true },
      },
    },
  };
}

function addressee(text: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.RIGHT,
    spacing: { after: 240 },
    children: [new TextRun({ text, bold: true })],
  });
}

/** One paragraph per line, blank lines kept as empty paragraphs: the letter's layout is its author's. */
function coverLetter(text: string): Paragraph[] {
  return text.split(/\r?\n/).map((line) => new Paragraph({ alignment: AlignmentType.JUSTIFIED, children: [new TextRun(line)] }));
}

/** One paragraph per line of the summary; blank lines become paragraph spacing rather than empty paragraphs. */
function summary(text: string): Paragraph[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => new Paragraph({ alignment: AlignmentType.JUSTIFIED, spacing: { after: 120 }, children: [new TextRun(line)] }));
}

function heading(text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]): Paragraph {
  return new Paragraph({ heading: level, children: [new TextRun(text)] });
}

/** Renders one cell's text; `column` lets the annex set its hash column apart. */
type CellRenderer = (text: string, column: number) => Paragraph;

function cellParagraph(text: string, run: { bold?: boolean; size?: number; font?: string } = {}): Paragraph {
  return new Paragraph({ children: [new TextRun({ text, size: CELL_SIZE, ...run })] });
}

const bodyCell: CellRenderer = (text) => cellParagraph(text);
const headerCell: CellRenderer = (text) => cellParagraph(text, { bold: true });

/** The SHA-256 column (the fourth): 64 hex digits fit in two lines only in a smaller monospaced font. */
const annexCell: CellRenderer = (text, column) => (column === 3 ? cellParagraph(text, { size: HASH_SIZE, font: HASH_FONT }) : cellParagraph(text));

/**
 * A full-width table with a bold header row that Word repeats on every page. Widths are given in
 * twips as well as in the grid, since some viewers ignore percentages; a fixed layout stops long
 * hashes and paths from widening their columns past the page.
 */
function table(header: readonly string[], rows: readonly (readonly string[])[], shares: number[], cell: CellRenderer = bodyCell): Table {
  const widths = shares.map((share) => Math.floor((CONTENT_WIDTH * share) / 100));
  const row = (cells: readonly string[], render: CellRenderer, isHeader: boolean) =>
    new TableRow({
      tableHeader: isHeader,
      cantSplit: isHeader,
      children: cells.map(
        (text, i) =>
          new TableCell({
            width: { size: widths[i] ?? 0, type: WidthType.DXA },
            children: [render(text, i)],
          }),
      ),
    });
  return new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    rows: [row(header, headerCell, true), ...rows.map((cells) => row(cells, cell, false))],
  });
}

/** Numbers no label contains, and small enough that no locale groups their digits. */
const PAGE_SENTINEL = 271;
const PAGES_SENTINEL = 828;

/**
 * "Page 3 of 40" with live PAGE and NUMPAGES fields. The label is rendered with two sentinel
 * numbers and split around them, so its words surround the fields in whichever order the
 * language puts them (Kazakh names the total first).
 */
function pageFooter(label: PetitionContent['labels']['page']): Footer {
  const children = label(PAGE_SENTINEL, PAGES_SENTINEL)
    .split(new RegExp(`(${PAGE_SENTINEL}|${PAGES_SENTINEL})`))
    .filter((part) => part !== '')
    .map((part) => {
      if (part === String(PAGE_SENTINEL)) return PageNumber.CURRENT;
      if (part === String(PAGES_SENTINEL)) return PageNumber.TOTAL_PAGES;
      return part;
    });
  return new Footer({
    children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ size: CELL_SIZE, children })] })],
  });
}
