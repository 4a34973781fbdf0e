import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { NasError } from '../errors.js';

/**
 * The settings in a config file: YAML (`.yaml`, `.yml`) or JSON (anything
 * else), a mapping of setting names (the flags' camelCase names, e.g.
 * `weightLr`) to values. A run directory's own `config.json` (the run header
 * `{ toolkit, backend, config }`) gives its `config`, so a run re-runs from
 * it. Every problem is a one-line `NasError` naming the file.
 */
export function loadConfigFile(file: string): Record<string, unknown> {
  if (!existsSync(file)) throw new NasError(`--config ${file}: no such file`);
  if (statSync(file).isDirectory()) throw new NasError(`--config ${file} is a directory; give a file (a run's config.json, or YAML)`);
  const text = readFileSync(file, 'utf8');
  let value: unknown;
  try {
    value = ['.yaml', '.yml'].includes(extname(file).toLowerCase()) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    const line = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    throw new NasError(`--config ${file}: not valid ${extname(file) === '.json' ? 'JSON' : 'YAML or JSON'} (${line})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new NasError(`--config ${file}: expected a mapping of settings, got ${Array.isArray(value) ? 'a list' : typeof value}`);
  const record = value as Record<string, unknown>;
  // A run header: the settled config of a run is what re-runs it.
  if ('toolkit' in record && 'config' in record) {
    const inner = record.config;
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner))
      throw new NasError(`--config ${file}: its 'config' is not a mapping`);
    return inner as Record<string, unknown>;
  }
  return record;
}
