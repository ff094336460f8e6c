import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  PERIOD_REPORT_READER,
  type PeriodReportReader,
  type PeriodRequest,
} from './period-report-reader';
import type { PeriodReport } from './period-report.query';

/** What each unit had in hand over a period and how it left it; answered by the read side. */
export class GetPeriodReportQuery extends Query<PeriodReport> {
  constructor(readonly request: PeriodRequest) {
    super();
  }
}

@QueryHandler(GetPeriodReportQuery)
export class GetPeriodReportHandler implements IQueryHandler<GetPeriodReportQuery> {
  constructor(@Inject(PERIOD_REPORT_READER) private readonly readSide: PeriodReportReader) {}

  execute({ request }: GetPeriodReportQuery): Promise<PeriodReport> {
    return this.readSide.periodReport(request);
  }
}
