import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { HttpReply } from '../http/http-types';
import { Public } from '../auth/public.decorator';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import {
  READ_SIDE_STATUS,
  type ReadSideStatus,
  type ReadSideStatusReader,
} from '../read-models/read-side-status';
import type { CalendarWarning } from '../organisation/calendar-status';
import { QueryBus } from '@nestjs/cqrs';
import { GetCalendarStatusQuery } from '../organisation/application/reference-data.queries';
import { toLocalDate } from '../shared/calendar/local-date';

/** Up to this many events behind, the lag is counted exactly (cheap); beyond, it is estimated. */
const LAG_COUNT_LIMIT = 1_000;

type CalendarHealth =
  | { warnings: CalendarWarning[] }
  | { warnings: CalendarWarning[]; state: 'unavailable'; error: string };

/**
 * `GET /health` (public): the store, the projector, how far the read models lag behind the log,
 * and the calendar's warnings. 200 while the store answers (status `degraded` when a projection
 * has stopped, or when the current year, or from 1 October the next, has no declared days:
 * working-day deadlines would then skip no holiday); 503 when the store does not.
 */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_SIDE_STATUS) private readonly readSide: ReadSideStatusReader,
    private readonly queryBus: QueryBus,
  ) {}

  @Get()
  @Public()
  async health(@Res({ passthrough: true }) response: HttpReply) {
    let projector: ReadSideStatus | { state: 'unavailable'; error: string };
    try {
      projector = await this.readSide.status();
    } catch (error) {
      // The read-side worker is restarting: commands still work, queries answer 503 meanwhile.
      projector = { state: 'unavailable', error: (error as Error).message };
    }
    let head: bigint;
    try {
      head = await this.store.headPosition();
    } catch (error) {
      void response.status(503);
      return {
        status: 'down',
        store: { status: 'down', error: (error as Error).message },
        projector,
      };
    }
    // The calendar is reference data read from the store, not the read side: it is known even
    // while the read-side worker restarts.
    const calendar = await this.calendar();
    const calendarDegraded =
      'state' in calendar || calendar.warnings.some((w) => w.code === 'CALENDAR.YEAR_MISSING');
    if (projector.state === 'unavailable') {
      return {
        status: 'degraded',
        store: { status: 'up', headPosition: head.toString() },
        projector,
        calendar,
      };
    }
    const lag = await this.lag(BigInt(projector.checkpoint), head);
    const failed = projector.projections.some((p) => p.status === 'failed');
    return {
      status: failed || calendarDegraded ? 'degraded' : 'ok',
      store: { status: 'up', headPosition: head.toString() },
      projector: { ...projector, headPosition: head.toString(), ...lag },
      calendar,
    };
  }

  private async calendar(): Promise<CalendarHealth> {
    try {
      const today = toLocalDate(new Date().toISOString());
      return {
        warnings: (await this.queryBus.execute(new GetCalendarStatusQuery(today))).warnings,
      };
    } catch (error) {
      return { warnings: [], state: 'unavailable', error: (error as Error).message };
    }
  }

  /**
   * Events after the checkpoint. Positions are dense on SQLite but not on EventStoreDB (commit
   * offsets), so small lags are counted by reading; a large one is `head - checkpoint`, exact on
   * SQLite and an upper bound elsewhere (`lagExact: false`).
   */
  private async lag(checkpoint: bigint, head: bigint): Promise<{ lag: number; lagExact: boolean }> {
    if (checkpoint >= head) return { lag: 0, lagExact: true };
    const behind = await this.store.readAll({ after: checkpoint, limit: LAG_COUNT_LIMIT + 1 });
    return behind.length <= LAG_COUNT_LIMIT
      ? { lag: behind.length, lagExact: true }
      : { lag: Number(head - checkpoint), lagExact: false };
  }
}
