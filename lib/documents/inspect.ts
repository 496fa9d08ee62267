import 'server-only';
import { PassThrough, pipeline, type Readable, type Transform } from 'node:stream';
import { getDb, type DbOrTx } from '@/db/client';
import { recordAudit } from '@/lib/audit/record';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { getStorage, type StoredObject } from '@/lib/storage';
import { clamavScan, ClamRefusedError, type ClamVerdict } from './clamav';
import type { AcceptedType } from './limits';
import { pdfGuard, PdfRefusedError } from './pdf-scan';

/** Who uploaded what where: for the audit event of a quarantined file. */
export type UploadContext = {
  actorId?: string | null;
  ip?: string | null;
  /** The record the file was meant for: a case (documents) or a bundle (attachments). */
  recordType?: 'case' | 'bundle';
  recordId?: string;
  db?: DbOrTx;
};

export type Inspection = {
  /** The upload's bytes, to be stored; errors if a check refuses them on the way. */
  stream: Readable;
  /** The refusal an error of storing `stream` stands for (a localized AppError), or the error itself. */
  explain(error: unknown): unknown;
  /** After the file is stored: quarantines it, audits and throws if clamd found something. */
  settle(stored: StoredObject, context: UploadContext): Promise<void>;
};

function refusalOf(cause: PdfRefusedError | ClamRefusedError): AppError {
  if (cause instanceof PdfRefusedError) return new AppError('VALIDATION', cause.finding.kind === 'active-content' ? 'documents.activeContent' : 'documents.pdfUnchecked', 'file');
  if (cause.verdict.status === 'too-large') return new AppError('VALIDATION', 'documents.tooLargeToScan', 'file');
  if (cause.verdict.status === 'infected') return new AppError('VALIDATION', 'documents.infected', 'file');
  return new AppError('VALIDATION', 'documents.scanUnavailable', 'file');
}

/**
 * The checks an upload passes through on its way to storage, as it streams: PDFs are searched for
 * active content (lib/documents/pdf-scan.ts), and everything goes to ClamAV when CLAMAV_SOCKET is
 * set (lib/documents/clamav.ts). Nothing is buffered beyond the chunk in flight.
 */
export function inspectUpload(source: Readable, contentType: AcceptedType, options: { clamavSocket?: string } = { clamavSocket: env().CLAMAV_SOCKET }): Inspection {
  const stages: Transform[] = [];
  if (contentType === 'application/pdf') stages.push(pdfGuard());
  let clamVerdict: Promise<ClamVerdict> | undefined;
  if (options.clamavSocket) {
    const clam = clamavScan({ socketPath: options.clamavSocket });
    stages.push(clam.stream);
    clamVerdict = clam.verdict;
  }
  let cause: PdfRefusedError | ClamRefusedError | undefined;
  const explain = (error: unknown) => (cause ? refusalOf(cause) : error);
  if (!stages.length) return { stream: source, explain, settle: async () => {} };

  for (const stage of stages) {
    stage.on('error', (error) => {
      if (error instanceof PdfRefusedError || error instanceof ClamRefusedError) cause ??= error;
    });
  }
  const out = new PassThrough();
  // Errors reach storage through `out` (destroyed with them); the causes are kept above.
  pipeline([source, ...stages, out], () => {});

  return {
    stream: out,
    explain,
    async settle(stored, context) {
      const verdict = await clamVerdict;
      if (!verdict || verdict.status === 'clean') return;
      const storage = getStorage();
      if (verdict.status !== 'infected') {
        // Storing should have failed already; never keep a file the scan did not pass.
        await storage.remove(stored.key).catch(() => undefined);
        throw refusalOf(new ClamRefusedError(verdict));
      }
      // Kept (encrypted) for an operator to examine, out of every read path; no document row.
      await storage.quarantine(stored.key).catch(async (error: unknown) => {
        console.error('Could not quarantine a flagged upload; removing it:', stored.key, error instanceof Error ? error.message : 'unknown error');
        await storage.remove(stored.key).catch(() => undefined);
      });
      console.warn('Upload quarantined by ClamAV:', verdict.signature, stored.key);
      await recordAudit(context.db ?? getDb(), {
        actorId: context.actorId,
        ip: context.ip,
        action: 'document.quarantined',
        recordType: context.recordType,
        recordId: context.recordId,
        // What an operator needs to find and judge the file; never its contents or its name.
        data: { signature: verdict.signature, storageKey: stored.key, sizeBytes: stored.sizeBytes, sha256: stored.sha256 },
      });
      throw new AppError('VALIDATION', 'documents.infected', 'file');
    },
  };
}
