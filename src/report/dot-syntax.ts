/**
 * The few pieces of Graphviz DOT the diagrams need, and the one look they
 * share: the DARTS code's `visualize.py` (Liu, Simonyan, Yang 2019) draws
 * cells left to right as filled boxes in Times, inputs green, intermediate
 * nodes blue, the output yellow; the toolkit's diagrams keep that look so
 * they read like the figures in the papers.
 *
 * Node ids are always generated here (`in0`, `n2`, `out`), never taken from
 * user text; every label passes through `dotQuote`, since op names and
 * titles can come from a user-registered space or a file.
 */

/** Fill colours by node role, as in DARTS's `visualize.py`. */
export const FILL = {
  input: 'darkseagreen2',
  intermediate: 'lightblue',
  output: 'palegoldenrod',
  /** Layers that halve the resolution (chain diagrams). */
  reduction: 'lightpink',
} as const;

/** Graphviz's named characters: a label's literal `&lt;` would otherwise print as `<`. */
const AMPERSAND = /&/g;
/** Characters that end or escape a quoted DOT string. */
const QUOTE_BREAKERS = /[\\"]/g;
/** Control characters other than the newline, which would break the one-statement-per-line output. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is this pattern's purpose
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f]/g;

/**
 * `text` as a quoted DOT string that shows exactly `text` as a label:
 * backslashes and quotes escaped (so a label cannot close its string and
 * inject statements), `&` written as `&amp;` (Graphviz decodes HTML entities
 * in labels), each newline as DOT's centred line break `\n`, other control
 * characters as spaces.
 */
export function dotQuote(text: string): string {
  const escaped = text
    .replace(QUOTE_BREAKERS, (c) => `\\${c}`)
    .replace(AMPERSAND, '&amp;')
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, ' ')
    .replace(/\n/g, '\\n');
  return `"${escaped}"`;
}

/** `[key="value", ...]`, every value quoted. */
function attributes(attrs: Readonly<Record<string, string | number>>): string {
  return `[${Object.entries(attrs)
    .map(([key, value]) => `${key}=${dotQuote(String(value))}`)
    .join(', ')}]`;
}

/** A node statement: a box with `label`, filled by role. */
export function dotNode(id: string, label: string, fill: string): string {
  return `  ${id} ${attributes({ label, fillcolor: fill })};`;
}

/** An edge statement, labelled with an op when given. */
export function dotEdge(from: string, to: string, label?: string): string {
  return `  ${from} -> ${to}${label === undefined ? '' : ` ${attributes({ label })}`};`;
}

/** A whole left-to-right digraph in the shared look, titled at the top. */
export function dotDigraph(title: string, statements: readonly string[]): string {
  return [
    'digraph diagram {',
    `  graph ${attributes({ rankdir: 'LR', label: title, labelloc: 't', fontname: 'times', fontsize: 20 })};`,
    `  node ${attributes({ style: 'filled', shape: 'rect', fontname: 'times', fontsize: 20, height: 0.5, width: 0.5, penwidth: 2 })};`,
    `  edge ${attributes({ fontname: 'times', fontsize: 20 })};`,
    ...statements,
    '}',
    '',
  ].join('\n');
}
