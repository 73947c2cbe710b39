// Files the lab hands to the visitor: a Blob saved under a name, or a folder as one zip (fflate).
// Nothing leaves the browser.
import { zipSync } from 'fflate';

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Saves `files` (paths inside the folder) as `<folder>.zip` holding `<folder>/…`. */
export function downloadFolder(folder: string, files: Record<string, Uint8Array>): void {
  const zip = zipSync(
    Object.fromEntries(Object.entries(files).map(([path, bytes]) => [`${folder}/${path}`, bytes])),
  );
  downloadBlob(new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }), `${folder}.zip`);
}
