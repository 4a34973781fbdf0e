import type { Figure, RenderedFigure } from './api.js';
import { renderChart } from './render-chart.js';
import { svgToPng } from './svg-to-png.js';

/**
 * Renders each figure and writes, through `write` (atomic, by file name), its
 * vega-lite spec (`<name>.vl.json`, to restyle or open in the Vega editor),
 * `<name>.svg` and `<name>.png`; returns them rendered, for the page.
 */
export async function writeFigures(
  figures: readonly Figure[],
  write: (name: string, data: string | Uint8Array) => Promise<void>,
): Promise<RenderedFigure[]> {
  const rendered: RenderedFigure[] = [];
  for (const { spec, ...figure } of figures) {
    const svg = await renderChart(spec, figure.name);
    await write(`${figure.name}.vl.json`, `${JSON.stringify(spec, null, 2)}\n`);
    await write(`${figure.name}.svg`, svg);
    await write(`${figure.name}.png`, svgToPng(svg));
    rendered.push({ ...figure, svg });
  }
  return rendered;
}
