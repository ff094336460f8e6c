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
  /** How many times the leadership or its office urged the lead unit, and when last. */
  urges: number;
  lastUrgedAt: string | null;
  /**
   * The latest completion report with the day it was recorded, so the reviewing office sees one
   * typed in long after its date (detail of the current item only).
   */
  completionReport?: CompletionEntry | null;
  revision: string;
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
    urges: item.urges,
    lastUrgedAt: item.lastUrgedAt,
    revision: revision.toString(),
  };
}
