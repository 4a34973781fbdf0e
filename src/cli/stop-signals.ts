/**
 * Ctrl-C and SIGTERM (a scheduler or `kill` ending the job) ask a run to stop
 * after its current step and write a checkpoint; a second signal quits at
 * once. `stopRequested()` is what the run polls; `release()` removes the
 * handlers.
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
  return {
    stopRequested: () => requested,
    release: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
