export type {
  CandidateEdge,
  CellArchitecture,
  CellGenotype,
  CellShape,
  CellSpace,
  CellType,
  ChainArchitecture,
  ChainSpace,
  Edge,
  Genotype,
  HierarchicalArchitecture,
  HierarchicalSpace,
  SearchSpace,
} from './api.js';
export { cellShape, motifShape, motifName, motifGroupName } from './cell-rules.js';
export { checkSpace } from './check-space.js';
export { validateGenotype } from './validate-genotype.js';
export { validateCell } from './validate-cell.js';
export { cellGraph, type CellGraphLabel } from './cell-graph.js';
export { checkGraph } from './check-graph.js';
export { topologicalOrder } from './topological-order.js';
export { supernetEdges } from './supernet-edges.js';
export { canonicalString, CELL_TYPE_ORDER } from './canonical-string.js';
export { parseGenotype } from './parse-genotype.js';
export { genotypeHash } from './genotype-hash.js';
export { genotypeFromJson, genotypeToJson } from './genotype-json.js';
export { fromDartsGenotype, toDartsGenotype, type DartsGenotype } from './darts-format.js';
export { countGenotypes } from './count-genotypes.js';
export { enumerateGenotypes, type EnumerateOptions } from './enumerate-genotypes.js';
export { sampleGenotype } from './sample-genotype.js';
export { neighbours } from './neighbours.js';
export { mutateGenotype } from './mutate-genotype.js';
export { deriveGenotype, type ArchWeights } from './derive-genotype.js';
export { buildGenotype, decisionSizes } from './decisions.js';
export { cellExpression, type ExpressionOps } from './cell-expression.js';
export { computationKey, registerComputationRule, uniqueGenotypes, type ComputationRule } from './canonical-computation.js';
export { wholeSpace, type ArchitectureMoves } from './architecture-moves.js';
export { RestrictedSpace } from './restricted-space.js';
