'use client';

import { useSyncExternalStore } from 'react';

const subscribe = () => () => {};

/**
 * False during server rendering and before hydration. Submit buttons stay disabled until then:
 * a form submitted natively before React takes over would send the password in a plain POST
 * that no action handles, and lose what was typed.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(subscribe, () => true, () => false);
}
