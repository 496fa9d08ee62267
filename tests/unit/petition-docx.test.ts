import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPetitionDocx } from '@/lib/bundles/exports/docx';
import { petitionContent } from '@/lib/bundles/exports/content';
import type { Locale } from '@/lib/i18n/locales';
import { samplePetition } from '../factories/petition';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'petition-docx-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Renders a sample petition and opens its ZIP with the system's unzip, as a reader outside docx would. */
async function render(cases: number, language: Locale) {
  const content = petitionContent(samplePetition(cases, language));
  const started = performance.now();
  const buffer = await renderPetitionDocx(content);
  const ms = performance.now() - started;
  const file = path.join(dir, `${language}-${cases}.docx`);
  fs.writeFileSync(file, buffer);
  const entries = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).split('\n').filter(Boolean);
  const part = (name: string) => execFileSync('unzip', ['-p', file, name], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { content, buffer, ms, entries, part };
}

/** The document's text with the XML markup removed, so a phrase split over runs still matches. */
function text(xml: string): string {
  return xml
    .replace(/<w:tab\/>/g, '\t')
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

describe.each([
  { cases: 3, language: 'kk' as const, lang: 'kk-KZ' },
  { cases: 2, language: 'ru' as const, lang: 'ru-RU' },
])('renderPetitionDocx($cases cases, $language)', ({ cases, language, lang }) => {
  let rendered: Awaited<ReturnType<typeof render>>;
  beforeAll(async () => {
    rendered = await render(cases, language);
  });

  it('is a ZIP with the Word parts', () => {
    const { buffer, entries } = rendered;
    expect(buffer.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(entries).toEqual(expect.arrayContaining(['[Content_Types].xml', 'word/document.xml', 'word/styles.xml', 'docProps/core.xml']));
  });

  it('holds the petition text in the order of the PDF', () => {
    const { content, part } = rendered;
    const xml = part('word/document.xml');
    const body = text(xml);
    const order = [
      content.addressee,
      'наразылық келтіруіңізді сұраймыз',
      content.labels.casesTable,
      ...content.labels.caseColumns,
      ...content.cases.map((c) => c.heading),
      content.labels.annex,
      ...content.labels.annexColumns,
      content.manifestLine!,
    ];
    let from = 0;
    for (const phrase of order) {
      const at = body.indexOf(phrase, from);
      expect(at, phrase).toBeGreaterThanOrEqual(from);
      from = at + phrase.length;
    }
    // Names with the Kazakh letters that fonts and encodings most often lose.
    const names = content.cases.map((c) => c.cells[1]);
    expect(names[0]).toMatch(/[әғқңөұүһі]/i);
    for (const name of names) expect(body).toContain(name);
    expect(body).toContain(content.annex.at(-1)![3]);
    expect(body).toContain(content.cases[1]!.summary.split('\n')[0]);
    expect(xml.match(/<w:tbl>/g)).toHaveLength(2);
    expect(xml).toContain('<w:tblHeader/>');
    expect(xml).toContain('w:val="Heading1"');
    expect(xml).toContain('w:val="Heading2"');
  });

  it('numbers the pages with PAGE and NUMPAGES fields in the footer', () => {
    const { content, entries, part } = rendered;
    const footers = entries.filter((e) => /^word\/footer\d*\.xml$/.test(e));
    expect(footers).toHaveLength(1);
    const xml = part(footers[0]!);
    expect(xml).toMatch(/PAGE\b/);
    expect(xml).toContain('NUMPAGES');
    // The label's words surround the fields: its text without the numbers.
    const words = content.labels.page(1, 2).replace(/\d/g, '');
    expect(text(xml).replace(/PAGE|NUMPAGES|\d/g, '').replace(/\s+/g, ' ').trim()).toBe(words.replace(/\s+/g, ' ').trim());
  });

  it('sets the title, language and font', () => {
    const { content, part } = rendered;
    expect(text(part('docProps/core.xml'))).toContain(content.title);
    const styles = part('word/styles.xml');
    expect(styles).toContain(`w:val="${lang}"`);
    expect(styles).toContain('w:ascii="Times New Roman"');
  });
});

describe('renderPetitionDocx at scale', () => {
  it('renders 200 cases', async () => {
    const { buffer, ms, part } = await render(200, 'ru');
    console.info(`DOCX, 200 cases: ${Math.round(ms)} ms, ${buffer.length} bytes`);
    const body = text(part('word/document.xml'));
    expect(body).toContain('Дело 200: RD-2026-00200');
  }, 30_000);
});
