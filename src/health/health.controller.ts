import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiPublic, S } from '../http/api-docs';
import { headerOf, type HttpReply, type HttpRequest } from '../http/http-types';
import { bearerTokenOf } from '../auth/bearer-token';
import { AccessTokenVerifier } from '../auth/access-token-verifier';
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
import { CheckpointsService } from '../audit/checkpoints/checkpoints.service';

/** Up to this many events behind, the lag is counted exactly (cheap); beyond, it is estimated. */
const LAG_COUNT_LIMIT = 1_000;

type CalendarHealth =
  | { warnings: CalendarWarning[] }
  | { warnings: CalendarWarning[]; state: 'unavailable'; error: string };

/**
 * Anyone gets `status`; an admin or an auditor also the store, the projector with its lag, the
 * calendar's warnings and the audit checkpoints (their shapes are operational, not a contract).
 */
const HEALTH = S.object(
  {
    status: S.enum(['ok', 'degraded', 'down']),
    store: S.object({ status: S.enum(['up', 'down']) }),
    projector: S.object({}),
    calendar: S.object({ warnings: S.array(S.object({ code: S.string() })) }),
    audit: S.object({}),
  },
  ['store', 'projector', 'calendar', 'audit'],
);

/** Roles that see the details of `/health`: where files are, what failed, how far behind. */
const DETAIL_ROLES: readonly string[] = ['admin', 'auditor'];

/**
 * `GET /health` (public): `{ status: ok | degraded | down }` — 200 while the store answers
 * (`degraded` when a projection has stopped or is retrying, the read side is restarting, or the
 * current year, or from 1 October the next, has no declared days: working-day deadlines would then
 * skip no holiday); 503 when the store does not. With an admin's or an auditor's token, the
 * details too: the store's head, each projection and its lag, the read-model file, the calendar's
 * warnings. Anyone else learns nothing about paths, streams or errors, and costs no log read.
 */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_SIDE_STATUS) private readonly readSide: ReadSideStatusReader,
    private readonly queryBus: QueryBus,
    private readonly tokens: AccessTokenVerifier,
    private readonly checkpoints: CheckpointsService,
  ) {}

  @Get()
  @Public()
  @ApiPublic('Whether the service answers; the details for an admin or auditor token')
  @ApiOkResponse({ description: 'Up (ok or degraded)', schema: HEALTH })
  @ApiResponse({ status: 503, description: 'The store does not answer', schema: HEALTH })
  async health(@Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply) {
    const details = await this.mayReadDetails(request);
    const report = await this.check(details);
    if (report.status === 'down') void response.status(503);
    // The audit checkpoints: the latest, how many events wait for the next, the latest verify.
    return details ? { ...report, audit: this.checkpoints.status() } : { status: report.status };
  }

  /**
   * A valid token of an admin or an auditor, verified as the API verifies it (HS256, or the
   * identity provider's keys already known: a public probe never makes us fetch keys); anything
   * else (none, invalid) gets the short answer.
   */
  private async mayReadDetails(request: HttpRequest): Promise<boolean> {
    const token = bearerTokenOf(headerOf(request, 'authorization'));
    if (!token) return false;
    try {
      const principal = await this.tokens.verify(token, { mayReadKeys: false });
      return DETAIL_ROLES.includes(principal.role);
    } catch {
      return false;
    }
  }

  private async check(withLag: boolean) {
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
      return {
        status: 'down' as const,
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
        status: 'degraded' as const,
        store: { status: 'up', headPosition: head.toString() },
        projector,
        calendar,
      };
    }
    // Counting the lag reads the log: only for those who see it.
    const lag = withLag ? await this.lag(BigInt(projector.checkpoint), head) : {};
    const failed = projector.projections.some((p) => p.status === 'failed');
    // Retrying: the store or the disk failed under the projector (a full disk, say).
    const unwell = failed || projector.state === 'retrying';
    return {
      status: unwell || calendarDegraded ? ('degraded' as const) : ('ok' as const),
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
