import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb } from 'pdf-lib';
import { dejaVuSans } from '@/lib/pdf/fonts';

/** A one-page A4 PDF with a heading and lines, in DejaVu Sans (covers Kazakh Cyrillic). */
export async function renderSimplePdf(title: string, lines: string[], footer: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(dejaVuSans().regular, { subset: true });
  doc.setTitle(title);
  doc.setCreator('Redress demo data');
  const page = doc.addPage([595.28, 841.89]);
  let y = 780;
  page.drawText(title, { x: 56, y, size: 14, font });
  y -= 32;
  for (const line of lines) {
    page.drawText(line, { x: 56, y, size: 11, font, maxWidth: 480 });
    y -= 18;
  }
  page.drawText(footer, { x: 56, y: 40, size: 8, font, color: rgb(0.4, 0.4, 0.4) });
  return doc.save();
}
