// The lab-wide drop target for run bundles: a .zip dropped anywhere (but on a drop zone of its
// own, such as the Models page's) opens on its kind's page; while files are dragged over the lab a
// hint says so; a file that is not a bundle gets its message under the header, and nothing changes.
import { useEffect, useState } from 'react';
import { ErrorPanel } from '../ErrorPanel.tsx';
import { useOpenBundle } from './useOpenBundle.ts';

const hasFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;

export function BundleDrop() {
  const { open, error, dismiss } = useOpenBundle();
  const [over, setOver] = useState(false);
  useEffect(() => {
    const dragOver = (event: DragEvent) => {
      if (event.defaultPrevented || !hasFiles(event)) return;
      event.preventDefault();
      setOver(true);
    };
    // Null relatedTarget: the drag left the window.
    const dragLeave = (event: DragEvent) => event.relatedTarget === null && setOver(false);
    const drop = (event: DragEvent) => {
      setOver(false);
      if (event.defaultPrevented || !hasFiles(event)) return;
      event.preventDefault();
      const file = event.dataTransfer?.files[0];
      if (file) void open(file);
    };
    window.addEventListener('dragover', dragOver);
    window.addEventListener('dragleave', dragLeave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', dragOver);
      window.removeEventListener('dragleave', dragLeave);
      window.removeEventListener('drop', drop);
    };
  }, [open]);
  return (
    <>
      {over && (
        <div className="bundle-drop-hint" aria-hidden="true">
          Drop a run bundle (.zip) to view its run
        </div>
      )}
      {error && (
        <div className="page model-notice">
          <ErrorPanel title="This file could not be opened as a run bundle" error={error}>
            <button type="button" onClick={dismiss}>
              Dismiss
            </button>
          </ErrorPanel>
        </div>
      )}
    </>
  );
}
