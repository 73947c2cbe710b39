// The charts a page shows, as PNGs by name, for a run bundle's charts/ folder: every element
// marked data-chart-name, its first <svg> drawn as ChartExport's PNG button draws it.
import { chartPng } from '../components/ChartExport.tsx';

export async function chartImages(root: ParentNode = document): Promise<Record<string, Uint8Array>> {
  const images: Record<string, Uint8Array> = {};
  for (const element of root.querySelectorAll<HTMLElement>('[data-chart-name]')) {
    const name = (element.dataset.chartName ?? '').replace(/[^A-Za-z0-9._-]+/g, '-');
    if (!name || name in images) continue;
    const png = await chartPng(element);
    if (png) images[name] = new Uint8Array(await png.arrayBuffer());
  }
  return images;
}
