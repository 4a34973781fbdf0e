import type { Strategy } from '../api.js';
import { strategyByName } from '../registry.js';
import { parseSettings, settingKeys } from '../../config/options.js';
import type { SearchConfig } from './config.js';

/** The strategy a config names, made by its registered spec with the config's options (checked again: a config may come from a file). */
export function createStrategy(config: SearchConfig): Strategy {
  const spec = strategyByName(config.strategy);
  return spec.create(parseSettings(spec.options, config.options, settingKeys(spec.options)), config);
}
