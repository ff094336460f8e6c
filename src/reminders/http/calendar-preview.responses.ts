import { S } from '../../http/api-docs';

/** `POST /api/calendar/{year}/preview`: what the declaration would change, recorded nowhere. */
export const CALENDAR_PREVIEW = S.object({
  year: S.integer(),
  days: S.array(S.object({ date: S.date(), working: S.boolean() })),
  holidaysAdded: S.array(S.date()),
  holidaysRemoved: S.array(S.date()),
  workingSaturdaysAdded: S.array(S.date()),
  workingSaturdaysRemoved: S.array(S.date()),
  openItems: S.integer({ minimum: 0, description: 'Open items looked at' }),
  total: S.integer({ minimum: 0, description: 'Open items the change would alter' }),
  items: S.array(
    S.object({
      itemId: S.string(),
      kind: S.string(),
      title: S.string(),
      status: S.string(),
      leadUnit: S.nullable(S.string()),
      dueDate: S.nullable(S.date()),
      effects: S.array(
        S.object({
          kind: S.enum(['reminder', 'assignment-due-date', 'extension-due-date']),
          before: S.nullable(S.string({ description: 'A date, or an instant for a reminder' })),
          after: S.nullable(S.string()),
        }),
      ),
    }),
  ),
});
