import { tableSearchSettings } from './data-from-table.js';
import { type SearchConfig, type SearchRequest, settleSearchConfig } from './settle-config.js';

export { positiveInt, settleSearchConfig, type SearchConfig, type SearchRequest, type TableSettingsReader } from './settle-config.js';

/**
 * Validate a request into a full config; each bad value is a one-line
 * `NasError` naming the setting (as a flag), an unknown one names the key.
 * `where` names the file the request came from, for messages. Image size
 * and classes are filled in from the data when the run starts. A search on
 * a table's split (`dataFromTable`) reads the table file here.
 */
export function resolveSearchConfig(request: SearchRequest | SearchConfig, where = ''): SearchConfig {
  return settleSearchConfig(request, where, tableSearchSettings);
}
