import { createRequire } from 'node:module';
import { NasError, firstLine } from '../errors.js';

const require = createRequire(import.meta.url);

function isModuleNotFound(error: unknown, packageName: string): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : '';
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && message.includes(packageName);
}

/**
 * Import a package that may not be installed. A missing package becomes a
 * one-line `NasError` carrying `hint`; a package that is present but fails to
 * load (e.g. a missing CUDA library) reports its own first line.
 */
export async function importOptional<T = unknown>(packageName: string, what: string, hint: string): Promise<T> {
  if (!isInstalled(packageName)) throw new NasError(`${what} needs ${packageName}, which is not installed: ${hint}`);
  // A variable specifier keeps bundlers and tsc from resolving a package that is optional.
  const specifier: string = packageName;
  try {
    return (await import(specifier)) as T;
  } catch (error) {
    if (isModuleNotFound(error, packageName)) {
      throw new NasError(`${what} needs ${packageName}, which is not installed: ${hint}`);
    }
    throw new NasError(`${what}: ${packageName} failed to load: ${firstLine(error)}`);
  }
}

/** Whether a package can be resolved from here, without loading it. */
export function isInstalled(packageName: string): boolean {
  // Packages whose `exports` hide package.json still resolve by name.
  for (const specifier of [`${packageName}/package.json`, packageName]) {
    try {
      require.resolve(specifier);
      return true;
    } catch {
      // try the next form
    }
  }
  return false;
}

/** The installed version of a package, or 'unknown'. */
export function packageVersion(packageName: string): string {
  try {
    const pkg = require(`${packageName}/package.json`) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
