/**
 * An SVG document ready to sit inside an HTML page: the XML declaration,
 * DOCTYPE and comments Graphviz writes before `<svg` are dropped (HTML parses
 * `<svg>` itself), and every `id` is prefixed with `prefix`, together with
 * its references (`url(#id)`, `href="#id"`). Without the prefix two charts on
 * one page would share ids such as vega's `clip1`, and a clip path or gradient
 * of one chart would be drawn from the other.
 */
export function inlineSvg(svg: string, prefix: string): string {
  const start = svg.indexOf('<svg');
  if (start < 0) throw new Error(`not an SVG document: ${svg.slice(0, 60)}`);
  return svg
    .slice(start)
    .trim()
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/\bid="([^"]+)"/g, (_, id: string) => `id="${prefix}${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${prefix}${id})`)
    .replace(/\b(xlink:href|href)="#([^"]+)"/g, (_, attr: string, id: string) => `${attr}="#${prefix}${id}"`);
}
