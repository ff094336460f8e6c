import { EventSchema } from '../shared/event-schema';
import { DomainError } from '../shared/domain-error';
import type { LocalDate } from '../shared/calendar/local-date';

/** Where items come from: a conclusion notice, a document or a working session. */
export type SourceType = 'conclusion' | 'document' | 'session';
export const SOURCE_TYPES: readonly SourceType[] = ['conclusion', 'document', 'session'];

export interface Source {
  id: string;
  type: SourceType;
  reference?: string;
  title: string;
  issuedOn: LocalDate;
  signer?: string;
  communes?: string[];
}

/** One stream for all sources: they are few (a handful per month) and listed together. */
export const SOURCES_STREAM = 'sources-province';

export type SourceEvent = { type: 'SourceRecorded'; data: Source };
export type SourceCommand = { type: 'RecordSource'; source: Source };
export type SourceRegistry = ReadonlyMap<string, Source>;

/** The sources stream's schema (no older versions yet). */
export const sourceEvents = new EventSchema<SourceEvent>(['SourceRecorded']);

export const sourceRegistry = {
  events: sourceEvents,
  initialState: (): SourceRegistry => new Map(),
  evolve(state: SourceRegistry, event: SourceEvent): SourceRegistry {
    return new Map(state).set(event.data.id, event.data);
  },
  evolveInPlace(state: SourceRegistry, event: SourceEvent): SourceRegistry {
    return (state as Map<string, Source>).set(event.data.id, event.data);
  },
  decide(command: SourceCommand, state: SourceRegistry): SourceEvent[] {
    if (state.has(command.source.id)) {
      throw new DomainError(
        'SOURCE.ALREADY_EXISTS',
        `Source ${command.source.id} already exists`,
        undefined,
        'conflict',
      );
    }
    return [{ type: 'SourceRecorded', data: command.source }];
  },
};
