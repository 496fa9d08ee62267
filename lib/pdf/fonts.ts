import fs from 'node:fs';
import path from 'node:path';

let regular: Buffer | undefined;
let bold: Buffer | undefined;

/** DejaVu Sans, shipped in public/fonts: it covers the whole Kazakh Cyrillic alphabet. */
export function dejaVuSans(): { regular: Buffer; bold: Buffer } {
  regular ??= fs.readFileSync(path.resolve(process.cwd(), 'public/fonts/DejaVuSans.ttf'));
  bold ??= fs.readFileSync(path.resolve(process.cwd(), 'public/fonts/DejaVuSans-Bold.ttf'));
  return { regular, bold };
}
