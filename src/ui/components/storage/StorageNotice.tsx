// The notice of a save this browser's full storage refused, above every page: what was not saved
// and what goes on (the error's message and hint), with what is kept and its sizes to free space.
import { useEffect, useRef } from 'react';
import { useStorageStore } from '../../store/storageStore.ts';
import { ErrorPanel } from '../ErrorPanel.tsx';
import { StorageList } from './StorageList.tsx';

export function StorageNotice() {
  const { full, dismiss } = useStorageStore();
  const notice = useRef<HTMLDivElement>(null);
  const shown = full !== null;
  // A save refused far down a page (the Models page's file loader) must not fail out of sight.
  useEffect(() => {
    if (shown) notice.current?.scrollIntoView({ block: 'start' });
  }, [shown]);
  if (!full) return null;
  return (
    <div className="page storage-notice" ref={notice} data-testid="storage-notice">
      <ErrorPanel title="This browser's storage is full" error={full}>
        <StorageList />
        <button type="button" onClick={dismiss}>
          Dismiss
        </button>
      </ErrorPanel>
    </div>
  );
}
