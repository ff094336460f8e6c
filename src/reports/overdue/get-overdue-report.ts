import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  OVERDUE_REPORT_READER,
  type OverdueReportReader,
  type ReportRequest,
} from './overdue-report-reader';
import type { OverdueReport } from './overdue-report.query';

/** The Government Office grid per unit, now or at a past date; answered by the report read model. */
export class GetOverdueReportQuery extends Query<OverdueReport> {
  constructor(readonly request: ReportRequest) {
    super();
  }
}

@QueryHandler(GetOverdueReportQuery)
export class GetOverdueReportHandler implements IQueryHandler<GetOverdueReportQuery> {
  constructor(@Inject(OVERDUE_REPORT_READER) private readonly readSide: OverdueReportReader) {}

  execute({ request }: GetOverdueReportQuery): Promise<OverdueReport> {
    return this.readSide.overdueReport(request);
  }
}
