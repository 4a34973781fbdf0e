import { STOP_WITH_PARENT } from '../compare/child-nas.js';

/**
 * The pid of the process that started this one as a child it watches over
 * (`childProcessNas`), taken out of the environment so that this process's
 * own children do not watch the wrong parent; null when there is none.
 */
const watchedParent: number | null = (() => {
  const pid = Number(process.env[STOP_WITH_PARENT]);
  delete process.env[STOP_WITH_PARENT];
  return Number.isInteger(pid) && pid > 0 ? pid : null;
})();

/**
 * Ctrl-C and SIGTERM (a scheduler or `kill` ending the job) ask a run to stop
 * after its current step and write a checkpoint; a second signal quits at
 * once. A child started by `childProcessNas` also stops so when its parent
 * is gone (killed without a chance to pass the stop on). `stopRequested()` is
 * what the run polls; `release()` removes the handlers.
 */
export function listenForStop(err: (line: string) => void): { stopRequested: () => boolean; release: () => void } {
  let requested = false;
  const onSignal = () => {
    if (requested) process.exit(130);
    requested = true;
    err('\nstopping after this step and writing a checkpoint (Ctrl-C again to quit at once)');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const orphaned = () => {
    if (requested || process.ppid === watchedParent) return;
    err(`the process that started this one (${watchedParent}) is gone`);
    onSignal();
  };
  const watch = watchedParent === null ? undefined : setInterval(orphaned, 1000);
  watch?.unref();
  if (watchedParent !== null) orphaned();
  return {
    stopRequested: () => requested,
    release: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      clearInterval(watch);
    },
  };
}
