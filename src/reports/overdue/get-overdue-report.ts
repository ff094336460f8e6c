import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  READ_SIDE,
  type ReadSide,
  type ReportRequest,
} from '../../read-models/read-side/read-side';
import type { OverdueReport } from './overdue-report.query';

/** The Government Office grid per unit, now or at a past date; answered by the report read model. */
export class GetOverdueReportQuery extends Query<OverdueReport> {
  constructor(readonly request: ReportRequest) {
    super();
  }
}

@QueryHandler(GetOverdueReportQuery)
export class GetOverdueReportHandler implements IQueryHandler<GetOverdueReportQuery> {
  constructor(@Inject(READ_SIDE) private readonly readSide: ReadSide) {}

  execute({ request }: GetOverdueReportQuery): Promise<OverdueReport> {
    return this.readSide.overdueReport(request);
  }
}
