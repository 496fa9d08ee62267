/**
 * A path inside the portal to return to after signing in, or null. Only same-site paths
 * without a locale prefix are accepted: never another host ("//evil", "https:"), so the sign-in
 * page cannot be used as an open redirect.
 */
export function safeReturnPath(value: string | null | undefined): string | null {
  if (!value || value.length > 500) return null;
  if (!/^\/(?![/\\])[A-Za-z0-9\-._~/?=&%]*$/.test(value)) return null;
  if (/^\/(kk|ru|en)(\/|$)/.test(value)) return null;
  return value;
}
