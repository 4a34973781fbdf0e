import { expect } from 'vitest';

/** How many `<g class="...">` groups of `kind` (`node`, `edge`) an SVG from Graphviz has. */
export function countGroups(svg: string, kind: 'node' | 'edge'): number {
  return svg.split(`class="${kind}"`).length - 1;
}

/** The SVG looks like one whole Graphviz document. */
export function expectSvg(svg: string): void {
  expect(svg.startsWith('<?xml') || svg.startsWith('<svg')).toBe(true);
  expect(svg).toContain('</svg>');
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML character references and the five named entities decoded: the text an SVG viewer shows (Graphviz writes `-` as `&#45;`). */
export function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref.startsWith('#x') || ref.startsWith('#X')) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
    return NAMED_ENTITIES[ref] ?? whole;
  });
}

/** The texts Graphviz printed (labels and the title) as a viewer shows them. */
export function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => decodeXml(m[1] ?? ''));
}
