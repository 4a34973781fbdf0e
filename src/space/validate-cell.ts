import type { CellGenotype, CellShape, Edge } from './api.js';
import { edgesInto } from './cell-rules.js';
import { fail, plural, readArray, readChoice, readIndex, readObject, readString } from './fields.js';

/**
 * Reads one cell (or motif) of an untrusted genotype against `shape`: node
 * count, edges per node, each edge's op and source (an earlier node, a
 * different one for each edge of a node: DARTS derivation retains "the top-k
 * strongest operations (from distinct nodes)", Liu, Simonyan, Yang 2019,
 * sec. 2.4), and the output nodes. Structure beyond that (reachability) is `checkGraph`'s.
 * Returns a fresh plain cell with only the known fields.
 */
export function validateCell(shape: CellShape, value: unknown, path: string): CellGenotype {
  const record = readObject(value, path, ['nodes', 'concat']);
  const nodes = readArray(record.nodes, `${path}.nodes`);
  if (nodes.length !== shape.nodes) {
    fail(`${path}.nodes`, `${plural(nodes.length, 'node')}, the ${shape.space} space has ${shape.nodes}`);
  }
  return {
    nodes: nodes.map((node, k) => validateNode(shape, node, k, `${path}.nodes[${k}]`)),
    concat: validateConcat(shape, record.concat, `${path}.concat`),
  };
}

function validateNode(shape: CellShape, value: unknown, k: number, path: string): Edge[] {
  const edges = readArray(value, path);
  const to = shape.inputs + k;
  const want = edgesInto(shape, k);
  if (edges.length !== want) {
    const rule = shape.edgesPerNode === 'all' ? `has one from every earlier node (${want} into node ${to})` : `keeps ${want} per node`;
    fail(path, `${plural(edges.length, 'edge')}, the ${shape.space} space ${rule}`);
  }
  const sources = new Set<number>();
  return edges.map((edge, e) => {
    const where = `${path}[${e}]`;
    const record = readObject(edge, where, ['from', 'op']);
    const op = readString(record.op, `${where}.op`);
    if (op === shape.refused) {
      fail(`${where}.op`, `'${op}' is not allowed: a derived ${shape.space} cell keeps ${want} real edges per node`);
    }
    readChoice(op, `${where}.op`, 'op', shape.ops);
    const from = readIndex(record.from, `${where}.from`);
    if (from >= to) fail(`${where}.from`, `edge from node ${from} into node ${to} (must come from an earlier node)`);
    if (sources.has(from)) {
      fail(`${where}.from`, `a second edge from node ${from} into node ${to} (each edge of a node comes from a different node)`);
    }
    sources.add(from);
    return { from, op };
  });
}

function validateConcat(shape: CellShape, value: unknown, path: string): number[] {
  const concat = readArray(value, path).map((id, i) => readIndex(id, `${path}[${i}]`));
  const same = concat.length === shape.outputs.length && concat.every((id, i) => id === shape.outputs[i]);
  if (!same) fail(path, `[${concat.join(', ')}] but the ${shape.space} space's cell output is [${shape.outputs.join(', ')}]`);
  return concat;
}
