import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { translatorFor } from '@/lib/i18n/catalogs';
import type { Locale } from '@/lib/i18n/locales';
import { dejaVuSans } from '@/lib/pdf/fonts';
import { caseKindName, documentKindName, regionName } from '@/lib/reference/names';
import type { ReceiptFacts } from './code';

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;
const WIDTH = A4[0] - 2 * MARGIN;

/** Breaks text into lines that fit `width`; long unbroken strings (codes, hashes) break anywhere. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/(\s+)/)) {
      const candidate = line + word;
      if (font.widthOfTextAtSize(candidate, size) <= width) {
        line = candidate;
        continue;
      }
      if (line.trim()) lines.push(line.trimEnd());
      line = '';
      for (const char of word.trimStart()) {
        if (font.widthOfTextAtSize(line + char, size) > width) {
          lines.push(line);
          line = '';
        }
        line += char;
      }
    }
    lines.push(line.trimEnd());
  }
  return lines;
}

/** The filing receipt: what was filed, when, every document's SHA-256, and the signed code. */
export async function renderReceiptPdf(facts: ReceiptFacts, code: string, locale: Locale, verifyUrl: string): Promise<Uint8Array> {
  const t = translatorFor(locale);
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const fonts = dejaVuSans();
  const regular = await doc.embedFont(fonts.regular, { subset: true });
  const bold = await doc.embedFont(fonts.bold, { subset: true });
  doc.setTitle(`${t('receipt.title')} ${facts.reference}`);
  doc.setCreator('Redress');
  doc.setLanguage(locale);

  let page: PDFPage = doc.addPage(A4);
  let y = A4[1] - MARGIN;
  const write = (text: string, options: { font?: PDFFont; size?: number; gap?: number; color?: [number, number, number] } = {}) => {
    const font = options.font ?? regular;
    const size = options.size ?? 10;
    for (const line of wrap(text, font, size, WIDTH)) {
      if (y < MARGIN + size) {
        page = doc.addPage(A4);
        y = A4[1] - MARGIN;
      }
      page.drawText(line, { x: MARGIN, y, size, font, color: options.color ? rgb(...options.color) : rgb(0, 0, 0) });
      y -= size * 1.4;
    }
    y -= options.gap ?? 0;
  };
  const submitted = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'long', timeZone: 'Asia/Almaty' }).format(new Date(facts.submittedAt));

  write('Redress', { font: bold, size: 12 });
  write(t('receipt.title'), { font: bold, size: 18, gap: 6 });
  write(`${t('receipt.reference')}: ${facts.reference}`, { font: bold, size: 13 });
  write(`${t('receipt.submittedAt')}: ${submitted}`, { gap: 10 });
  write(t('receipt.facts'), { font: bold, size: 12, gap: 2 });
  const none = '—';
  write(`${t('receipt.kind')}: ${caseKindName(facts.kind, locale) || none}`);
  write(`${t('receipt.region')}: ${regionName(facts.region, locale) || none}`);
  write(`${t('receipt.court')}: ${facts.court ?? none}`);
  write(`${t('receipt.caseNumber')}: ${facts.caseNumber ?? none}`);
  write(`${t('receipt.judgmentDate')}: ${facts.judgmentDate ?? none}`, { gap: 10 });
  write(t('receipt.documents', { count: facts.documents.length }), { font: bold, size: 12, gap: 2 });
  facts.documents.forEach((d, i) => {
    write(`${i + 1}. ${documentKindName(d.kind, locale)}: ${d.name} (${d.size.toLocaleString(locale)} B)`);
    write(`SHA-256: ${d.sha256}`, { size: 8, gap: 4, color: [0.25, 0.25, 0.25] });
  });
  y -= 8;
  write(t('receipt.codeTitle'), { font: bold, size: 12, gap: 2 });
  write(t('receipt.codeHelp', { url: verifyUrl }), { gap: 4 });
  write(code, { size: 7, color: [0.2, 0.2, 0.2] });
  return doc.save();
}
