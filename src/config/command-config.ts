import { type Command, InvalidArgumentError, type Option } from 'commander';
import { NasError } from '../errors.js';
import { loadConfigFile } from './load-config.js';
import { flagOf } from './options.js';

/** One option's value from a config file, through the option's own parser (so a file is checked as a flag is). */
function optionValue(option: Option, key: string, value: unknown, file: string): unknown {
  const takesValue = option.required || option.optional;
  if (!takesValue) {
    if (typeof value !== 'boolean') throw new NasError(`${flagOf(key)} must be true or false, got ${JSON.stringify(value)} in ${file}`);
    return value;
  }
  let result: unknown;
  for (const v of Array.isArray(value) ? value : [value]) {
    if (typeof v !== 'string' && typeof v !== 'number')
      throw new NasError(`${flagOf(key)} must be a string or a number, got ${JSON.stringify(v)} in ${file}`);
    try {
      // A repeatable option's parser collects into the previous value, as on the command line.
      result = option.parseArg ? option.parseArg(String(v), result) : String(v);
    } catch (error) {
      if (error instanceof InvalidArgumentError) throw new NasError(`${flagOf(key)} in ${file}: ${error.message.replace(/\.$/, '')}`);
      throw error;
    }
  }
  return result;
}

/**
 * Apply the settings of a config file (YAML or JSON, keys the options'
 * camelCase names) to a command as if given as flags, except those given on
 * the command line, which win. An unknown key, a value its option's parser
 * refuses, and a config file beside `--resume` are one-line errors.
 */
export function applyConfigFile(command: Command, file: string): void {
  const options = new Map(command.options.filter((o) => o.long !== '--config').map((o) => [o.attributeName(), o] as const));
  if (command.getOptionValue('resume') !== undefined && options.has('resume'))
    throw new NasError('--resume continues the run with its own settings; drop --config');
  for (const [key, value] of Object.entries(loadConfigFile(file))) {
    const option = options.get(key);
    if (!option) throw new NasError(`unknown setting '${key}' in ${file} (known: ${[...options.keys()].join(', ')})`);
    if (command.getOptionValueSource(key) === 'cli') continue;
    command.setOptionValueWithSource(key, optionValue(option, key, value, file), 'config');
  }
}

/**
 * Give every leaf command of `program` that has no `--config` of its own one
 * that `applyConfigFile` reads before the command runs. (`nas search` and
 * `nas retrain` read theirs themselves: their settings go through their
 * schemas, and a run's own config.json re-runs it.)
 */
export function attachConfigFiles(program: Command): void {
  const leaves = (c: Command): Command[] => (c.commands.length === 0 ? [c] : c.commands.flatMap(leaves));
  for (const command of program.commands.flatMap(leaves)) {
    if (command.options.some((o) => o.long === '--config')) continue;
    command.option('--config <file>', 'settings from a YAML or JSON file (keys: the options above, camelCase); flags override it');
    command.hook('preAction', (self) => {
      const file = self.getOptionValue('config') as string | undefined;
      if (file !== undefined) applyConfigFile(self, file);
    });
  }
}
