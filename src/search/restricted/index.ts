export { type Restriction, restrictedClasses } from './restriction.js';
export { RestrictedSpos, type RestrictedSposOptions } from './restricted-spos.js';
export { RESTRICTED_SPOS_STRATEGY, registerRestrictedSpos, restrictedOptionsSchema } from './spec.js';
