import { getCurrentUser, requestIp } from '@/lib/auth/session';
import { recordDenial } from '@/lib/audit/record';
import { latestZipExport } from '@/lib/bundles/exports';
import { isAppError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

/** The caller's latest ZIP export of the bundle: what the page's progress bar shows. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await getCurrentUser();
  if (!user) return Response.json({ ok: false, error: 'errors.UNAUTHENTICATED' }, { status: 401 });
  const { id } = await params;
  try {
    const latest = await latestZipExport(user, id);
    return Response.json({ ok: true, export: latest }, { headers: { 'Cache-Control': 'no-store' } });
  } catch (error) {
    await recordDenial(user.id, await requestIp(), error);
    const status = isAppError(error) && error.code === 'FORBIDDEN' ? 403 : 400;
    return Response.json({ ok: false, error: isAppError(error) ? error.messageKey : 'errors.UNEXPECTED' }, { status });
  }
}
