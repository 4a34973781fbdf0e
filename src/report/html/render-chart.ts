import type { TopLevelSpec } from 'vega-lite';

/**
 * vega and vega-lite, loaded on first use: together they take ~0.2 s to
 * import, and the report modules are reachable from every `nas` command
 * through the library's index, which should not all pay for charts.
 */
let libraries: Promise<[typeof import('vega'), typeof import('vega-lite')]> | null = null;

/**
 * Renders a vega-lite spec to an SVG string in Node: vega-lite compiles it to
 * a vega spec, and a headless vega `View` (renderer `none`: no canvas, no DOM)
 * runs the dataflow and serialises the scenegraph with `toSVG`, which needs
 * no native canvas package. Text is measured by vega's estimate without a
 * canvas, which is close enough for axis and legend layout.
 */
export async function renderChart(spec: TopLevelSpec, name: string): Promise<string> {
  libraries ??= Promise.all([import('vega'), import('vega-lite')]);
  const [vega, vegaLite] = await libraries;
  let view: InstanceType<typeof vega.View> | undefined;
  try {
    view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
    return await view.toSVG();
  } catch (error) {
    // The specs are the report's own, so a failure is a bug: keep the cause, name the figure.
    throw new Error(`cannot render the '${name}' chart`, { cause: error });
  } finally {
    view?.finalize();
  }
}
