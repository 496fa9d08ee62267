'use client';

import { createContext, useContext, useState, type ReactNode } from 'react';

type PetitionVersion = {
  petitionId: string;
  version: number;
  setVersion: (version: number) => void;
  /** The draft form holds edits not saved yet: opening would publish the saved text, not those. */
  hasUnsavedChanges: boolean;
  setHasUnsavedChanges: (value: boolean) => void;
};

const Context = createContext<PetitionVersion | null>(null);

/**
 * The version of the petition this page edits from. Each save returns the next version, so the
 * open and close forms stay current without re-mounting the draft form (which would drop what was
 * typed). Someone else's change is not adopted silently: the next save here is refused as stale.
 */
export function PetitionVersionProvider({ petitionId, version, children }: { petitionId: string; version: number; children: ReactNode }) {
  const [current, setVersion] = useState(version);
  const [hasUnsavedChanges, setHasUnsavedChanges] = useState(false);
  return <Context.Provider value={{ petitionId, version: current, setVersion, hasUnsavedChanges, setHasUnsavedChanges }}>{children}</Context.Provider>;
}

export function usePetitionVersion(): PetitionVersion {
  const value = useContext(Context);
  if (!value) throw new Error('usePetitionVersion outside PetitionVersionProvider');
  return value;
}
