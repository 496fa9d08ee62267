'use client';

import { createContext, useContext, useState, type ReactNode } from 'react';

type BundleVersion = { bundleId: string; version: number; setVersion: (version: number) => void };

const Context = createContext<BundleVersion | null>(null);

/**
 * The version of the bundle this page edits from. Each save returns the next version, so the
 * other forms on the page stay current without being re-mounted (which would drop unsaved text).
 * Someone else's change is not adopted silently: the next save here is refused as stale.
 */
export function BundleVersionProvider({ bundleId, version, children }: { bundleId: string; version: number; children: ReactNode }) {
  const [current, setVersion] = useState(version);
  return <Context.Provider value={{ bundleId, version: current, setVersion }}>{children}</Context.Provider>;
}

export function useBundleVersion(): BundleVersion {
  const value = useContext(Context);
  if (!value) throw new Error('useBundleVersion outside BundleVersionProvider');
  return value;
}
