import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';

/** `/health`: asks the store, the read side and (through the query bus) the calendar. */
@Module({ controllers: [HealthController] })
export class HealthModule {}
