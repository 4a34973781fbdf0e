import type { TopLevelSpec } from 'vega-lite';

/** The vega-lite JSON schema a spec names, so a saved `<figure>.vl.json` opens in the Vega editor as it is. */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/**
 * The look every figure shares. The font list starts with fonts a Debian
 * machine has (DejaVu, Liberation), because the SVG is also rasterised by
 * resvg, which uses only installed fonts; a white background keeps the PNGs
 * readable in dark viewers.
 */
export const CHART_CONFIG: NonNullable<TopLevelSpec['config']> = {
  background: 'white',
  font: 'DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif',
  view: { stroke: '#dddddd' },
  axis: { labelFontSize: 10, titleFontSize: 11, gridColor: '#eeeeee' },
  legend: { labelFontSize: 10, titleFontSize: 11 },
  header: { labelFontSize: 11, titleFontSize: 12 },
  title: { fontSize: 13, anchor: 'start' },
  line: { strokeWidth: 1.6 },
  point: { size: 24 },
};
