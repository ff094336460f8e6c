import { backoffDelayMs, DEFAULT_RETRY_POLICY, nextRetry } from './retry-policy';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const first = new Date('2026-03-02T01:00:00Z');
const after = (ms: number): Date => new Date(first.getTime() + ms);

describe('backoffDelayMs', () => {
  it('doubles from 30 s after each failure up to one hour', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8, 9, 30].map((n) => backoffDelayMs(n, 0));
    expect(delays).toEqual([
      30 * SECOND,
      1 * MINUTE,
      2 * MINUTE,
      4 * MINUTE,
      8 * MINUTE,
      16 * MINUTE,
      32 * MINUTE,
      HOUR,
      HOUR,
      HOUR,
    ]);
  });

  it('takes at most a fifth off at random, and never goes past the cap', () => {
    expect(backoffDelayMs(1, 0.999_999)).toBe(24 * SECOND);
    expect(backoffDelayMs(1, 0.5)).toBe(27 * SECOND);
    for (const failures of [1, 4, 8, 12, 2000]) {
      for (const random of [0, 0.25, 0.5, 0.75, 0.999]) {
        const delay = backoffDelayMs(failures, random);
        const exponential = Math.min(HOUR, 30 * SECOND * 2 ** (failures - 1));
        expect(delay).toBeGreaterThanOrEqual(exponential * 0.8);
        expect(delay).toBeLessThanOrEqual(exponential);
      }
    }
  });

  it('refuses a failure count below one', () => {
    expect(() => backoffDelayMs(0, 0)).toThrow(RangeError);
    expect(() => backoffDelayMs(1.5, 0)).toThrow(RangeError);
  });
});

describe('nextRetry', () => {
  it('schedules the next attempt one backoff after the failure', () => {
    expect(nextRetry({ failures: 1, firstAttemptAt: first, failedAt: first, random: 0 })).toEqual({
      giveUp: false,
      nextAttemptAt: after(30 * SECOND),
    });
    expect(
      nextRetry({ failures: 3, firstAttemptAt: first, failedAt: after(2 * MINUTE), random: 0.5 }),
    ).toEqual({ giveUp: false, nextAttemptAt: after(2 * MINUTE + 108 * SECOND) });
  });

  it('makes a last attempt at the end of the 24 hours rather than skipping it', () => {
    const failedAt = after(23 * HOUR + 30 * MINUTE);
    expect(nextRetry({ failures: 30, firstAttemptAt: first, failedAt, random: 0 })).toEqual({
      giveUp: false,
      nextAttemptAt: after(24 * HOUR),
    });
  });

  it('gives up once 24 hours have passed since the first attempt', () => {
    expect(
      nextRetry({ failures: 31, firstAttemptAt: first, failedAt: after(24 * HOUR), random: 0 }),
    ).toEqual({ giveUp: true });
    expect(
      nextRetry({ failures: 2, firstAttemptAt: first, failedAt: after(25 * HOUR), random: 0 }),
    ).toEqual({ giveUp: true });
  });

  it('keeps trying for the whole day when every attempt fails', () => {
    let failedAt = first;
    let attempts = 0;
    for (;;) {
      attempts += 1;
      const decision = nextRetry({
        failures: attempts,
        firstAttemptAt: first,
        failedAt,
        random: 1,
      });
      if (decision.giveUp) break;
      expect(decision.nextAttemptAt.getTime()).toBeGreaterThan(failedAt.getTime());
      failedAt = decision.nextAttemptAt;
    }
    expect(failedAt).toEqual(after(DEFAULT_RETRY_POLICY.giveUpAfterMs));
    // 7 growing delays (about 50 min at the lowest draw) and then one every 48 min.
    expect(attempts).toBeGreaterThan(25);
    expect(attempts).toBeLessThan(40);
  });
});
