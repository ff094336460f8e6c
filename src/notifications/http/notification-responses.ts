import { S } from '../../http/api-docs';

/** OpenAPI schemas of what the notification routes answer. */

export const INBOX_PAGE = S.object({
  items: S.array(
    S.object(
      {
        id: S.string({ format: 'uuid' }),
        kind: S.string(),
        itemId: S.string(),
        itemTitle: S.string(),
        unitId: S.string(),
        role: S.string(),
        createdAt: S.time(),
        readAt: S.nullable(S.time()),
      },
      ['unitId', 'role'],
    ),
  ),
  page: S.integer({ minimum: 1 }),
  pageSize: S.integer({ minimum: 1 }),
  total: S.integer({ minimum: 0 }),
  unread: S.integer({ minimum: 0 }),
});

export const DELIVERY_PAGE = S.object({
  items: S.array(
    S.object({
      id: S.string(),
      notificationId: S.string(),
      unitId: S.string(),
      channel: S.enum(['email', 'webhook']),
      target: S.string({ description: 'The address, or the webhook URL' }),
      status: S.enum(['pending', 'failed', 'sent']),
      attempts: S.integer({ minimum: 0 }),
      lastError: S.nullable(S.string()),
      createdAt: S.time(),
      sentAt: S.nullable(S.time()),
      nextAttemptAt: S.nullable(S.time()),
    }),
  ),
  total: S.integer({ minimum: 0 }),
  page: S.integer({ minimum: 1 }),
  pageSize: S.integer({ minimum: 1 }),
});
