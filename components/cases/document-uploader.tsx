'use client';

import clsx from 'clsx';
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { useId, useRef, useState } from 'react';
import type { DocumentKind } from '@/db/schema/documents';
import { useHydrated } from '@/components/forms/use-hydrated';
import { Button, buttonClass } from '@/components/ui/button';
import { ACCEPTED_TYPES, isAcceptedType, MAX_CASE_BYTES, MAX_FILE_BYTES } from '@/lib/documents/limits';
import type { Locale } from '@/lib/i18n/locales';
import { documentKindList } from '@/lib/reference/data';
import { documentKindName } from '@/lib/reference/names';

/** A stored document as the uploader lists it (the JSON the upload route answers with). */
export type UploadedDocument = {
  id: string;
  kind: DocumentKind;
  originalName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  /** ISO date. */
  createdAt: string;
};

type Props = { caseId: string; initialDocuments: UploadedDocument[]; canEdit: boolean };

type PendingFile = {
  key: string;
  file: File;
  kind: DocumentKind | '';
  isUploading: boolean;
  loaded: number;
  /** A full catalog key, e.g. documents.tooLarge. */
  errorKey?: string;
  /** Values for its message, e.g. the minutes to wait after too many uploads. */
  errorValues?: Record<string, number>;
  /** Refused before upload: only removing it from the list helps. */
  isRefused: boolean;
};

type UploadAnswer = { ok: true; document: UploadedDocument } | { ok: false; error: string; values?: Record<string, number> };

const typeLabels: Record<string, string> = { 'application/pdf': 'PDF', 'image/jpeg': 'JPEG', 'image/png': 'PNG' };

/** What the browser can tell before sending a byte; the server checks the bytes again. */
function refusalOf(file: File): string | undefined {
  if (!isAcceptedType(file.type)) return 'documents.unsupportedType';
  if (file.size > MAX_FILE_BYTES) return 'documents.tooLarge';
  if (file.size === 0) return 'documents.unsupportedType';
  return undefined;
}

/** XMLHttpRequest rather than fetch: only it reports upload progress. `kind` goes before the file. */
function sendFile(caseId: string, file: File, kind: DocumentKind, onProgress: (loaded: number) => void): Promise<UploadAnswer> {
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open('POST', `/api/cases/${encodeURIComponent(caseId)}/documents`);
    request.responseType = 'json';
    request.upload.onprogress = (event) => onProgress(event.loaded);
    request.onload = () => {
      const body = request.response as UploadAnswer | null;
      if (body && typeof body === 'object' && 'ok' in body) resolve(body);
      else resolve({ ok: false, error: request.status === 413 ? 'documents.tooLarge' : 'documents.uploadFailed' });
    };
    request.onerror = () => resolve({ ok: false, error: 'documents.networkError' });
    request.onabort = () => resolve({ ok: false, error: 'documents.uploadFailed' });
    const form = new FormData();
    form.append('kind', kind);
    form.append('file', file, file.name);
    request.send(form);
  });
}

/**
 * Choose several case documents at once, pick each one's kind, and upload them with a progress
 * bar each; lists the documents already stored, with Remove while the case can still be edited.
 */
