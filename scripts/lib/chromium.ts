import fs from 'node:fs';

/** Debian's Chromium (never a downloaded browser). CHROMIUM_PATH overrides. */
export function findChromium(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  return candidates.find((p) => fs.existsSync(p)) ?? null;
}
