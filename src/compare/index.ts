export { tableArchitectures, tablePool } from './table-pool.js';
