import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { firstLine } from '../errors.js';
import type { NasCommand } from './api.js';

/** The variable through which a child learns its parent's pid, to stop when that parent is gone (`listenForStop`). */
export const STOP_WITH_PARENT = 'NAS_STOP_WITH_PARENT';

/**
 * `nas` in a process of its own for each command: `node ...launch ARGS`,
 * where `launch` starts the CLI (`[...process.execArgv, process.argv[1]]`
 * for bin/nas.js). Its stderr lines go to `err`, prefixed with `prefix(args)`;
 * its stdout is dropped, as the in-process command's is. The child runs in a
 * process group of its own, so a Ctrl-C at the terminal reaches only the
 * parent, which sends the child one SIGINT when `shouldStop` turns true: the
 * child then checkpoints and exits with 130, as on a Ctrl-C of its own. Should
 * the parent die without a word (SIGKILL), the child notices its parent gone
 * and stops the same way, so no orphan goes on writing into the run.
 */
export function childProcessNas(
  launch: readonly string[],
  err: (line: string) => void,
  prefix: (args: readonly string[]) => string = () => '  ',
): NasCommand {
  return (args, shouldStop) =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [...launch, ...args], {
        stdio: ['ignore', 'ignore', 'pipe'],
        detached: true,
        env: { ...process.env, [STOP_WITH_PARENT]: String(process.pid) },
      });
      const lines: string[] = [];
      const head = prefix(args);
      createInterface({ input: child.stderr! }).on('line', (line) => {
        lines.push(line);
        err(`${head}${line}`);
      });
      let signalled = false;
      const poll = setInterval(() => {
        if (signalled || !shouldStop?.()) return;
        signalled = true;
        child.kill('SIGINT');
      }, 200);
      let settled = false;
      const finish = (code: number, why: string | null) => {
        if (settled) return;
        settled = true;
        clearInterval(poll);
        resolve({ code, err: [...lines, ...(why === null ? [] : [why])].join('\n') });
      };
      child.on('error', (error) => finish(1, `cannot start nas ${args[0] ?? ''}: ${firstLine(error)}`));
      // Stopped while still starting, before it listens for the signal: killed by it, with nothing to keep yet.
      child.on('close', (code, signal) =>
        finish(code ?? (signalled && signal === 'SIGINT' ? 130 : 1), code === null ? `killed by ${signal}` : null),
      );
    });
}
