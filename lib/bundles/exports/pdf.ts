import 'server-only';
import { performance } from 'node:perf_hooks';
import PDFDocument from 'pdfkit';
import { dejaVuSans } from '@/lib/pdf/fonts';
import type { PetitionContent } from './content';

type Doc = PDFKit.PDFDocument;
type FontName = 'body' | 'bold';
type CellStyle = { font: FontName; size: number };

/** 2 cm on every side of an A4 page. */
const MARGIN = 56.69;
const BODY_SIZE = 10.5;
const LINE_GAP = 2;
const PARAGRAPH_GAP = 6;
const HEADING_SIZE = 12.5;
const TABLE_SIZE = 7.5;
/** Small enough for a 64-hex SHA-256 to fit on one line beside the other annex columns. */
const HASH_SIZE = 6.5;
const FOOTER_SIZE = 8.5;
const CELL_PADDING = 3;
const CELL_LINE_GAP = 1;
const BORDER = '#9a9a9a';
const HEADER_FILL = '#ececec';
/**
 * The longest stretch of layout work between two turns of the event loop: a 200-case petition
 * takes about a second of CPU, which must not stall every other request of the server.
 */
const SLICE_MS = 10;

/**
 * How the width left over after every column got its longest word is shared out, in the order
 * of labels.caseColumns and labels.annexColumns.
 */
const CASE_COLUMN_SHARES = [0.02, 0.16, 0.18, 0.12, 0.1, 0.1, 0.14, 0.18];
const ANNEX_COLUMN_SHARES = [0.4, 0.3, 0.1, 0.2];
/**
 * Where a line may break inside a cell, as pdfkit's Unicode line breaker mostly sees it: at
 * spaces, and after a slash or hyphen that a letter follows ("cases/RD-…", but not "1/1" or "-2026").
 */
const WORD_BREAK = /\s+|(?<=[/-])(?=\p{L})/u;

/** The petition as an A4 PDF: cover letter, cases table, one section per case, annex, manifest. */
export async function renderPetitionPdf(content: PetitionContent): Promise<Buffer> {
  const doc = createDocument(content);
  const output = collect(doc);
  const pace = pacer();

  await writeCoverLetter(doc, content, pace);

  const caseRows = content.cases.map((c) => c.cells);
  const caseStyles = CASE_COLUMN_SHARES.map((): CellStyle => ({ font: 'body', size: TABLE_SIZE }));
  const caseWidths = await columnWidths(doc, content.labels.caseColumns, caseRows, caseStyles, CASE_COLUMN_SHARES, pace);
  heading(doc, content.labels.casesTable, tableStartHeight(doc, content.labels.caseColumns, content.cases[0]?.cells, caseWidths, caseStyles));
  await table(doc, content.labels.caseColumns, caseRows, caseWidths, caseStyles, pace);

  for (const c of content.cases) {
    heading(doc, c.heading, 3 * lineHeight(doc, 'body', BODY_SIZE));
    await paragraphs(doc, c.summary, pace);
  }

  const annexStyles: CellStyle[] = [
    { font: 'body', size: TABLE_SIZE },
    { font: 'body', size: TABLE_SIZE },
    { font: 'body', size: TABLE_SIZE },
    { font: 'body', size: HASH_SIZE },
  ];
  const annexWidths = await columnWidths(doc, content.labels.annexColumns, content.annex, annexStyles, ANNEX_COLUMN_SHARES, pace);
  heading(doc, content.labels.annex, tableStartHeight(doc, content.labels.annexColumns, content.annex[0], annexWidths, annexStyles));
  await table(doc, content.labels.annexColumns, content.annex, annexWidths, annexStyles, pace);

  if (content.manifestLine) {
    doc.moveDown(1);
    await paragraphs(doc, content.manifestLine, pace);
  }

  await numberPages(doc, content.labels.page, pace);
  await flushPages(doc, pace);
  doc.end();
  return output;
}

function createDocument(content: PetitionContent): Doc {
  const fonts = dejaVuSans();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    // Page numbers ("page 3 of 40") need the total, known only once every page exists.
    bufferPages: true,
    pdfVersion: '1.7',
    lang: content.language,
    displayTitle: true,
    info: { Title: content.title, Creator: 'Redress' },
    // No default font (the typings only admit a name): pdfkit would otherwise load Helvetica,
    // whose metrics come through a runtime require that bundlers may drop, and which has no
    // Kazakh letters. Nor DejaVu here: a font first opened at construction is never cached
    // under its registered alias, so every later doc.font('body') would parse it again.
    font: null as unknown as string,
  });
  doc.registerFont('body', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  doc.font('body').fontSize(BODY_SIZE).fillColor('black');
  return doc;
}

