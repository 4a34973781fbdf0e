export { CURVE_FAMILIES, type CurveFamily } from './curve-families.js';
export { checkEarlyStopRule, EARLY_STOP_DEFAULTS, type EarlyStop, type EarlyStopRule, earlyStopDecision } from './early-stop.js';
export { extrapolateCurve, probabilityAbove, type CurvePrediction } from './extrapolate.js';
export { nelderMead } from './nelder-mead.js';
