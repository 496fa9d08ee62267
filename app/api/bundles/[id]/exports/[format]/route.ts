import { getCurrentUser, requestIp } from '@/lib/auth/session';
import { recordDenial } from '@/lib/audit/record';
import { exportBundle, exportFormats, type ExportFormat } from '@/lib/bundles/exports';
import { isAppError } from '@/lib/errors';
import { attachmentNamed, download, failure, statusOf } from '@/lib/http';
import { defaultLocale, isLocale } from '@/lib/i18n/locales';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string; format: string }> };

const isFormat = (value: string): value is ExportFormat => (exportFormats as readonly string[]).includes(value);

/**
 * Downloads an export of a finalized bundle. When it cannot be made (a document is missing from
 * storage, the bundle is still a draft), the organizer is sent back to the bundle's page, which
 * says why and names the missing documents: a download link never yields an error body saved as a file.
 */
export async function GET(request: Request, { params }: Context) {
  const { id, format } = await params;
  const user = await getCurrentUser();
  if (!user) return failure(401, 'errors.UNAUTHENTICATED');
  if (!isFormat(format)) return failure(404, 'errors.NOT_FOUND');
  const url = new URL(request.url);
  const locale = url.searchParams.get('locale');
  const ip = await requestIp();
  try {
    const file = await exportBundle(user, id, format, { ip });
    return download(file.body, { contentType: file.contentType, disposition: attachmentNamed(file.filename) });
  } catch (error) {
    await recordDenial(user.id, ip, error);
    if (isAppError(error) && error.code === 'CONFLICT') {
      const back = new URL(`/${isLocale(locale) ? locale : defaultLocale}/organize/bundles/${encodeURIComponent(id)}?exportFailed=${format}#exports`, url);
      return Response.redirect(back, 303);
    }
    if (isAppError(error)) return failure(statusOf(error), error.messageKey);
    console.error('Bundle export failed:', error instanceof Error ? error.message : 'unknown error');
    return failure(500, 'bundles.export.failed');
  }
}
