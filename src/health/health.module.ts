import { Module } from '@nestjs/common';
import { OrganisationModule } from '../organisation/organisation.module';
import { HealthController } from './health.controller';

@Module({ imports: [OrganisationModule], controllers: [HealthController] })
export class HealthModule {}
