import type { ReadYourWrites } from '../../read-models/min-position';
import type { OverdueReport, OverdueReportRequest } from './overdue-report.query';

/** Injection token of the {@link OverdueReportReader}: the read side, in whichever thread it runs. */
export const OVERDUE_REPORT_READER = Symbol('OVERDUE_REPORT_READER');

export interface ReportRequest extends ReadYourWrites {
  report: OverdueReportRequest;
}

/** What the overdue report needs of the read side: the report, from its read model. */
export interface OverdueReportReader {
  overdueReport(request: ReportRequest): Promise<OverdueReport>;
  /** The same report with the log position it reflects, for a workbook's title block. */
  overdueReportWithPosition(
    request: ReportRequest,
  ): Promise<{ report: OverdueReport; position: string }>;
}
