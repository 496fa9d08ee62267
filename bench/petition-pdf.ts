/**
 * The petition PDF: pdfkit against pdf-lib, on the sample petition (tests/factories) of 20 and
 * 200 cases in Kazakh.
 *
 * Usage: npx tsx bench/petition-pdf.ts [--runs=3] [--out=DIR] [--max-other=20] [--retries=4]
 *   --out keeps one PDF of each; a warm run during which the rest of the machine used more than
 *   --max-other % of a core is repeated (2 s later, up to --retries times) and the cleanest kept.
 *
 * lib/bundles/exports/content.ts imports 'server-only', which throws outside React Server
 * Components. Running under `node --conditions=react-server` would silence it but breaks
 * next-intl's React imports, so this file resolves 'server-only' to an empty module with a
 * loader hook, as bench/queue.ts does, before importing anything of the app.
 *
 * Each library and size runs in a fresh child process. The first render is measured apart
 * ("first": JIT, font parsing, heap growth, as on a freshly started server); then --runs warm
 * renders, each from a collected heap, report the median wall time, pages, bytes, the largest
 * RSS growth during one render, and the longest the event loop was blocked: the widest gap
 * between two turns of a setImmediate heartbeat ("longest block"), cross-checked by
 * perf_hooks.monitorEventLoopDelay ("ELD max", 1 ms resolution). "other CPU" is what the rest
 * of the machine used meanwhile (/proc, bench/lib/cpu.ts), in % of one core: on a 2-core machine
 * a busy neighbour takes the core away mid-slice and stretches the gaps.
 *
 * (a) pdfkit: lib/bundles/exports/pdf.ts, the renderer the app uses.
 * (b) pdf-lib: the prototype below of the same layout (its own line wrapping, tables whose rows
 *     move whole to the next page under a repeated header, page numbers), yielding to the event
 *     loop on the same 10 ms budget as (a).
 *
 * Measured 2026-11-28 on the 2-core development machine, --runs=5 (warm columns; "first" is the
 * first render in a fresh process):
 *
 * | library | cases | ms | pages | bytes | RSS Δ MB | longest block ms | ELD max ms | other CPU % | first: ms | first: RSS Δ MB | first: longest block ms |
 * |---|---|---|---|---|---|---|---|---|---|---|---|
 * | pdfkit | 20 | 256 | 12 | 61,105 | 2.9 | 28.4 | 31.2 | 4 | 549 | 12.4 | 48.0 |
 * | pdf-lib | 20 | 841 | 12 | 72,174 | 1.8 | 195.7 | 197.9 | 39 | 1310 | 16.8 | 177.9 |
 * | pdfkit | 200 | 1008 | 112 | 333,650 | 21.5 | 24.8 | 26.5 | 2 | 1408 | 47.4 | 48.8 |
 * | pdf-lib | 200 | 3218 | 110 | 468,809 | 21.6 | 157.5 | 154.5 | 3 | 4479 | 74.0 | 159.8 |
 *
 * pdfkit is 3x faster and 15-30% smaller, and with cooperative yielding its longest block stays
 * under 30 ms warm (under 50 ms on the first render): its end() subsets and writes both fonts in
 * one go (about 25 ms), everything else is paced. pdf-lib blocks 150-200 ms in calls the
 * prototype cannot split (save() alone takes 0.4-1 s).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { PetitionContent } from '@/lib/bundles/exports/content';
import { dejaVuSans } from '@/lib/pdf/fonts';
import { cpuOf, machineTicks } from './lib/cpu';
import { allowServerOnlyImports } from './lib/app';

type Library = 'pdfkit' | 'pdf-lib';
type Result = {
  library: Library;
  cases: number;
  firstMs: number;
  firstRssMb: number;
  firstBlockMs: number;
  ms: number;
  pages: number;
  bytes: number;
  rssMb: number;
  longestBlockMs: number;
  eldMaxMs: number;
  /** CPU the rest of the machine used during the kept runs, in % of one core. */
  otherCpu: number;
  firstOtherCpu: number;
};
type Run = { pdf: Buffer; ms: number; rssMb: number; longestBlockMs: number; eldMaxMs: number; otherCpu: number };

const SIZES = [20, 200];
const LIBRARIES: Library[] = ['pdfkit', 'pdf-lib'];

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    out: { type: 'string' },
    'max-other': { type: 'string', default: '20' },
    retries: { type: 'string', default: '4' },
    child: { type: 'string' },
  },
});

