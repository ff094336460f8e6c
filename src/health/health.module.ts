import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { HealthController } from './health.controller';

/** `/health`: asks the store, the read side, (through the query bus) the calendar, and the audit checkpoints. */
@Module({ imports: [AuditModule], controllers: [HealthController] })
export class HealthModule {}
