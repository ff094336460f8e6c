import { Module } from '@nestjs/common';
import { GetOverdueReportHandler } from './overdue/get-overdue-report';
import { OverdueReportController } from './overdue/overdue-report.controller';
import { GetPeriodReportHandler } from './period/get-period-report';
import { PeriodReportController } from './period/period-report.controller';
import { GetRatingsHandler } from './ratings/get-ratings';
import { SetRatingRulesHandler } from './ratings/rating-rules.commands';
import { RatingRulesService } from './ratings/rating-rules.service';
import { RatingsController } from './ratings/ratings.controller';

/**
 * Reports over every unit's items, from the read models (`READ_SIDE`, provided globally): the
 * overdue report, the period report and unit ratings (with their versioned rules), as JSON or as
 * workbooks.
 */
@Module({
  controllers: [OverdueReportController, PeriodReportController, RatingsController],
  providers: [
    GetOverdueReportHandler,
    GetPeriodReportHandler,
    GetRatingsHandler,
    SetRatingRulesHandler,
    RatingRulesService,
  ],
})
export class ReportsModule {}