export function DocumentUploader({ caseId, initialDocuments, canEdit }: Props) {
  const t = useTranslations('documents');
  const format = useFormatter();
  const locale = useLocale() as Locale;
  const isHydrated = useHydrated();
  const id = useId();
  const [documents, setDocuments] = useState<UploadedDocument[]>(initialDocuments);
  const [pending, setPending] = useState<PendingFile[]>([]);
  const [isUploading, setIsUploading] = useState(false);
  const [removingId, setRemovingId] = useState<string | null>(null);
  const [removeErrors, setRemoveErrors] = useState<Record<string, string>>({});
  const [announcement, setAnnouncement] = useState('');
  const kindSelects = useRef(new Map<string, HTMLSelectElement>());
  const uploadedHeading = useRef<HTMLHeadingElement>(null);
  const nextKey = useRef(0);

  const sizeOf = (bytes: number) =>
    bytes >= 1024 * 1024
      ? format.number(bytes / (1024 * 1024), { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 })
      : format.number(Math.max(1, Math.round(bytes / 1024)), { style: 'unit', unit: 'kilobyte' });
  const messageOf = (key: string, values?: Record<string, number>) => {
    const short = key.startsWith('documents.') ? key.slice('documents.'.length) : '';
    return short && t.has(short) ? t(short, { max: sizeOf(MAX_FILE_BYTES), caseMax: sizeOf(MAX_CASE_BYTES), minutes: 60, ...values }) : t('uploadFailed');
  };
  const update = (key: string, change: Partial<PendingFile>) =>
    setPending((items) => items.map((item) => (item.key === key ? { ...item, ...change } : item)));

  function addFiles(files: FileList | null) {
    if (!files?.length) return;
    const added = Array.from(files, (file): PendingFile => {
      const errorKey = refusalOf(file);
      nextKey.current += 1;
      return { key: `f${nextKey.current}`, file, kind: '', isUploading: false, loaded: 0, errorKey, isRefused: !!errorKey };
    });
    setPending((items) => [...items, ...added]);
  }

  async function uploadAll() {
    const missingKind = pending.filter((item) => !item.isRefused && !item.kind);
    if (missingKind.length) {
      setPending((items) => items.map((item) => (!item.isRefused && !item.kind ? { ...item, errorKey: 'documents.kindRequired' } : item)));
      kindSelects.current.get(missingKind[0]!.key)?.focus();
      return;
    }
    setIsUploading(true);
    let used = documents.reduce((sum, d) => sum + d.sizeBytes, 0);
    for (const item of pending) {
      if (item.isRefused || !item.kind) continue;
      if (used + item.file.size > MAX_CASE_BYTES) {
        update(item.key, { errorKey: 'documents.caseTooLarge' });
        continue;
      }
      update(item.key, { isUploading: true, loaded: 0, errorKey: undefined });
      const answer = await sendFile(caseId, item.file, item.kind, (loaded) => update(item.key, { loaded }));
      if (answer.ok) {
        used += answer.document.sizeBytes;
        setDocuments((list) => [...list, answer.document]);
        setPending((items) => items.filter((other) => other.key !== item.key));
        setAnnouncement(t('uploaded', { name: answer.document.originalName }));
      } else {
        update(item.key, { isUploading: false, loaded: 0, errorKey: answer.error, errorValues: answer.values });
        setAnnouncement(t('notUploaded', { name: item.file.name }));
      }
    }
    setIsUploading(false);
  }

  async function remove(document: UploadedDocument) {
    if (!window.confirm(t('confirmRemove', { name: document.originalName }))) return;
    setRemovingId(document.id);
    setRemoveErrors((errors) => Object.fromEntries(Object.entries(errors).filter(([key]) => key !== document.id)));
    let error: string | undefined;
    try {
      const response = await fetch(`/api/documents/${encodeURIComponent(document.id)}`, { method: 'DELETE' });
      const body = (await response.json().catch(() => null)) as { ok: boolean; error?: string } | null;
      if (!body?.ok) error = body?.error ?? 'documents.removeFailed';
    } catch {
      error = 'documents.networkError';
    }
    setRemovingId(null);
    if (error) {
      setRemoveErrors((errors) => ({ ...errors, [document.id]: error }));
      return;
    }
    setDocuments((list) => list.filter((d) => d.id !== document.id));
    setAnnouncement(t('removed', { name: document.originalName }));
    // The button that had focus is gone: continue from the list's heading.
    uploadedHeading.current?.focus();
  }

  const hasUploadable = pending.some((item) => !item.isRefused);

  return (
    <div className="flex flex-col gap-6">
      <p role="status" aria-live="polite" className="sr-only">
        {announcement}
      </p>

      {canEdit && (
        <div className="flex flex-col gap-4">
          <div className="flex flex-col gap-1">
            <label htmlFor={`${id}-files`} className="font-semibold text-slate-900">
              {t('chooseFiles')}
            </label>
            <p id={`${id}-files-hint`} className="text-sm text-slate-700">
              {t('chooseFilesHint', { max: sizeOf(MAX_FILE_BYTES), caseMax: sizeOf(MAX_CASE_BYTES) })}
            </p>
            <input
              id={`${id}-files`}
              type="file"
              multiple
              accept={ACCEPTED_TYPES.join(',')}
              aria-describedby={`${id}-files-hint`}
              disabled={!isHydrated || isUploading}
              onChange={(event) => {
                addFiles(event.currentTarget.files);
                // Lets the same file be chosen again after removing it from the list.
                event.currentTarget.value = '';
              }}
              className="min-h-11 max-w-full rounded-md border border-slate-500 bg-white p-1 text-base text-slate-900 file:mr-3 file:min-h-11 file:cursor-pointer file:rounded-md file:border file:border-slate-400 file:bg-slate-100 file:px-4 file:font-semibold file:text-slate-900 hover:file:bg-slate-200 disabled:cursor-not-allowed"
            />
          </div>

          {pending.length > 0 && (
            <section aria-labelledby={`${id}-pending`} className="flex flex-col gap-3">
              <h3 id={`${id}-pending`} className="text-lg font-bold text-slate-950">
                {t('pendingTitle')}
              </h3>
              <ul className="flex flex-col gap-3">
                {pending.map((item) => {
                  const errorId = `${id}-${item.key}-error`;
                  return (
                    <li
                      key={item.key}
                      className={clsx(
                        'flex flex-col gap-3 rounded-md border p-3',
                        item.errorKey ? 'border-red-700 bg-red-50' : 'border-slate-300 bg-white',
                      )}
                    >
                      <p className="font-semibold break-all text-slate-950">
                        {item.file.name} <span className="font-normal text-slate-700">({sizeOf(item.file.size)})</span>
                      </p>
                      {!item.isRefused && (
                        <div className="flex flex-col gap-1">
                          <label htmlFor={`${id}-${item.key}-kind`} className="font-semibold text-slate-900">
                            {t('kind')}
                            <span className="sr-only">: {item.file.name}</span>
                          </label>
                          <select
                            id={`${id}-${item.key}-kind`}
                            ref={(element) => {
                              if (element) kindSelects.current.set(item.key, element);
                              else kindSelects.current.delete(item.key);
                            }}
                            value={item.kind}
                            disabled={item.isUploading}
                            aria-invalid={item.errorKey === 'documents.kindRequired' ? true : undefined}
                            aria-describedby={item.errorKey ? errorId : undefined}
                            onChange={(event) =>
                              update(item.key, {
                                kind: event.target.value as DocumentKind | '',
                                errorKey: item.errorKey === 'documents.kindRequired' ? undefined : item.errorKey,
                              })
                            }
                            className="min-h-11 max-w-md rounded-md border border-slate-500 bg-white px-2 text-base text-slate-900"
                          >
                            <option value="">{t('chooseKind')}</option>
                            {documentKindList.map((kind) => (
                              <option key={kind.code} value={kind.code}>
                                {documentKindName(kind.code, locale)}
                              </option>
                            ))}
                          </select>
                        </div>
                      )}
                      {item.isUploading && (
                        <div className="flex items-center gap-3">
                          <progress
                            max={item.file.size || 1}
                            value={Math.min(item.loaded, item.file.size)}
                            aria-label={t('progressFor', { name: item.file.name })}
                            className="h-3 w-full max-w-md"
                          />
                          <span aria-hidden="true" className="text-sm text-slate-800">
                            {format.number(item.file.size ? Math.min(1, item.loaded / item.file.size) : 0, { style: 'percent' })}
                          </span>
                        </div>
                      )}
                      {item.errorKey && (
                        <p id={errorId} role="alert" className="text-sm font-semibold text-red-800">
                          {messageOf(item.errorKey, item.errorValues)}
                        </p>
                      )}
                      {!item.isUploading && (
                        <div>
                          <Button type="button" variant="secondary" disabled={isUploading} onClick={() => setPending((items) => items.filter((other) => other.key !== item.key))}>
                            {t('removeFromList')}
                            <span className="sr-only">: {item.file.name}</span>
                          </Button>
                        </div>
                      )}
                    </li>
                  );
                })}
              </ul>
              {hasUploadable && (
                <div>
                  <Button type="button" disabled={!isHydrated || isUploading} aria-busy={isUploading} onClick={() => void uploadAll()}>
                    {isUploading ? t('uploading') : t('upload')}
                  </Button>
                </div>
              )}
            </section>
          )}
        </div>
      )}

      <section aria-labelledby={`${id}-uploaded`} className="flex flex-col gap-3">
        <h3 id={`${id}-uploaded`} ref={uploadedHeading} tabIndex={-1} className="text-lg font-bold text-slate-950">
          {t('uploadedTitle')}
        </h3>
        {documents.length === 0 ? (
          <p className="text-slate-800">{t('empty')}</p>
        ) : (
          <ul className="flex flex-col gap-3">
            {documents.map((document) => (
              <li key={document.id} className="flex flex-col gap-2 rounded-md border border-slate-300 bg-white p-3 sm:flex-row sm:items-center sm:justify-between">
                <div className="flex min-w-0 flex-col gap-1">
                  <a
                    href={`/api/documents/${encodeURIComponent(document.id)}`}
                    target="_blank"
                    rel="noopener noreferrer"
                    className="inline-flex min-h-11 items-center font-semibold break-all text-blue-800 underline underline-offset-4"
                  >
                    {document.originalName}
                    <span className="sr-only"> ({t('opensInNewTab')})</span>
                  </a>
                  <p className="text-sm text-slate-800">
                    {documentKindName(document.kind, locale)} · {typeLabels[document.contentType] ?? document.contentType} · {sizeOf(document.sizeBytes)}
                  </p>
                  {removeErrors[document.id] && (
                    <p role="alert" className="text-sm font-semibold text-red-800">
                      {messageOf(removeErrors[document.id]!)}
                    </p>
                  )}
                </div>
                <div className="flex flex-wrap gap-2">
                  <a href={`/api/documents/${encodeURIComponent(document.id)}?download=1`} className={buttonClass('secondary')}>
                    {t('download')}
                    <span className="sr-only">: {document.originalName}</span>
                  </a>
                  {canEdit && (
                    <Button
                      type="button"
                      variant="secondary"
                      disabled={!isHydrated || removingId !== null}
                      aria-busy={removingId === document.id}
                      onClick={() => void remove(document)}
                    >
                      {removingId === document.id ? t('removing') : t('remove')}
                      <span className="sr-only">: {document.originalName}</span>
                    </Button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
