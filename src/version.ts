import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The toolkit's own version, read from the nearest package.json above this module (src/ or dist/). */
export function toolkitVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? 'unknown';
    const parent = dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}
