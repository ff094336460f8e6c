import { S } from '../../http/api-docs';
import { ITEM_KINDS } from '../item.events';
import { TIMELINESS_VALUES } from '../timeliness';

/** OpenAPI schemas of what the item routes answer (API.md, "Items"). */

const STATUSES = ['raised', 'assigned', 'in-progress', 'awaiting-review', 'resolved', 'cancelled'];
const OUTCOMES = ['completed', 'not-feasible', 'forwarded', 'duplicate'];

const actor = S.object(
  { sub: S.string(), role: S.string(), unit: S.nullable(S.string()), name: S.string() },
  ['name'],
);

const extension = S.object({
  requestedAt: S.time(),
  proposedDueDate: S.date(),
  reason: S.string(),
  decision: S.nullable(
    S.object({
      approved: S.boolean(),
      dueDate: S.nullable(S.date()),
      decidedAt: S.time(),
      reason: S.nullable(S.string()),
    }),
  ),
});

/** `GET /api/items/{id}`, and each item of a list. */
export const ITEM_VIEW = S.object(
  {
    id: S.string({ format: 'uuid' }),
    kind: S.enum(ITEM_KINDS),
    title: S.string(),
    description: S.nullable(S.string()),
    status: S.enum(STATUSES),
    timeliness: S.enum(TIMELINESS_VALUES),
    leadUnit: S.nullable(S.string()),
    supportingUnits: S.array(S.string()),
    originUnit: S.nullable(S.string()),
    communes: S.array(S.string()),
    sourceId: S.nullable(S.string()),
    topic: S.nullable(S.string()),
    priority: S.enum(['normal', 'key']),
    deadline: S.object({
      original: S.nullable(S.date()),
      current: S.nullable(S.date()),
      requested: S.nullable(S.date()),
      extensions: S.array(extension),
    }),
    pendingExtension: S.nullable(
      S.object({ requestedAt: S.time(), proposedDueDate: S.date(), reason: S.string() }),
    ),
    raisedAt: S.time(),
    assignedAt: S.nullable(S.time()),
    completedAt: S.nullable(S.time()),
    resolvedAt: S.nullable(S.time()),
    outcome: S.nullable(S.enum(OUTCOMES)),
    answered: S.boolean(),
    answer: S.nullable(
      S.object({
        response: S.string(),
        onTheSpot: S.boolean(),
        documentRef: S.nullable(S.string()),
        answeredAt: S.time(),
      }),
    ),
    progress: S.nullable(
      S.object({ note: S.string(), percent: S.nullable(S.integer()), reportedAt: S.time() }),
    ),
    lastActAt: S.time(),
    reworkRequested: S.boolean(),
    urges: S.integer({ minimum: 0 }),
    lastUrgedAt: S.nullable(S.time()),
    completionReport: S.nullable(
      S.object({
        occurredAt: S.time(),
        recordedAt: S.time(),
        workingDaysLate: S.integer(),
        enteredLate: S.boolean(),
      }),
    ),
    source: S.nullable(
      S.object({
        id: S.string(),
        type: S.string(),
        title: S.string(),
        reference: S.nullable(S.string()),
        issuedOn: S.date(),
      }),
    ),
    revision: S.decimal(),
  },
  ['completionReport', 'source'],
);

/** `GET /api/items`: a page, and with `asOf` the instant and basis it was judged at. */
export const ITEM_PAGE = S.object(
  {
    items: S.array(ITEM_VIEW),
    page: S.integer({ minimum: 1 }),
    pageSize: S.integer({ minimum: 1 }),
    total: S.integer({ minimum: 0 }),
    asOf: S.time(),
    basis: S.enum(['effective', 'recorded']),
  },
  ['asOf', 'basis'],
);

export const ITEM_QUEUES = S.object({
  queues: S.array(S.object({ name: S.string(), count: S.integer({ minimum: 0 }) })),
});

export const UNIT_OPEN_ITEMS = S.object({
  unitId: S.string(),
  openItems: S.integer({ minimum: 0 }),
});

export const ITEM_HISTORY = S.array(
  S.object({
    revision: S.decimal(),
    position: S.decimal(),
    type: S.string(),
    data: S.any('The event as recorded'),
    actor,
    occurredAt: S.time(),
    recordedAt: S.time(),
    enteredLater: S.boolean(),
    hash: S.string(),
  }),
);

export const ITEM_CHANGES = S.array(
  S.object({
    revision: S.decimal(),
    position: S.decimal(),
    type: S.string(),
    occurredAt: S.time(),
    recordedAt: S.time(),
    actor,
    changes: S.array(
      S.object(
        {
          field: S.string({ description: 'A dotted path into the item, e.g. deadline.current' }),
          from: S.any(),
          to: S.any(),
        },
        ['from', 'to'],
      ),
    ),
  }),
);
