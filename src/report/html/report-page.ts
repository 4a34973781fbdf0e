import type { NamedSvg } from '../genotype-svgs.js';
import type { KeyTable, RenderedFigure } from './api.js';
import { inlineSvg } from './inline-svg.js';

/** Everything a report page shows. */
export interface ReportPageContent {
  /** The run's one-line description (the page heading). */
  readonly headline: string;
  readonly table: KeyTable;
  readonly figures: readonly RenderedFigure[];
  /** Architecture diagrams (`cell-normal.svg` ...). */
  readonly diagrams: readonly NamedSvg[];
  /** The command's `config.json`, shown as written; null when the run has none. */
  readonly config: unknown;
  /** Toolkit version, in the footer. */
  readonly toolkit: string;
}

const STYLE = `
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; color: #222; max-width: 1200px; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.35em; } h2 { font-size: 1.15em; margin-top: 2em; border-bottom: 1px solid #ddd; } h3 { font-size: 1em; }
table { border-collapse: collapse; font-size: 0.9em; }
th, td { border: 1px solid #ddd; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
td { font-variant-numeric: tabular-nums; word-break: break-all; }
th { background: #f4f4f4; white-space: nowrap; }
figure { margin: 1.2em 0; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { font-size: 0.85em; color: #555; margin-top: 0.4em; }
pre { background: #f7f7f7; padding: 0.8em; overflow-x: auto; font-size: 0.8em; }
footer { margin-top: 3em; font-size: 0.8em; color: #777; }
`;

/**
 * The report as one self-contained HTML page: the figures and diagrams are
 * inline SVG (each with its ids prefixed, see `inlineSvg`), the style is
 * inline, and there are no scripts and no external URLs, so the file can be
 * mailed, archived or opened offline and shows the same. All text from the
 * run (genotype strings, config values, names) is HTML-escaped.
 */
export function reportPage(content: ReportPageContent): string {
  const figures = content.figures.map(
    (f) => `<figure id="figure-${escapeHtml(f.name)}">
<h3>${escapeHtml(f.title)}</h3>
${inlineSvg(f.svg, `${f.name}-`)}
<figcaption>${escapeHtml(f.caption)} (<code>${escapeHtml(f.name)}.svg</code>, <code>${escapeHtml(f.name)}.png</code>)</figcaption>
</figure>`,
  );
  const diagrams = content.diagrams.map(
    (d) => `<figure id="diagram-${escapeHtml(d.name)}">
${inlineSvg(d.svg, `${d.name.replace(/\.svg$/, '')}-`)}
<figcaption><code>${escapeHtml(d.name)}</code></figcaption>
</figure>`,
  );
  const sections = [
    `<h2>Key numbers</h2>\n${table(content.table)}`,
    figures.length > 0
      ? `<h2>Figures</h2>\n${figures.join('\n')}`
      : '<h2>Figures</h2>\n<p>Nothing to plot yet: the run has no epochs or queries.</p>',
    diagrams.length > 0 ? `<h2>Architecture</h2>\n${diagrams.join('\n')}` : '',
    content.config !== null ? `<h2>Configuration</h2>\n<pre>${escapeHtml(JSON.stringify(content.config, null, 2))}</pre>` : '',
  ].filter((s) => s !== '');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(content.headline)}</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(content.headline)}</h1>
${sections.join('\n')}
<footer>Written by <code>nas report</code> (tfjs-nas ${escapeHtml(content.toolkit)}).</footer>
</body>
</html>
`;
}

function table(t: KeyTable): string {
  const head = `<tr>${t.head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
  const rows = t.rows.map(
    (row) =>
      `<tr>${row.map((cell, i) => (i === 0 && t.head[0] === 'quantity' ? `<th>${escapeHtml(cell)}</th>` : `<td>${escapeHtml(cell)}</td>`)).join('')}</tr>`,
  );
  return `<table>\n<thead>${head}</thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
}

/** Text as HTML: the five characters with a meaning in markup or attributes become entities. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
