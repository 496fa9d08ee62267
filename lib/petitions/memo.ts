/**
 * A per-process memo for public reads under load: within `ttlMs` every caller gets the same
 * answer, and callers arriving while it is being fetched wait for that one query instead of
 * sending their own. Only for data every visitor may see.
 */
export function memoize<K, V>(ttlMs: number, load: (key: K) => Promise<V>, maxEntries = 1000): (key: K) => Promise<V> {
  const entries = new Map<K, { value: Promise<V>; expires: number }>();
  return (key: K) => {
    const now = Date.now();
    const hit = entries.get(key);
    if (hit && hit.expires > now) return hit.value;
    // Unbounded keys (slugs typed by anyone) must not grow the map without end.
    if (entries.size >= maxEntries) entries.clear();
    const value = load(key);
    entries.set(key, { value, expires: now + ttlMs });
    // A failed load is not remembered: the next caller tries again.
    value.catch(() => {
      if (entries.get(key)?.value === value) entries.delete(key);
    });
    return value;
  };
}
