import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { NasError } from '../errors.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Holds `<ledger>.lock` (this process's id) while a build appends to a ledger:
 * two builds of one table (a `nas table add` beside a running build) would
 * each rewrite the table from their own view of the runs. A lock left by a
 * process that no longer exists (a build killed with SIGKILL) is taken over.
 * Returns the release function.
 */
export function lockLedger(ledger: string): () => void {
  const lock = `${ledger}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new NasError(`cannot lock ${ledger}: ${(error as Error).message}`);
      const holder = Number(readFileSync(lock, 'utf8'));
      if (Number.isInteger(holder) && holder > 0 && alive(holder))
        throw new NasError(`${ledger} is being built by process ${holder}; wait for it or stop it first`);
      rmSync(lock, { force: true });
    }
  }
  throw new NasError(`cannot lock ${ledger}: another build took it over`);
}
