import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The toolkit's package root: the nearest folder above this module holding a
 * package.json. Found by walking up because this module runs from `src/`
 * (tests, tsx) and from a bundled chunk in `dist/`; files shipped beside them
 * (package.json, `data/`, `cells/`) are resolved from here. Null only when the
 * module was copied out of its package.
 */
export function packageRoot(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}
