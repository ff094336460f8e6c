/**
 * What a delivery channel carries and what it answers. A channel never throws for a failed
 * delivery: it says whether trying again may help, and the outbox in front of it decides when.
 */

export type DeliveryResult =
  | { ok: true }
  | {
      ok: false;
      /** true: the same delivery may succeed later (timeouts, 4xx SMTP replies, HTTP 5xx…). */
      retryable: boolean;
      /** What went wrong, for the delivery list an admin reads. */
      error: string;
    };

export const DELIVERED: DeliveryResult = { ok: true };

export function deliveryFailed(retryable: boolean, error: string): DeliveryResult {
  return { ok: false, retryable, error };
}
