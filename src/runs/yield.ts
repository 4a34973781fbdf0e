/**
 * Let the event loop run (signal handlers, timers, I/O) between two training
 * steps. A step is synchronous tensor work, so without this a Ctrl-C or
 * SIGTERM handler would only run at the end of the epoch's loop.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
