import { main } from '../../src/cli/main.js';
import type { NasCommand } from '../../src/compare/index.js';

/** `nas` in this process for `runCompare`, recording each command it is asked to run in `calls` when given. */
export function inProcessNas(calls?: string[][]): NasCommand {
  return async (args) => {
    calls?.push([...args]);
    const err: string[] = [];
    const code = await main(
      ['node', 'nas', ...args],
      () => {},
      (l) => err.push(l),
    );
    return { code, err: err.join('\n') };
  };
}
