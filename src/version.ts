import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './package-root.js';

/** The toolkit's own version, read from the package.json at the package root (above src/ or dist/). */
export function toolkitVersion(): string {
  const root = packageRoot();
  if (root === null) return 'unknown';
  return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
}
