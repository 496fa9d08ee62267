import { Transform, type TransformCallback } from 'node:stream';
import zlib from 'node:zlib';

/**
 * Refuses PDFs that can run something: JavaScript, launch actions, embedded files, XFA forms,
 * Flash, form submission. Court rulings and scans need none of it.
 *
 * What counts (names compared case-insensitively, after decoding `#xx` escapes):
 * - everywhere, even inside streams: /JavaScript, /Launch, /EmbeddedFile(s), /RichMedia,
 *   /SubmitForm, /ImportData, /OnInstantiate (3D JavaScript). These are long enough never to
 *   turn up by chance in compressed or image data.
 * - outside streams only: /JS, /XFA, /GoToE. Three to five bytes do occur by chance in a 20 MB
 *   image, so stream data (between `stream` and `endstream`) is not searched for them.
 * - /OpenAction and /AA are allowed: ordinary PDFs use them to open at a page, and the actions
 *   that make them dangerous (JavaScript, Launch) are refused by name anyway. /URI links are allowed.
 *
 * Dictionaries can hide inside compressed object streams (/Type /ObjStm): those are inflated as
 * they pass and searched too. An object stream this scan cannot read (another filter, a
 * predictor, an indirect /Filter, a damaged or encrypted stream, or more than 64 MB inflated) is
 * refused as well: what cannot be checked is not accepted.
 *
 * The bytes are scanned as they stream, chunk by chunk; names split across chunks are joined by
 * the state machine. Nothing but the current name and a few flags is kept.
 */
export type PdfFinding = { kind: 'active-content'; name: string } | { kind: 'unchecked'; reason: string };

/** Inflated object-stream bytes one file may produce before the scan gives up (and refuses). */
export const MAX_INFLATED_BYTES = 64 * 1024 * 1024;

const ALWAYS = new Set(['javascript', 'launch', 'embeddedfile', 'embeddedfiles', 'richmedia', 'submitform', 'importdata', 'oninstantiate']);
const OUTSIDE_STREAMS = new Set(['js', 'xfa', 'gotoe']);
const FLATE = new Set(['FlateDecode', 'Fl']);
const OTHER_FILTERS = new Set([
  'ASCIIHexDecode', 'AHx', 'ASCII85Decode', 'A85', 'LZWDecode', 'LZW', 'RunLengthDecode', 'RL',
  'CCITTFaxDecode', 'CCF', 'JBIG2Decode', 'DCTDecode', 'DCT', 'JPXDecode', 'Crypt',
]);
/** Longest name the PDF spec allows; anything longer cannot be a name we look for. */
const MAX_NAME = 127;

// Byte classes (PDF 32000-1, 7.2.2): 0 regular, 1 white-space, 2 delimiter.
const CLASS = new Uint8Array(256);
for (const b of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) CLASS[b] = 1;
for (const c of '()<>[]{}/%') CLASS[c.charCodeAt(0)] = 2;
const SLASH = 0x2f;
const HASH = 0x23;
const CR = 0x0d;
const LF = 0x0a;

function hexValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x41 && b <= 0x46) return b - 0x37;
  if (b >= 0x61 && b <= 0x66) return b - 0x57;
  return -1;
}

/** Splits bytes into names (decoded) and keywords, across chunk boundaries. */
class Tokenizer {
  private name: number[] | null = null;
  private nameTooLong = false;
  private hex = 0; // 0: no escape; 1: after '#'; 2: after '#' and one digit
  private hexHigh = 0;
  private hexByte = 0;
  private keyword = '';
  /** Off inside stream data, where only names matter: the scan then jumps from '/' to '/'. */
  collectKeywords = true;

  constructor(
    private readonly onName: (name: string) => void,
    private readonly onKeyword: (keyword: string, terminator: number) => void = () => {},
  ) {}

  /** Feeds bytes [start, end) of `chunk`; stops early (returning the index) when `stop()` says so after a token. */
  feed(chunk: Uint8Array, start = 0, end = chunk.length, stop: () => boolean = () => false): number {
    for (let i = start; i < end; i++) {
      if (!this.name && !this.collectKeywords) {
        const next = chunk.indexOf(SLASH, i);
        if (next === -1 || next >= end) return end;
        i = next;
      }
      const b = chunk[i]!;
      if (this.name) {
        if (this.hex === 1) {
          const v = hexValue(b);
          if (v >= 0) {
            this.hexHigh = v;
            this.hexByte = b;
            this.hex = 2;
            continue;
          }
          // A '#' without hex digits: readers take it literally.
          this.hex = 0;
          this.push(HASH);
        } else if (this.hex === 2) {
          const v = hexValue(b);
          this.hex = 0;
          if (v >= 0) {
            this.push(this.hexHigh * 16 + v);
            continue;
          }
          this.push(HASH);
          this.push(this.hexByte);
        }
        if (CLASS[b] === 0) {
          if (b === HASH) this.hex = 1;
          else this.push(b);
          continue;
        }
        this.endName();
        if (stop()) return i;
      } else if (CLASS[b] === 0) {
        if (this.keyword.length < 16) this.keyword += String.fromCharCode(b);
        continue;
      } else if (this.keyword) {
        const word = this.keyword;
        this.keyword = '';
        this.onKeyword(word, b);
        if (stop()) return i + 1;
      }
      if (b === SLASH) {
        this.name = [];
        this.nameTooLong = false;
      }
    }
    return end;
  }

