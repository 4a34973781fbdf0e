import { instance, type Viz } from '@viz-js/viz';
import { NasError, firstLine } from '../errors.js';

/** The Graphviz instance, made on first use: compiling its wasm module takes tens of ms, a render then a few. */
let viz: Promise<Viz> | null = null;

function graphviz(): Promise<Viz> {
  viz ??= instance().catch((error: unknown) => {
    viz = null; // let a later call retry rather than keep the failure
    throw error;
  });
  return viz;
}

/**
 * Renders a Graphviz DOT string to SVG text with `@viz-js/viz` (Graphviz
 * compiled to WebAssembly), so diagrams need no system `dot` binary. The
 * `dot` layout engine is the one DARTS's `visualize.py` uses.
 *
 * `render` (not `renderString`) is called because it reports Graphviz's own
 * errors as data: a DOT the user wrote wrong becomes a one-line `NasError`
 * quoting Graphviz, while anything thrown is a bug and keeps its stack.
 */
export async function renderSvg(dot: string): Promise<string> {
  const result = (await graphviz()).render(dot, { format: 'svg', engine: 'dot' });
  if (result.status === 'success') return result.output;
  const error = result.errors.find((e) => e.level === 'error') ?? result.errors[0];
  throw new NasError(`cannot render the diagram: graphviz: ${firstLine(error?.message ?? 'unknown error')}`);
}
