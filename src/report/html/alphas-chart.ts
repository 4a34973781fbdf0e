import type { Figure } from './api.js';
import { alphaLabels } from './alpha-labels.js';
import { CHART_CONFIG, VEGA_LITE_SCHEMA } from './chart-config.js';

/** Per epoch, per decision group, the softmaxed alphas (`rows x options`), as a search's `log.jsonl` holds them. */
type AlphaLog = readonly { readonly epoch: number; readonly alphas: Readonly<Record<string, readonly (readonly number[])[]>> }[];

/**
 * How the architecture weights (the softmaxed alphas of DARTS, Liu, Simonyan
 * & Yang 2019) moved during a search: one figure per decision group, a small
 * panel per edge (row of alphas) with one line per op over the epochs. Panels
 * share the y scale so edges compare: an edge whose lines fan out has made a
 * decision, one whose lines stay together (all near 1/ops) has not; the scale
 * does not start at 0, since early alphas differ in the third decimal. This is
 * where DARTS's collapse onto `skip_connect` shows. Samplers (SPOS, path
 * dropout, ENAS) learn no alphas and log `{}`: no figures then.
 */
export function alphaFigures(log: AlphaLog, spaceName: string): Figure[] {
  const groups = [...new Set(log.flatMap((record) => Object.keys(record.alphas ?? {})))];
  return groups.flatMap((group) => {
    const first = log.find((record) => record.alphas?.[group] !== undefined)!.alphas[group]!;
    const labels = alphaLabels(spaceName, group, first.length, first[0]?.length ?? 0);
    const values = log.flatMap((record) =>
      (record.alphas?.[group] ?? []).flatMap((row, r) =>
        row.map((weight, o) => ({
          epoch: record.epoch + 1,
          row: r,
          edge: labels.rows[r] ?? `row ${r}`,
          op: labels.options[o] ?? `option ${o}`,
          weight,
        })),
      ),
    );
    if (values.length === 0) return [];
    const figure: Figure = {
      name: `alphas-${fileStem(group)}`,
      title: `Architecture weights of ${group}`,
      caption: `Softmaxed alphas of the '${group}' group per epoch: one panel per decision row (in a cell, the supernet edge from → to, nodes named as in the cell diagrams), one line per option.`,
      spec: {
        $schema: VEGA_LITE_SCHEMA,
        config: CHART_CONFIG,
        data: { values },
        facet: { field: 'edge', type: 'nominal', sort: { field: 'row', op: 'min' }, title: null },
        columns: Math.min(5, first.length),
        spec: {
          width: 130,
          height: 90,
          mark: { type: 'line', point: { size: 10 }, strokeWidth: 1.2 },
          encoding: {
            x: { field: 'epoch', type: 'quantitative', axis: { tickMinStep: 1, format: 'd' } },
            y: { field: 'weight', type: 'quantitative', title: 'weight', scale: { zero: false } },
            color: {
              field: 'op',
              type: 'nominal',
              sort: [...labels.options],
              title: 'op',
              scale: { scheme: labels.options.length > 10 ? 'category20' : 'tableau10' },
            },
          },
        },
      },
    };
    return [figure];
  });
}

/** A group name as part of a file name (`l2.m0` stays, anything outside [A-Za-z0-9._-] becomes `-`). */
function fileStem(group: string): string {
  return group.replace(/[^A-Za-z0-9._-]/g, '-');
}
