import { publicCount } from '@/lib/petitions/public';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ slug: string }> };

/**
 * The live count, for the petition page and anyone watching it: cacheable by browsers and shared
 * caches for 5 s, and memoized in the process for 1 s, so people reloading during a spike cost
 * the origin about one query per petition per second.
 */
export async function GET(_request: Request, { params }: Context) {
  const { slug } = await params;
  const count = await publicCount(slug);
  // no-transform: a few dozen bytes are not worth gzipping (lib/petitions/http.ts).
  if (!count) return Response.json({ ok: false }, { status: 404, headers: { 'Cache-Control': 'public, max-age=5, no-transform' } });
  return Response.json(count, { headers: { 'Cache-Control': 'public, max-age=5, stale-while-revalidate=30, no-transform' } });
}