async function main(): Promise<void> {
  const results: Result[] = [];
  for (const cases of SIZES) {
    for (const library of LIBRARIES) {
      const self = path.resolve(import.meta.dirname, 'petition-pdf.ts');
      const childArgs = [`--child=${library}:${cases}`, `--runs=${args.runs}`, `--max-other=${args['max-other']}`, `--retries=${args.retries}`, ...(args.out ? [`--out=${args.out}`] : [])];
      // process.execArgv carries tsx's loader; --expose-gc lets the child take a clean RSS baseline.
      const child = spawnSync(process.execPath, [...process.execArgv, '--expose-gc', self, ...childArgs], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      if (child.status !== 0) throw new Error(`${library} ${cases}: exit ${child.status}`);
      results.push(JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Result);
    }
  }
  console.log(`Sample petition in Kazakh, median of ${args.runs} warm renders per row (each row in a fresh process)\n`);
  const header = ['library', 'cases', 'ms', 'pages', 'bytes', 'peak RSS Δ MB', 'longest block ms', 'ELD max ms', 'other CPU %'];
  header.push('first: ms', 'first: RSS Δ MB', 'first: longest block ms', 'first: other CPU %');
  console.log(`| ${header.join(' | ')} |\n|${'---|'.repeat(header.length)}`);
  const f = (n: number, digits = 0) => n.toFixed(digits);
  for (const r of results) {
    const warm = [f(r.ms), String(r.pages), r.bytes.toLocaleString('en'), f(r.rssMb, 1), f(r.longestBlockMs, 1), f(r.eldMaxMs, 1), f(r.otherCpu)];
    const cold = [f(r.firstMs), f(r.firstRssMb, 1), f(r.firstBlockMs, 1), f(r.firstOtherCpu)];
    console.log(`| ${[r.library, r.cases, ...warm, ...cold].join(' | ')} |`);
  }
}

async function measure(library: Library, cases: number, runs: number, out: string | undefined): Promise<Result> {
  allowServerOnlyImports();
  const { petitionContent } = await import('@/lib/bundles/exports/content');
  const { samplePetition } = await import('@/tests/factories/petition');
  const { renderPetitionPdf } = await import('@/lib/bundles/exports/pdf');
  const render = library === 'pdfkit' ? renderPetitionPdf : renderWithPdfLib;
  const content = petitionContent(samplePetition(cases, 'kk'));

  const first = await measuredRender(() => render(content));
  if (out) fs.writeFileSync(path.join(out, `petition-${library}-${cases}.pdf`), first.pdf);

  const kept: Run[] = [];
  for (let i = 0; i < runs; i++) {
    // Another process taking a core stretches every gap the heartbeat sees: retry disturbed runs
    // after a pause and keep the cleanest.
    let best = await measuredRender(() => render(content));
    for (let retry = 0; retry < Number(args.retries) && best.otherCpu > Number(args['max-other']); retry++) {
      await sleep(2000);
      const again = await measuredRender(() => render(content));
      if (again.otherCpu < best.otherCpu) best = again;
    }
    kept.push(best);
  }
  const max = (pick: (r: Run) => number) => Math.max(...kept.map(pick));
  const times = kept.map((r) => r.ms).sort((a, b) => a - b);
  const last = kept.at(-1)!;
  return {
    library,
    cases,
    firstMs: first.ms,
    firstRssMb: first.rssMb,
    firstBlockMs: first.longestBlockMs,
    firstOtherCpu: first.otherCpu,
    ms: times[Math.floor(times.length / 2)]!,
    pages: (await PDFDocument.load(last.pdf)).getPageCount(),
    bytes: last.pdf.length,
    rssMb: max((r) => r.rssMb),
    longestBlockMs: max((r) => r.longestBlockMs),
    eldMaxMs: max((r) => r.eldMaxMs),
    otherCpu: max((r) => r.otherCpu),
  };
}

/**
 * One render from a collected heap (after a pause, so that RSS has settled), with the event
 * loop watched and the CPU the rest of the machine spent meanwhile.
 */
async function measuredRender(render: () => Promise<Buffer>): Promise<Run> {
  globalThis.gc?.();
  await sleep(200);
  const baseline = process.memoryUsage.rss();
  const ticks = machineTicks();
  const ownCpu = cpuOf(process.pid);
  const watch = watchEventLoop();
  const started = performance.now();
  const pdf = await render();
  const ms = performance.now() - started;
  const loop = watch.stop();
  // /proc/stat counts in 10 ms jiffies, like /proc/<pid>/stat.
  const machineMs = (machineTicks().busy - ticks.busy) * 10;
  const otherCpu = Math.max(0, ((machineMs - (cpuOf(process.pid) - ownCpu)) / ms) * 100);
  return { pdf, ms, rssMb: (loop.peakRss - baseline) / 2 ** 20, longestBlockMs: loop.longestBlockMs, eldMaxMs: loop.eldMaxMs, otherCpu };
}

/**
 * Watches the event loop during one render: a setImmediate heartbeat gets a turn whenever the
 * renderer yields, so the widest gap between two beats is the longest synchronous slice another
 * request would have waited behind. RSS is sampled on the beats (at most once a millisecond).
 */
function watchEventLoop() {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  let last = performance.now();
  let lastSample = last;
  let longestBlockMs = 0;
  let peakRss = process.memoryUsage.rss();
  let running = true;
  const beat = () => {
    const now = performance.now();
    longestBlockMs = Math.max(longestBlockMs, now - last);
    last = now;
    if (now - lastSample >= 1) {
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
      lastSample = now;
    }
    if (running) setImmediate(beat);
  };
  setImmediate(beat);
  return {
    stop() {
      running = false;
      histogram.disable();
      return { longestBlockMs, eldMaxMs: histogram.max / 1e6, peakRss: Math.max(peakRss, process.memoryUsage.rss()) };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// (b) The pdf-lib prototype: the layout of lib/bundles/exports/pdf.ts, written by hand.

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56.69;
const WIDTH = A4[0] - 2 * MARGIN;
const BODY_SIZE = 10.5;
const LEADING = 1.17 * BODY_SIZE + 2;
const HEADING_SIZE = 12.5;
const TABLE_SIZE = 7.5;
const HASH_SIZE = 6.5;
const PAD = 3;
const BORDER = rgb(0.6, 0.6, 0.6);
const HEADER_FILL = rgb(0.925, 0.925, 0.925);
const CASE_SHARES = [0.02, 0.16, 0.18, 0.12, 0.1, 0.1, 0.14, 0.18];
const ANNEX_SHARES = [0.4, 0.3, 0.1, 0.2];

type Style = { font: PDFFont; size: number };
type Piece = { text: string; space: boolean };

/** Same yielding budget as the pdfkit renderer. */
function pacer(): () => Promise<void> {
  let sliceStart = performance.now();
  return async () => {
    if (performance.now() - sliceStart < 10) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    sliceStart = performance.now();
  };
}

/** Word widths, cached: pdf-lib shapes the whole string through fontkit on every measurement. */
function measurer() {
  const cache = new Map<PDFFont, Map<string, number>>();
  return (font: PDFFont, text: string, size: number) => {
    let widths = cache.get(font);
    if (!widths) cache.set(font, (widths = new Map()));
    let width = widths.get(text);
    if (width === undefined) widths.set(text, (width = font.widthOfTextAtSize(text, 1)));
    return width * size;
  };
}

/** Break opportunities like pdfkit's: spaces, and after a slash or hyphen that a letter follows. */
function pieces(paragraph: string): Piece[] {
  const out: Piece[] = [];
  for (const word of paragraph.split(/\s+/)) {
    if (word) word.split(/(?<=[/-])(?=\p{L})/u).forEach((text, i) => out.push({ text, space: i === 0 }));
  }
  return out;
}

async function renderWithPdfLib(content: PetitionContent): Promise<Buffer> {
  const pace = pacer();
  const width = measurer();
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const fonts = dejaVuSans();
  const regular = await doc.embedFont(fonts.regular, { subset: true });
  const bold = await doc.embedFont(fonts.bold, { subset: true });
  doc.setTitle(content.title);
  doc.setLanguage(content.language);
  doc.setCreator('Redress');

  let page: PDFPage = doc.addPage(A4);
  let y = A4[1] - MARGIN;
  const newPage = () => {
    page = doc.addPage(A4);
    y = A4[1] - MARGIN;
  };
  const keepTogether = (height: number) => {
    if (y - height < MARGIN) newPage();
  };

  const wrap = (text: string, style: Style, max: number): string[] => {
    const lines: string[] = [];
    for (const paragraph of text.split('\n')) {
      let line = '';
      let used = 0;
      for (const piece of pieces(paragraph)) {
        const w = width(style.font, piece.text, style.size);
        const space = line && piece.space ? width(style.font, ' ', style.size) : 0;
        if (used + space + w <= max) {
          line += (space ? ' ' : '') + piece.text;
          used += space + w;
          continue;
        }
        if (line) lines.push(line);
        line = '';
        used = 0;
        if (w <= max) {
          line = piece.text;
          used = w;
          continue;
        }
        for (const char of piece.text) {
          const cw = width(style.font, char, style.size);
          if (used + cw > max && line) {
            lines.push(line);
            line = '';
            used = 0;
          }
          line += char;
          used += cw;
        }
      }
      lines.push(line);
    }
    return lines;
  };

  const write = (text: string, style: Style, align: 'left' | 'right' = 'left') => {
    const leading = 1.17 * style.size + 2;
    for (const line of wrap(text, style, WIDTH)) {
      if (y - leading < MARGIN) newPage();
      y -= leading;
      const x = align === 'right' ? MARGIN + WIDTH - width(style.font, line, style.size) : MARGIN;
      page.drawText(line, { x, y: y + 0.25 * style.size, size: style.size, font: style.font });
    }
  };
  const paragraphs = (text: string) => {
    for (const paragraph of text.split(/\n\s*\n/)) {
      if (!paragraph.trim()) continue;
      write(paragraph.trim(), { font: regular, size: BODY_SIZE });
      y -= 6;
    }
  };
  const heading = (text: string, following: number) => {
    y -= 10;
    keepTogether(1.17 * HEADING_SIZE + 8 + following);
    write(text, { font: bold, size: HEADING_SIZE });
    y -= 6;
  };

  const columnWidths = async (header: string[], rows: string[][], styles: Style[], shares: number[]) => {
    const longest = (text: string, style: Style) => Math.max(0, ...pieces(text).map((p) => width(style.font, p.text, style.size)));
    const widest = header.map((text) => longest(text, { font: bold, size: TABLE_SIZE }));
    for (const row of rows) {
      row.forEach((text, i) => (widest[i] = Math.max(widest[i]!, longest(text, styles[i]!))));
      await pace();
    }
    const minimum = widest.map((w) => Math.ceil(w) + 2 * PAD + 1);
    const slack = WIDTH - minimum.reduce((sum, w) => sum + w, 0);
    return slack < 0 ? shares.map((s) => s * WIDTH) : minimum.map((w, i) => w + slack * shares[i]!);
  };
  const layoutRow = (cells: string[], widths: number[], styles: Style[]) => {
    const lines = cells.map((text, i) => wrap(text, styles[i]!, widths[i]! - 2 * PAD));
    const height = Math.max(...lines.map((l, i) => l.length * (1.17 * styles[i]!.size + 1))) + 2 * PAD;
    return { lines, height };
  };
  const drawRow = (row: { lines: string[][]; height: number }, widths: number[], styles: Style[], fill: boolean) => {
    let x = MARGIN;
    row.lines.forEach((lines, i) => {
      const style = styles[i]!;
      page.drawRectangle({ x, y: y - row.height, width: widths[i]!, height: row.height, borderColor: BORDER, borderWidth: 0.5, ...(fill ? { color: HEADER_FILL } : {}) });
      lines.forEach((line, k) => {
        page.drawText(line, { x: x + PAD, y: y - PAD - (k + 1) * (1.17 * style.size + 1) + 0.3 * style.size, size: style.size, font: style.font });
      });
      x += widths[i]!;
    });
    y -= row.height;
  };
  const table = async (header: string[], rows: string[][], widths: number[], styles: Style[]) => {
    const headerStyles = styles.map(() => ({ font: bold, size: TABLE_SIZE }));
    const head = layoutRow(header, widths, headerStyles);
    drawRow(head, widths, headerStyles, true);
    for (const cells of rows) {
      const row = layoutRow(cells, widths, styles);
      if (y - row.height < MARGIN) {
        newPage();
        drawRow(head, widths, headerStyles, true);
      }
      drawRow(row, widths, styles, false);
      await pace();
    }
  };

  write(content.addressee, { font: bold, size: BODY_SIZE + 0.5 }, 'right');
  y -= 16;
  paragraphs(content.coverLetter);

  const caseRows = content.cases.map((c) => c.cells);
  const caseStyles = caseRows[0]!.map(() => ({ font: regular, size: TABLE_SIZE }));
  const caseWidths = await columnWidths(content.labels.caseColumns, caseRows, caseStyles, CASE_SHARES);
  heading(content.labels.casesTable, 60);
  await table(content.labels.caseColumns, caseRows, caseWidths, caseStyles);

  for (const c of content.cases) {
    heading(c.heading, 3 * LEADING);
    paragraphs(c.summary);
    await pace();
  }

  const annexStyles = [TABLE_SIZE, TABLE_SIZE, TABLE_SIZE, HASH_SIZE].map((size) => ({ font: regular, size }));
  const annexWidths = await columnWidths(content.labels.annexColumns, content.annex, annexStyles, ANNEX_SHARES);
  heading(content.labels.annex, 40);
  await table(content.labels.annexColumns, content.annex, annexWidths, annexStyles);
  if (content.manifestLine) {
    y -= 10;
    paragraphs(content.manifestLine);
  }

  const pages = doc.getPages();
  for (const [i, p] of pages.entries()) {
    const label = content.labels.page(i + 1, pages.length);
    p.drawText(label, { x: MARGIN + (WIDTH - width(regular, label, 8.5)) / 2, y: MARGIN / 2 - 3, size: 8.5, font: regular, color: rgb(0.27, 0.27, 0.27) });
    await pace();
  }
  return Buffer.from(await doc.save());
}

// Last, so that every constant above is initialized before the top-level await runs.
if (args.child) {
  const [library, cases] = args.child.split(':') as [Library, string];
  console.log(JSON.stringify(await measure(library, Number(cases), Number(args.runs), args.out)));
} else {
  await main();
}
