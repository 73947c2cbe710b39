// Opening a run bundle from a file, for the lab-wide drop target and the pages' file inputs: the
// bundle goes on view and the lab goes to the page of its kind; a file that cannot be opened
// leaves everything as it was and its typed error is what the caller shows.
import { useCallback, useState } from 'react';
import { useLocation } from 'wouter';
import { openBundle } from '../../bundle/openBundle.ts';
import { type ShownError, toShownError } from '../../store/engineStore.ts';

export function useOpenBundle() {
  const [location, navigate] = useLocation();
  const [error, setError] = useState<ShownError | null>(null);
  const open = useCallback(
    async (file: File) => {
      setError(null);
      try {
        const route = await openBundle(file);
        // Already there: the page keeps its address (and the controls their URL values).
        if (location !== route) navigate(route);
      } catch (caught) {
        setError(toShownError(caught));
      }
    },
    [location, navigate],
  );
  return { open, error, dismiss: useCallback(() => setError(null), []) };
}
