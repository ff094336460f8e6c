import { S } from '../http/api-docs';

/** OpenAPI schemas of what the audit routes answer. */

export const AUDIT_EVENTS_PAGE = S.object({
  events: S.array(
    S.object({
      position: S.decimal(),
      streamId: S.string(),
      revision: S.decimal(),
      id: S.string(),
      type: S.string(),
      data: S.any('The event data as stored'),
      metadata: S.any('The event metadata as stored (actor, occurredAt, hash chain…)'),
      recordedAt: S.time(),
      enteredLater: S.boolean(),
    }),
  ),
  next: S.nullable(S.decimal()),
});

export const AUDIT_REPORT = S.object({
  ok: S.boolean(),
  streams: S.integer({ minimum: 0 }),
  events: S.integer({ minimum: 0 }),
  breaks: S.array(S.object({ streamId: S.string(), revision: S.decimal(), reason: S.string() })),
  checkpoints: S.object({
    count: S.integer({ minimum: 0 }),
    latest: S.nullable(S.object({ seq: S.integer(), position: S.decimal(), events: S.integer() })),
    // Negative when the log holds fewer events than the latest checkpoint covers (events removed).
    uncovered: S.integer({ description: 'Events after the latest checkpoint' }),
    breaks: S.array(S.object({ seq: S.integer(), position: S.decimal(), reason: S.string() })),
  }),
  startedAt: S.time(),
  finishedAt: S.time(),
});

export const CHECKPOINTS = S.array(
  S.object({
    seq: S.integer({ minimum: 1 }),
    position: S.decimal(),
    events: S.integer({ minimum: 0 }),
    root: S.string(),
    previous: S.nullable(S.string()),
    createdAt: S.time(),
    keyId: S.string(),
    signature: S.string({ description: 'Ed25519, base64' }),
  }),
);