  /** Ends a name or keyword cut off by the end of the data. */
  finish(): void {
    if (this.name) {
      if (this.hex) this.push(HASH);
      if (this.hex === 2) this.push(this.hexByte);
      this.endName();
    }
    this.keyword = '';
  }

  reset(): void {
    this.name = null;
    this.hex = 0;
    this.keyword = '';
  }

  private push(b: number): void {
    if (this.name!.length >= MAX_NAME) this.nameTooLong = true;
    else this.name!.push(b);
  }

  private endName(): void {
    const bytes = this.name!;
    this.name = null;
    this.hex = 0;
    if (!this.nameTooLong) this.onName(String.fromCharCode(...bytes));
  }
}

/** A streaming matcher for one byte sequence (KMP), fed chunk by chunk. */
class SequenceMatcher {
  private readonly failure: number[];
  private matched = 0;

  constructor(private readonly pattern: Uint8Array) {
    this.failure = new Array<number>(pattern.length).fill(0);
    for (let i = 1, k = 0; i < pattern.length; i++) {
      while (k > 0 && pattern[i] !== pattern[k]) k = this.failure[k - 1]!;
      if (pattern[i] === pattern[k]) k++;
      this.failure[i] = k;
    }
  }

  /** The index just past the first complete match in [start, end), or -1. */
  find(chunk: Uint8Array, start: number, end: number): number {
    for (let i = start; i < end; i++) {
      const b = chunk[i]!;
      while (this.matched > 0 && b !== this.pattern[this.matched]) this.matched = this.failure[this.matched - 1]!;
      if (b === this.pattern[this.matched]) this.matched++;
      if (this.matched === this.pattern.length) {
        this.matched = 0;
        return i + 1;
      }
    }
    return -1;
  }

  reset(): void {
    this.matched = 0;
  }
}

/**
 * Facts about the dictionary of the next stream, gathered since the last stream ended: /Filter,
 * filter names and /DecodeParms occur only in stream dictionaries outside streams, so whatever
 * sits between two streams describes the second. (Resetting at `obj` would let a stray `obj`
 * token hide an object stream.)
 */
type ObjectFacts = { isObjectStream: boolean; hasFilterKey: boolean; flate: boolean; otherFilter: boolean; hasParameters: boolean };
const noFacts = (): ObjectFacts => ({ isObjectStream: false, hasFilterKey: false, flate: false, otherFilter: false, hasParameters: false });

/**
 * The scanner itself: feed it the file's bytes in order, then `end()`. `finding` is set at the
 * first reason to refuse; later bytes are then ignored.
 */
export class PdfScanner {
  finding: PdfFinding | null = null;
  private inStream = false;
  /** After `stream`: skipping the end of its line before the data starts. */
  private awaitingData: 'no' | 'eol' | 'after-cr' = 'no';
  private facts = noFacts();
  private readonly top: Tokenizer;
  private readonly endstream = new SequenceMatcher(Buffer.from('endstream'));
  private inflater: zlib.Inflate | null = null;
  private inner: Tokenizer | null = null;
  private inflated = 0;
  /** Settles when the current inflater is gone, so no wait on it can hang after it is destroyed. */
  private closed: Promise<void> = Promise.resolve();
  /** Writes to an inflater not yet processed: `settle` waits for them. */
  private readonly pending: Promise<void>[] = [];
  /** One per object stream, settled when its inflater is done: `end` waits for them. */
  private readonly inflations: Promise<void>[] = [];

  constructor() {
    this.top = new Tokenizer(
      (name) => this.check(name, this.inStream ? 'stream' : 'top'),
      (keyword, terminator) => this.keyword(keyword, terminator),
    );
  }

  private refuse(finding: PdfFinding): void {
    this.finding ??= finding;
    this.stopInflating();
  }

  private check(name: string, where: 'top' | 'stream' | 'object-stream'): void {
    const lower = name.toLowerCase();
    if (ALWAYS.has(lower) || (where !== 'stream' && OUTSIDE_STREAMS.has(lower))) {
      this.refuse({ kind: 'active-content', name });
      return;
    }
    if (where !== 'top') return;
    // Dictionary facts, for the stream that may follow.
    if (name === 'ObjStm') this.facts.isObjectStream = true;
    else if (name === 'Filter') this.facts.hasFilterKey = true;
    else if (FLATE.has(name)) this.facts.flate = true;
    else if (OTHER_FILTERS.has(name)) this.facts.otherFilter = true;
    else if (name === 'DecodeParms' || name === 'DP' || name === 'Predictor') this.facts.hasParameters = true;
  }

