import { Module } from '@nestjs/common';
import { GetOverdueReportHandler } from './overdue/get-overdue-report';
import { OverdueReportController } from './overdue/overdue-report.controller';

/** Reports over every unit's items, from the read models (`READ_SIDE`, provided globally). */
@Module({
  controllers: [OverdueReportController],
  providers: [GetOverdueReportHandler],
})
export class ReportsModule {}
