import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { petitionContent } from '@/lib/bundles/exports/content';
import { renderPetitionPdf } from '@/lib/bundles/exports/pdf';
import { samplePetition } from '../factories/petition';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'petition-pdf-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Renders a Kazakh sample petition and reads it back with poppler, as a reader outside pdfkit would. */
async function render(cases: number) {
  const content = petitionContent(samplePetition(cases, 'kk'));
  const started = performance.now();
  const buffer = await renderPetitionPdf(content);
  const ms = performance.now() - started;
  const file = path.join(dir, `kk-${cases}.pdf`);
  fs.writeFileSync(file, buffer);
  const run = (tool: string, ...args: string[]) => execFileSync(tool, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  // pdftotext ends every page with a form feed.
  const pages = run('pdftotext', '-layout', file, '-').split('\f').slice(0, -1);
  const info = run('pdfinfo', file);
  const pageCount = Number(/^Pages:\s+(\d+)$/m.exec(info)?.[1]);
  return { content, buffer, ms, pages, pageCount, info, fonts: run('pdffonts', file) };
}

/** Text with every run of whitespace made one space, so wrapped lines still match a phrase. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('renderPetitionPdf(3 cases, kk)', () => {
  let rendered: Awaited<ReturnType<typeof render>>;
  beforeAll(async () => {
    rendered = await render(3);
  });

  it('is an A4 PDF with as many pages as its footers say', () => {
    const { buffer, content, pages, pageCount, info } = rendered;
    expect(buffer.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(info).toMatch(/^Page size:\s+595\.28 x 841\.89 pts \(A4\)$/m);
    expect(pageCount).toBeGreaterThan(1);
    expect(pages).toHaveLength(pageCount);
    expect(content.labels.page(1, pageCount)).toBe(`${pageCount} беттің 1-беті`);
    pages.forEach((page, i) => expect(flat(page)).toContain(content.labels.page(i + 1, pageCount)));
  });

  it('holds the petition text in order: letter, cases table, case sections, annex, manifest', () => {
    const { content, pages } = rendered;
    const text = flat(pages.join('\n'));
    const order = [
      content.addressee,
      content.coverLetter.split('\n')[0]!,
      'наразылық келтіруіңізді сұраймыз',
      'Құрметпен,',
      content.labels.casesTable,
      ...content.cases.map((c) => c.heading),
      content.labels.annex,
      content.manifestLine!,
    ];
    let from = 0;
    for (const phrase of order) {
      const at = text.indexOf(flat(phrase), from);
      expect(at, phrase).toBeGreaterThanOrEqual(from);
      from = at + flat(phrase).length;
    }
    for (const c of content.cases) {
      expect(text).toContain(c.cells[3]);
      expect(text).toContain(flat(c.summary.split('\n')[0]!));
    }
    for (const [, , , sha256] of content.annex) expect(text).toContain(sha256);
  });

  it('keeps the Kazakh letters as text', () => {
    const { content, pages } = rendered;
    const text = flat(pages.join('\n'));
    const names = content.cases.map((c) => c.cells[1]);
    // Names with the Kazakh letters that fonts and encodings most often lose.
    expect(names[0]).toMatch(/[әғқңөұүһі]/i);
    for (const name of names) expect(text).toContain(name);
    for (const letter of 'әғқңөұүі') expect(text, letter).toContain(letter);
  });

  it('sets the title and language, and embeds DejaVu Sans only', () => {
    const { buffer, content, info, fonts } = rendered;
    expect(info).toContain(`Title:           ${content.title}`);
    expect(buffer.toString('latin1')).toContain(`/Lang (${content.language})`);
    const names = fonts.split('\n').slice(2).filter(Boolean).map((line) => line.split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, ''));
    expect(names.sort()).toEqual(['DejaVuSans', 'DejaVuSans-Bold']);
  });
});

describe('renderPetitionPdf at scale', () => {
  it('renders 200 cases, every heading and hash, with the annex header on every page of its table', async () => {
    const { content, ms, buffer, pages, pageCount } = await render(200);
    console.info(`PDF, 200 cases: ${Math.round(ms)} ms, ${pageCount} pages, ${buffer.length} bytes`);
    const text = flat(pages.join('\n'));
    expect(text.match(/\d+-іс: RD-2026-\d{5}/g)).toHaveLength(200);
    expect(text).toContain(content.cases.at(-1)!.heading);
    expect(text).toContain('Һадия Іңкәрқызы Шәріпова');
    const hashes = content.annex.map(([, , , sha256]) => sha256);
    for (const sha256 of hashes) expect(text).toContain(sha256);
    const header = content.labels.annexColumns.join(' ');
    const annexPages = pages.filter((page) => hashes.some((sha256) => page.includes(sha256)));
    expect(annexPages.length).toBeGreaterThan(1);
    for (const page of annexPages) expect(flat(page)).toContain(header);
    expect(flat(pages.at(-1)!)).toContain(content.labels.page(pageCount, pageCount));
  }, 20_000);
});
