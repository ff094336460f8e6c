/**
 * When a failed delivery is tried again, and when it is given up. Pure: the time of the failure
 * and the random draw arrive as inputs, so whoever calls it (the outbox) can be tested and
 * replayed without a clock.
 */
export interface RetryPolicy {
  /** Delay after the first failure; each further failure doubles it. */
  firstDelayMs: number;
  /** No delay grows past this. */
  maxDelayMs: number;
  /**
   * Share of each delay taken off at random (0.2: a 30 s delay becomes 24–30 s), so deliveries
   * that failed together, say while the mail server was down, do not all retry at one instant.
   */
  jitter: number;
  /** Retries stop this long after the first attempt (API.md: 24 hours). */
  giveUpAfterMs: number;
}

/** 30 s, 1 min, 2 min, 4 min … capped at 1 h, less up to a fifth; for 24 hours. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  firstDelayMs: 30_000,
  maxDelayMs: 60 * 60_000,
  jitter: 0.2,
  giveUpAfterMs: 24 * 60 * 60_000,
};

export interface FailedAttempts {
  /** Attempts failed so far, the one just failed included (1 after the first failure). */
  failures: number;
  firstAttemptAt: Date;
  /** When the last attempt failed. */
  failedAt: Date;
  /** A draw in [0, 1), such as `Math.random()`. */
  random: number;
}

export type RetryDecision = { giveUp: true } | { giveUp: false; nextAttemptAt: Date };

/** The wait after `failures` failed attempts: exponential, capped, less its jitter. */
export function backoffDelayMs(
  failures: number,
  random: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): number {
  if (!Number.isInteger(failures) || failures < 1) {
    throw new RangeError(`failures must be a whole number from 1, got ${failures}`);
  }
  // 2 ** 1100 is Infinity, which Math.min caps like any other large delay.
  const exponential = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** (failures - 1));
  const draw = Math.min(Math.max(random, 0), 1);
  return Math.round(exponential * (1 - policy.jitter * draw));
}

/**
 * After a retryable failure: the next attempt's time, or give up once the retry period since
 * the first attempt is over. The last attempt is made at the end of the period rather than
 * skipped when a full delay would overshoot it.
 */
export function nextRetry(
  attempts: FailedAttempts,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): RetryDecision {
  const deadline = attempts.firstAttemptAt.getTime() + policy.giveUpAfterMs;
  const failedAt = attempts.failedAt.getTime();
  if (failedAt >= deadline) return { giveUp: true };
  const delay = backoffDelayMs(attempts.failures, attempts.random, policy);
  return { giveUp: false, nextAttemptAt: new Date(Math.min(failedAt + delay, deadline)) };
}
