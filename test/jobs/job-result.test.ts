import { describe, expect, it } from 'vitest';
import { completedValue } from '../../src/jobs/job-result.js';

describe('completedValue', () => {
  it('reads a job again when the copy read before its state predates its completion (a null return value)', async () => {
    let rereads = 0;
    const reread = async () => {
      rereads++;
      return { returnvalue: { val: 81 } };
    };
    expect(await completedValue({ returnvalue: null }, reread)).toEqual({ val: 81 });
    expect(rereads).toBe(1);
    // A copy that has its value is not read again.
    expect(await completedValue({ returnvalue: { val: 82 } }, reread)).toEqual({ val: 82 });
    expect(rereads).toBe(1);
    // Still none stored (or the job gone): undefined, so the poller tries again rather than take null for a run.
    expect(await completedValue({ returnvalue: null }, async () => ({ returnvalue: null }))).toBeUndefined();
    expect(await completedValue({ returnvalue: undefined }, async () => undefined)).toBeUndefined();
  });
});