/** The whole PDF once pdfkit has written it; pdfkit streams, so listen before the first page is flushed. */
function collect(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

/** An `await` that yields to the event loop only once SLICE_MS of synchronous work has run. */
function pacer(): () => Promise<void> {
  let sliceStart = performance.now();
  return async () => {
    if (performance.now() - sliceStart < SLICE_MS) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    sliceStart = performance.now();
  };
}

function contentWidth(doc: Doc): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

function contentHeight(doc: Doc): number {
  return doc.page.height - doc.page.margins.top - doc.page.margins.bottom;
}

function lineHeight(doc: Doc, font: FontName, size: number): number {
  return doc.font(font).fontSize(size).currentLineHeight(true) + LINE_GAP;
}

/** Starts a new page unless `height` more points fit on this one (keeps headings with what follows). */
function keepTogether(doc: Doc, height: number): void {
  if (doc.y + height > doc.page.maxY()) doc.addPage();
  doc.x = doc.page.margins.left;
}

async function writeCoverLetter(doc: Doc, content: PetitionContent, pace: () => Promise<void>): Promise<void> {
  doc.font('bold').fontSize(BODY_SIZE + 0.5).text(content.addressee, { width: contentWidth(doc), align: 'right', lineGap: LINE_GAP });
  doc.moveDown(1.5);
  await pace();
  await paragraphs(doc, content.coverLetter, pace);
}

/** Paragraphs are separated by blank lines; single line breaks inside one are kept as they are. */
async function paragraphs(doc: Doc, text: string, pace: () => Promise<void>): Promise<void> {
  for (const paragraph of text.split(/\n\s*\n/)) {
    const trimmed = paragraph.trim();
    if (!trimmed) continue;
    doc.font('body').fontSize(BODY_SIZE);
    doc.text(trimmed, doc.page.margins.left, doc.y, { width: contentWidth(doc), lineGap: LINE_GAP, paragraphGap: PARAGRAPH_GAP });
    await pace();
  }
}

/** A bold heading that moves to the next page unless `following` points of its content fit under it. */
function heading(doc: Doc, text: string, following: number): void {
  const width = contentWidth(doc);
  const own = doc.font('bold').fontSize(HEADING_SIZE).heightOfString(text, { width, lineGap: LINE_GAP });
  doc.moveDown(0.8);
  keepTogether(doc, own + PARAGRAPH_GAP + following);
  doc.font('bold').fontSize(HEADING_SIZE).text(text, doc.page.margins.left, doc.y, { width, lineGap: LINE_GAP });
  doc.y += PARAGRAPH_GAP;
}

/**
 * Column widths that keep every word whole where the page allows it: each column gets its
 * longest word (so names, court names and hashes do not break mid-word), and the rest of the
 * width is shared by `shares`. If even the longest words do not fit side by side, the shares
 * alone decide and pdfkit breaks the longest words.
 */
async function columnWidths(doc: Doc, header: string[], rows: string[][], styles: CellStyle[], shares: number[], pace: () => Promise<void>): Promise<number[]> {
  const widest = header.map((text) => longestWord(doc, text, { font: 'bold', size: TABLE_SIZE }));
  for (const row of rows) {
    row.forEach((text, i) => (widest[i] = Math.max(widest[i]!, longestWord(doc, text, styles[i]!))));
    await pace();
  }
  const minimum = widest.map((w) => Math.ceil(w) + 2 * CELL_PADDING + 1);
  const total = contentWidth(doc);
  const slack = total - minimum.reduce((sum, w) => sum + w, 0);
  if (slack < 0) return shares.map((share) => share * total);
  return minimum.map((w, i) => w + slack * shares[i]!);
}

function longestWord(doc: Doc, text: string, style: CellStyle): number {
  doc.font(style.font).fontSize(style.size);
  let widest = 0;
  for (const word of text.split(WORD_BREAK)) widest = Math.max(widest, doc.widthOfString(word));
  return widest;
}

/** What a table needs below its heading: the header row and the first row (never a header alone). */
function tableStartHeight(doc: Doc, header: string[], first: string[] | undefined, widths: number[], styles: CellStyle[]): number {
  const headerHeight = rowHeight(doc, header, widths, headerStyles(styles));
  return headerHeight + (first ? rowHeight(doc, first, widths, styles) : 0);
}

function headerStyles(styles: CellStyle[]): CellStyle[] {
  return styles.map(() => ({ font: 'bold', size: TABLE_SIZE }));
}

/**
 * A bordered table whose cells wrap inside their column. A row that does not fit moves whole to
 * the next page, under a repeated header row; one taller than a page is clipped with an ellipsis.
 */
async function table(doc: Doc, header: string[], rows: string[][], widths: number[], styles: CellStyle[], pace: () => Promise<void>): Promise<void> {
  const boldStyles = headerStyles(styles);
  const headerHeight = rowHeight(doc, header, widths, boldStyles);
  const tallest = contentHeight(doc) - headerHeight;
  drawRow(doc, header, widths, boldStyles, headerHeight, HEADER_FILL);
  for (const row of rows) {
    const height = Math.min(rowHeight(doc, row, widths, styles), tallest);
    if (doc.y + height > doc.page.maxY()) {
      doc.addPage();
      drawRow(doc, header, widths, boldStyles, headerHeight, HEADER_FILL);
    }
    drawRow(doc, row, widths, styles, height, null);
    await pace();
  }
  doc.x = doc.page.margins.left;
}

function rowHeight(doc: Doc, cells: string[], widths: number[], styles: CellStyle[]): number {
  let tallest = 0;
  cells.forEach((text, i) => {
    const style = styles[i]!;
    const height = doc.font(style.font).fontSize(style.size).heightOfString(text, { width: widths[i]! - 2 * CELL_PADDING, lineGap: CELL_LINE_GAP });
    tallest = Math.max(tallest, height);
  });
  return tallest + 2 * CELL_PADDING;
}

/** Draws one row at doc.y and moves doc.y below it. `height` bounds the text, so it never starts a page. */
function drawRow(doc: Doc, cells: string[], widths: number[], styles: CellStyle[], height: number, fill: string | null): void {
  const top = doc.y;
  let x = doc.page.margins.left;
  doc.lineWidth(0.5);
  cells.forEach((text, i) => {
    const width = widths[i]!;
    const style = styles[i]!;
    if (fill) doc.rect(x, top, width, height).fillAndStroke(fill, BORDER);
    else doc.rect(x, top, width, height).stroke(BORDER);
    doc.fillColor('black').font(style.font).fontSize(style.size);
    doc.text(text, x + CELL_PADDING, top + CELL_PADDING, {
      width: width - 2 * CELL_PADDING,
      height: height - 2 * CELL_PADDING + 1,
      lineGap: CELL_LINE_GAP,
      ellipsis: true,
    });
    x += width;
  });
  doc.x = doc.page.margins.left;
  doc.y = top + height;
}

/** "Page n of total", centered in the bottom margin of every page. */
async function numberPages(doc: Doc, label: PetitionContent['labels']['page'], pace: () => Promise<void>): Promise<void> {
  const { start, count } = doc.bufferedPageRange();
  for (let i = 0; i < count; i++) {
    doc.switchToPage(start + i);
    const bottom = doc.page.margins.bottom;
    // The footer sits inside the bottom margin: pdfkit would take text written there for an
    // overflow and add a page, unless the margin is lifted while writing it.
    doc.page.margins.bottom = 0;
    doc.font('body').fontSize(FOOTER_SIZE).fillColor('#444444');
    doc.text(label(i + 1, count), doc.page.margins.left, doc.page.height - bottom / 2 - FOOTER_SIZE / 2, {
      width: contentWidth(doc),
      align: 'center',
    });
    doc.page.margins.bottom = bottom;
    await pace();
  }
}

type BufferedPages = { _pageBuffer?: PDFKit.PDFPage[]; _pageBufferStart: number; endPageMarkings?: (page: PDFKit.PDFPage) => void };

/**
 * Writes the buffered pages out one at a time, yielding in between. doc.end() would compress
 * them all in one synchronous go (70–100 ms for 200 cases, with the server answering nothing);
 * this repeats what its flushPages does per page, through pdfkit 0.20 internals, and doc.end()
 * then finds the buffer empty. Should those internals change, doc.end() still flushes everything.
 */
async function flushPages(doc: Doc, pace: () => Promise<void>): Promise<void> {
  const internals = doc as unknown as BufferedPages;
  const buffer = internals._pageBuffer;
  if (!Array.isArray(buffer)) return;
  while (buffer.length > 0) {
    const page = buffer.shift()!;
    internals._pageBufferStart++;
    internals.endPageMarkings?.call(doc, page);
    page.end();
    await pace();
  }
}
