import { Resvg } from '@resvg/resvg-js';

/**
 * Rasterises an SVG to PNG with resvg (Rust, shipped as a prebuilt binary per
 * platform; no browser, no native canvas build). The PNG is drawn at twice
 * the SVG's size so it stays sharp on high-density screens and in slides.
 * resvg uses the installed system fonts; the charts ask for DejaVu or
 * Liberation first, which Debian has.
 */
export function svgToPng(svg: string, scale = 2): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}
