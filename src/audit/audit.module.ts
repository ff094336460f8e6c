import { Module } from '@nestjs/common';
import { VerifyRunner } from './verify/verify-runner';
import { AuditController } from './audit.controller';
import { ListAuditEventsHandler, VerifyLogHandler } from './audit.queries';
import { CheckpointsService } from './checkpoints/checkpoints.service';

/**
 * What auditors read: the global log as stored, the verification of its hash chains and
 * checkpoints, the signed checkpoints themselves (a consumer of the log with its own file) and the
 * export an auditor takes away.
 */
@Module({
  controllers: [AuditController],
  providers: [ListAuditEventsHandler, VerifyLogHandler, VerifyRunner, CheckpointsService],
  exports: [CheckpointsService],
})
export class AuditModule {}
