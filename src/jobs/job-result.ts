/**
 * A completed BullMQ job's return value. A poller reads the job, then its
 * state; a job that completed in between was read without its return value,
 * so it is read again (`reread`). Undefined while none is stored yet: poll
 * again rather than take a null for a result.
 */
export async function completedValue<T>(
  job: { readonly returnvalue: unknown },
  reread: () => Promise<{ readonly returnvalue: unknown } | undefined>,
): Promise<T | undefined> {
  const value = job.returnvalue ?? (await reread())?.returnvalue;
  return value === null || value === undefined ? undefined : (value as T);
}
