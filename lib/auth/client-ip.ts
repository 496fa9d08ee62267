type HeaderBag = Headers | Record<string, string | string[] | undefined>;

/**
 * The client address. `next start` appends the socket address to x-forwarded-for, so the last
 * entry is the one this server saw; earlier entries are whatever the client claimed.
 */
export function clientIp(headers: HeaderBag): string | null {
  const raw = headers instanceof Headers ? headers.get('x-forwarded-for') : headers['x-forwarded-for'];
  const value = Array.isArray(raw) ? raw.join(',') : raw;
  const last = value?.split(',').map((s) => s.trim()).filter(Boolean).pop();
  return last ?? null;
}