  private keyword(word: string, terminator: number): void {
    // Inside stream data, words are data: only `endstream` (matched byte-wise) ends it.
    if (this.inStream) return;
    if (word === 'stream' && CLASS[terminator] === 1) {
      this.inStream = true;
      this.top.collectKeywords = false;
      this.awaitingData = terminator === CR ? 'after-cr' : terminator === LF ? 'no' : 'eol';
      this.endstream.reset();
      if (this.facts.isObjectStream) this.startObjectStream();
    }
  }

  private startObjectStream(): void {
    const f = this.facts;
    if (f.otherFilter || f.hasParameters) return this.refuse({ kind: 'unchecked', reason: 'object stream with a filter or predictor this scan does not read' });
    if (f.hasFilterKey && !f.flate) return this.refuse({ kind: 'unchecked', reason: 'object stream with an indirect filter' });
    // Each object stream has its own tokenizer: its inflater may still be emitting after the next one starts.
    const inner = new Tokenizer((name) => this.check(name, 'object-stream'));
    this.inner = inner;
    if (!f.flate) return;
    const inflater = zlib.createInflate();
    this.inflater = inflater;
    const closed = new Promise<void>((resolve) => inflater.once('close', () => resolve()));
    this.closed = closed;
    inflater.on('data', (data: Buffer) => {
      this.inflated += data.length;
      if (this.inflated > MAX_INFLATED_BYTES) return this.refuse({ kind: 'unchecked', reason: 'object streams inflate beyond the limit' });
      inner.feed(data);
    });
    this.inflations.push(
      new Promise<void>((resolve) => {
        inflater.once('error', () => {
          this.refuse({ kind: 'unchecked', reason: 'object stream that does not inflate' });
          resolve();
        });
        inflater.once('end', () => {
          inner.finish();
          resolve();
        });
        void closed.then(resolve);
      }),
    );
  }

  private stopInflating(): void {
    this.inflater?.destroy();
    this.inflater = null;
    this.inner = null;
  }

  /** Stream data [start, end) of an object stream: inflated or scanned as it is. */
  private objectStreamData(chunk: Uint8Array, start: number, end: number): void {
    if (start >= end) return;
    if (this.inflater) {
      const inflater = this.inflater;
      const written = new Promise<void>((resolve) => inflater.write(chunk.subarray(start, end), () => resolve()));
      this.pending.push(Promise.race([written, this.closed]));
    } else {
      this.inner?.feed(chunk, start, end);
    }
  }

  private endStream(): void {
    this.inStream = false;
    this.top.collectKeywords = true;
    this.facts = noFacts();
    this.top.reset();
    if (this.inflater) this.inflater.end();
    else this.inner?.finish();
    this.inflater = null;
    this.inner = null;
  }

  /** Scans the next bytes of the file. */
  write(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length && !this.finding) {
      if (!this.inStream) {
        i = this.top.feed(chunk, i, chunk.length, () => this.inStream || !!this.finding);
        continue;
      }
      if (this.awaitingData !== 'no') {
        const b = chunk[i]!;
        if (this.awaitingData === 'after-cr') {
          this.awaitingData = 'no';
          if (b === LF) i++;
        } else {
          i++;
          if (b === LF) this.awaitingData = 'no';
          else if (b === CR) this.awaitingData = 'after-cr';
        }
        continue;
      }
      const found = this.endstream.find(chunk, i, chunk.length);
      const end = found === -1 ? chunk.length : found;
      // Long names are looked for in stream data too; the tokenizer sees the same bytes.
      this.top.feed(chunk, i, end);
      if (this.inner) this.objectStreamData(chunk, i, end);
      i = end;
      if (found !== -1) this.endStream();
    }
  }

  /** Waits until inflation has caught up with what was written (backpressure for the caller). */
  async settle(): Promise<void> {
    while (this.pending.length) await this.pending.shift();
  }

  /** Ends the scan: the last token, and any object stream still inflating. */
  async end(): Promise<PdfFinding | null> {
    this.top.finish();
    if (this.inStream && this.inflater) this.inflater.end();
    else this.inner?.finish();
    await this.settle();
    await Promise.all(this.inflations);
    this.stopInflating();
    return this.finding;
  }

  /** Stops at once (the upload was abandoned). */
  abort(): void {
    this.stopInflating();
  }
}

export class PdfRefusedError extends Error {
  constructor(readonly finding: PdfFinding) {
    super(finding.kind === 'active-content' ? `PDF with active content (/${finding.name})` : `PDF that cannot be checked (${finding.reason})`);
    this.name = 'PdfRefusedError';
  }
}

/**
 * A pass-through that scans a PDF as it flows and errors with PdfRefusedError at the first
 * reason to refuse it, so whatever stores the bytes gives up and removes them.
 */
export function pdfGuard(): Transform {
  const scanner = new PdfScanner();
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      scanner.write(chunk);
      scanner.settle().then(
        () => (scanner.finding ? done(new PdfRefusedError(scanner.finding)) : done(null, chunk)),
        (error: unknown) => done(error as Error),
      );
    },
    flush(done: TransformCallback) {
      scanner.end().then(
        (finding) => done(finding ? new PdfRefusedError(finding) : null),
        (error: unknown) => done(error as Error),
      );
    },
    destroy(error, done) {
      scanner.abort();
      done(error);
    },
  });
}
