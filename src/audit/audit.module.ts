import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { ListAuditEventsHandler, VerifyLogHandler } from './audit.queries';

/** What auditors read: the global log as stored, and the verification of its hash chains. */
@Module({
  controllers: [AuditController],
  providers: [ListAuditEventsHandler, VerifyLogHandler],
})
export class AuditModule {}
