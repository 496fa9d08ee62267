import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { casesCsv } from '@/lib/bundles/exports';
import { spreadsheetText } from '@/lib/csv';

describe('CSV exports and spreadsheet formulas', () => {
  it('puts an apostrophe before text a spreadsheet would run as a formula, and leaves the rest alone', () => {
    for (const formula of ['=HYPERLINK("http://evil.example","x")', '+7 701 000', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) expect(spreadsheetText(formula)).toBe(`'${formula}`);
    for (const plain of ['Айгерім Сапарова', '7510-26-00-1/5', 'a=b', '', ' =1']) expect(spreadsheetText(plain)).toBe(plain);
  });

  it("keeps a bundle's cases.csv from carrying a formula typed by an applicant", () => {
    const csv = casesCsv({
      title: 'T',
      addressee: 'prosecutor_general',
      addresseeRegionCode: null,
      language: 'ru',
      coverLetter: '',
      finalizedAt: new Date().toISOString(),
      cases: [
        {
          caseId: 'c1',
          reference: 'RD-2026-00001',
          position: 1,
          summary: '=cmd|"/c calc"!A1',
          personName: '@Иванов',
          courtName: 'Медеуский районный суд',
          caseNumber: '7510-26-00-1/5',
          judgmentDate: '2025-01-10',
          articles: ['190 ч. 4'],
          sentence: '-',
          grounds: [],
          regionCode: null,
          kind: 'criminal',
        },
      ],
    });
    const [, row] = parse(csv.toString('utf8').replace(/^\uFEFF/, '')) as string[][];
    expect(row![2]).toBe("'@Иванов");
    expect(row![3]).toBe('Медеуский районный суд');
    expect(row![4]).toBe('7510-26-00-1/5');
    expect(row![7]).toBe("'-");
    expect(row![11]).toBe('\'=cmd|"/c calc"!A1');
  });
});
