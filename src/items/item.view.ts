import { addDays, type LocalDate, toLocalDate } from '../shared/calendar/local-date';
import type { WorkingCalendar } from '../shared/calendar/working-calendar';
import type { Item } from './item.state';
import type { CompletionEntry } from './late-entry';
import { timelinessOf, type Timeliness } from './timeliness';

/** The item as API.md's `GET /api/items/{id}` shows it. */
export interface ItemView {
  id: string;
  kind: Item['kind'];
  title: string;
  description: string | null;
  status: Item['status'];
  timeliness: Timeliness;
  leadUnit: string | null;
  supportingUnits: string[];
  originUnit: string | null;
  communes: string[];
  sourceId: string | null;
  topic: string | null;
  priority: Item['priority'];
  deadline: {
    original: string | null;
    current: string | null;
    /**
     * The date the deadline asked for, when it fell on a rest day and the due date moved to the
     * next working day (30/04 → 04/05); null when the due date is the one asked for.
     */
    requested: LocalDate | null;
    extensions: Item['deadline']['extensions'];
  };
  pendingExtension: Item['pendingExtension'];
  raisedAt: string;
  assignedAt: string | null;
  completedAt: string | null;
  resolvedAt: string | null;
  outcome: Item['outcome'];
  answered: boolean;
  answer: Item['answer'];
  progress: Item['progress'];
  /** Business time of the item's last act: a later act may not be dated before it. */
  lastActAt: string;
  /** The office returned the completion report and the lead unit has not reported again. */
  reworkRequested: boolean;
  /** How many times the leadership or its office urged the lead unit, and when last. */
  urges: number;
  lastUrgedAt: string | null;
  /**
   * The latest completion report with the day it was recorded, so the reviewing office sees one
   * typed in long after its date (detail of the current item only).
   */
  completionReport?: CompletionEntry | null;
  /** The source document, so that a unit sees its title (detail of the current item only). */
  source?: ItemSource | null;
  revision: string;
}

/** What the item's page shows of its source document. */
export interface ItemSource {
  id: string;
  type: string;
  title: string;
  reference: string | null;
  issuedOn: LocalDate;
}

export function toItemView(
  item: Item,
  revision: bigint,
  asOf: string,
  calendar: WorkingCalendar,
): ItemView {
  return {
    id: item.id,
    kind: item.kind,
    title: item.title,
    description: item.description,
    status: item.status,
    timeliness: timelinessOf(item, asOf, calendar),
    leadUnit: item.leadUnit,
    supportingUnits: item.supportingUnits,
    originUnit: item.originUnit,
    communes: item.communes,
    sourceId: item.sourceId,
    topic: item.topic,
    priority: item.priority,
    deadline: {
      original: item.deadline.original,
      current: item.deadline.current,
      requested: requestedDueDate(item),
      extensions: item.deadline.extensions,
    },
    pendingExtension: item.pendingExtension,
    raisedAt: item.raisedAt,
    assignedAt: item.assignedAt,
    completedAt: item.completedAt,
    resolvedAt: item.resolvedAt,
    outcome: item.outcome,
    answered: item.answered,
    answer: item.answer,
    progress: item.progress,
    lastActAt: item.lastActAt,
    reworkRequested: item.reworkRequestedAt !== null && item.status === 'in-progress',
    urges: item.urges,
    lastUrgedAt: item.lastUrgedAt,
    revision: revision.toString(),
  };
}

/**
 * The due date the assignment asked for, when the calendar moved it off a rest day. Only for the
 * deadline as assigned: an approved extension sets its own date.
 */
function requestedDueDate(item: Item): LocalDate | null {
  const { spec, current, extensions } = item.deadline;
  if (spec === null || current === null || extensions.some((e) => e.decision?.approved)) {
    return null;
  }
  const asked =
    spec.type === 'date'
      ? spec.date
      : spec.type === 'calendar-days' && item.assignedAt !== null
        ? addDays(toLocalDate(item.assignedAt), spec.days)
        : null;
  return asked !== null && asked < current ? asked : null;
}
