import { Controller, Get, Header, Inject, Query, Res, StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { Readable } from 'node:stream';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, ApiPublic, ApiRead, API_PROBLEMS } from '../http/api-docs';
import { AUDIT_EVENTS_PAGE, AUDIT_REPORT, CHECKPOINTS } from './audit.responses';
import { Public } from '../auth/public.decorator';
import { Roles } from '../auth/roles.decorator';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import type { HttpReply } from '../http/http-types';
import type { Checkpoint } from './checkpoints/checkpoint-chain';
import { CheckpointsService } from './checkpoints/checkpoints.service';
import {
  AUDIT_PAGE_MAX,
  AuditCheckpointsParams,
  AuditEventsParams,
  AuditExportParams,
} from './audit.dto';
import { ListAuditEventsQuery, VerifyLogQuery, type AuditEventsPage } from './audit.queries';
import { auditBundle, checkRange } from './export/audit-bundle';
import type { TimedAuditReport } from './verify/verify-runner';

/** The log itself, for auditors: pages of it, its verification, its checkpoints and its export. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/audit')
@Roles('auditor')
export class AuditController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly checkpoints: CheckpointsService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get('events')
  @ApiRead('A page of the global log as stored, oldest first')
  @ApiProblems(...API_PROBLEMS)
  @ApiOkResponse({ schema: AUDIT_EVENTS_PAGE })
  events(@Query() query: AuditEventsParams): Promise<AuditEventsPage> {
    const after = query.after === undefined ? undefined : BigInt(query.after);
    return this.queryBus.execute(new ListAuditEventsQuery(after, query.limit ?? 100));
  }

  @Get('verify')
  @ApiOperation({
    summary: "Every stream's hash chain, and every checkpoint held against the log",
  })
  @ApiProblems(...API_PROBLEMS)
  @ApiOkResponse({ schema: AUDIT_REPORT })
  verify(): Promise<TimedAuditReport> {
    return this.queryBus.execute(new VerifyLogQuery());
  }

  @Get('checkpoints')
  @ApiOperation({
    summary: 'Signed checkpoints of the whole log, oldest first',
    description: 'While more remain, a `Link: <…>; rel="next"` header points to the next page.',
  })
  @ApiProblems(400)
  @ApiProblems(...API_PROBLEMS)
  @ApiOkResponse({ schema: CHECKPOINTS })
  list(
    @Query() query: AuditCheckpointsParams,
    @Res({ passthrough: true }) response: HttpReply,
  ): Checkpoint[] {
    const limit = query.limit ?? AUDIT_PAGE_MAX;
    const page = this.checkpoints.list(query.after ?? 0, limit);
    if (page.length === limit) {
      const next = `/api/audit/checkpoints?after=${page[page.length - 1].seq}&limit=${limit}`;
      void response.header('Link', `<${next}>; rel="next"`);
    }
    return page;
  }

  @Get('public-key')
  @Public()
  @Header('Content-Type', 'application/x-pem-file')
  @ApiPublic("The checkpoints' Ed25519 public key (PEM); no token needed")
  @ApiOkResponse({ content: { 'application/x-pem-file': { schema: { type: 'string' } } } })
  publicKey(): string {
    return this.checkpoints.key.publicPem;
  }

  @Get('export')
  @ApiOperation({
    summary: 'The audit bundle, streamed: a zip an auditor verifies offline with its verify.mjs',
  })
  @ApiProblems(400)
  @ApiProblems(...API_PROBLEMS)
  @ApiOkResponse({
    content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } },
  })
  export(@Query() query: AuditExportParams): StreamableFile {
    const range = {
      from: query.from === undefined ? undefined : BigInt(query.from),
      to: query.to === undefined ? undefined : BigInt(query.to),
    };
    checkRange(range);
    const { stream, done } = auditBundle({
      store: this.store,
      checkpoints: this.checkpoints.checkpoints(),
      key: this.checkpoints.key,
      range,
    });
    // A failure while streaming can only cut the download short: the zip then has no end record,
    // which the verifier reports as truncated.
    done.catch(() => undefined);
    const stamp = new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '');
    return new StreamableFile(stream as Readable, {
      type: 'application/zip',
      disposition: `attachment; filename="audit-${stamp}.zip"`,
    });
  }
}
