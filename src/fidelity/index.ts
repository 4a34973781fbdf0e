export { CURVE_FAMILIES, type CurveFamily } from './curve-families.js';
export { extrapolateCurve, probabilityAbove, type CurvePrediction } from './extrapolate.js';
export { nelderMead } from './nelder-mead.js';
