import { getPublicStats } from '@/lib/stats/public';

export const dynamic = 'force-dynamic';

/**
 * The open statistics as JSON (shape documented in lib/stats/public.ts). Public and cheap to
 * serve: computed at most once a minute per instance, and shared caches may keep it as long.
 */
export async function GET() {
  try {
    const stats = await getPublicStats();
    return Response.json(stats, { headers: { 'Cache-Control': 'public, max-age=60, stale-while-revalidate=300' } });
  } catch (error) {
    console.error('Open statistics failed:', error);
    return Response.json({ error: 'unavailable' }, { status: 503, headers: { 'Cache-Control': 'no-store' } });
  }
}
