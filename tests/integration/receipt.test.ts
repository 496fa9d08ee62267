import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { cases, documents } from '@/db/schema';
import type { CurrentUser } from '@/lib/authz';
import { checkReceipt } from '@/lib/receipts/code';
import { buildFilingReceipt } from '@/lib/receipts/receipts';
import { getStorage } from '@/lib/storage';
import { createUser } from '../factories/users';

let applicant: CurrentUser;
let other: CurrentUser;
let reviewer: CurrentUser;
let caseId: string;
let draftId: string;
const sha = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

beforeAll(async () => {
  [applicant, other, reviewer] = await Promise.all([createUser('applicant'), createUser('applicant'), createUser('reviewer')]);
  const [row] = await getDb()
    .insert(cases)
    .values({ applicantId: applicant.id, status: 'submitted', reference: 'RD-2026-00777', submittedAt: new Date('2026-11-20T08:30:00Z'), kind: 'criminal', regionCode: 'shymkent', courtName: 'Шымкент қаласының соты', caseNumber: '1-77/2023', judgmentDate: '2023-02-01' })
    .returning({ id: cases.id });
  caseId = row!.id;
  for (const [name, content] of [['үкім.pdf', '%PDF-1.4 judgment'], ['apellyaciya.pdf', '%PDF-1.4 appeal']] as const) {
    const stored = await getStorage().put(Readable.from([Buffer.from(content)]));
    await getDb().insert(documents).values({ caseId, kind: 'judgment', originalName: name, contentType: 'application/pdf', sizeBytes: stored.sizeBytes, sha256: stored.sha256, storageKey: stored.key, uploaderId: applicant.id });
  }
  const [draft] = await getDb().insert(cases).values({ applicantId: applicant.id, status: 'draft' }).returning({ id: cases.id });
  draftId = draft!.id;
});

/** The PDF's text, through poppler's pdftotext (installed by .ci/run). */
function pdfText(bytes: Uint8Array): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'receipt-')), 'r.pdf');
  fs.writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' });
}

describe('filing receipt', () => {
  it('prints the reference, every document SHA-256 and a code that verifies, in the requested language', async () => {
    const { fileName, bytes } = await buildFilingReceipt(applicant, caseId, 'kk');
    expect(fileName).toBe('receipt-RD-2026-00777.pdf');
    const text = pdfText(bytes);
    expect(text).toContain('Тапсыру түбіртегі');
    expect(text).toContain('RD-2026-00777');
    expect(text).toContain('Шымкент қаласының соты');
    for (const content of ['%PDF-1.4 judgment', '%PDF-1.4 appeal']) expect(text).toContain(sha(content));
    const afterUrl = text.slice(text.indexOf('/kk/verify'));
    const code = afterUrl.split('\n').slice(1).join('').replace(/\s+/g, '');
    const check = checkReceipt(code);
    expect(check.status).toBe('genuine');
    if (check.status === 'genuine') expect(check.facts.documents.map((d) => d.sha256)).toEqual([sha('%PDF-1.4 judgment'), sha('%PDF-1.4 appeal')]);
  });

  it('is only for the applicant who filed, and only once submitted', async () => {
    await expect(buildFilingReceipt(other, caseId, 'ru')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(buildFilingReceipt(reviewer, caseId, 'ru')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(buildFilingReceipt(null, caseId, 'ru')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(buildFilingReceipt(applicant, draftId, 'ru')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
