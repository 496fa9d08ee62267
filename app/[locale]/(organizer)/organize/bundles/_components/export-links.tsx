'use client';

import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { useRouter } from '@/lib/i18n/navigation';

type Progress = { status: 'running' | 'done' | 'failed'; bytesSent: number; sizeBytes: number; createdAt: string };

const POLL_MS = 1_000;

/**
 * The export downloads, as plain links the browser saves itself (streamed to disk, however
 * large). Next.js does not pass a Content-Length through, so after a ZIP link is clicked this
 * polls the server's count of bytes sent and shows a determinate progress bar.
 */
export function ExportLinks({ bundleId, documentCount, documentSize }: { bundleId: string; documentCount: number; documentSize: string }) {
  const t = useTranslations('bundles.export');
  const format = useFormatter();
  const locale = useLocale();
  const router = useRouter();
  const [clickedAt, setClickedAt] = useState<number | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    if (clickedAt === null) return;
    let stopped = false;
    const poll = async () => {
      try {
        const response = await fetch(`/api/bundles/${bundleId}/exports/progress`, { cache: 'no-store' });
        const result = (await response.json()) as { ok: boolean; export: Progress | null };
        // Only the export this click started (a little clock skew allowed), not an older one.
        const current = result.export && Date.parse(result.export.createdAt) >= clickedAt - 5_000 ? result.export : null;
        if (stopped) return;
        setProgress(current);
        if (current && current.status !== 'running') {
          router.refresh();
          return;
        }
      } catch {
        // A missed poll is retried on the next tick.
      }
      if (!stopped) timer.current = setTimeout(() => void poll(), POLL_MS);
    };
    timer.current = setTimeout(() => void poll(), POLL_MS / 2);
    return () => {
      stopped = true;
      clearTimeout(timer.current);
    };
  }, [bundleId, clickedAt, router]);

  const href = (f: string) => `/api/bundles/${bundleId}/exports/${f}?locale=${locale}`;
  const mb = (bytes: number) => `${format.number(bytes / 1024 / 1024, { maximumFractionDigits: 1 })} MB`;
  return (
    <div className="my-4 flex flex-col gap-3">
      <ul className="flex flex-col gap-2" data-testid="export-links">
        {(['pdf', 'docx', 'zip', 'csv'] as const).map((f) => (
          <li key={f}>
            <a
              href={href(f)}
              className="text-blue-800 underline"
              download
              onClick={
                f === 'zip'
                  ? () => {
                      setProgress(null);
                      setClickedAt(Date.now());
                    }
                  : undefined
              }
            >
              {f === 'zip' ? t('zip', { files: documentCount, size: documentSize }) : t(f)}
            </a>
          </li>
        ))}
      </ul>
      <div role="status" aria-live="polite" className="flex flex-col gap-1" data-testid="zip-progress">
        {clickedAt !== null && !progress && <p>{t('preparing')}</p>}
        {progress && (
          <>
            <label htmlFor="zip-progress-bar" className="text-sm font-semibold">
              {progress.status === 'done'
                ? t('zipDone', { size: mb(progress.sizeBytes) })
                : progress.status === 'failed'
                  ? t('zipFailed')
                  : t('zipProgress', { sent: mb(progress.bytesSent), total: mb(progress.sizeBytes) })}
            </label>
            {progress.status !== 'failed' && (
              <progress id="zip-progress-bar" className="h-3 w-full max-w-xl" max={progress.sizeBytes || 1} value={progress.status === 'done' ? progress.sizeBytes : progress.bytesSent} />
            )}
          </>
        )}
      </div>
    </div>
  );
}
