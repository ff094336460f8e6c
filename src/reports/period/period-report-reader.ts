import type { ReadYourWrites } from '../../read-models/min-position';
import type { PeriodReport, PeriodReportRequest } from './period-report.query';

/** Injection token of the {@link PeriodReportReader}: the read side, in whichever thread it runs. */
export const PERIOD_REPORT_READER = Symbol('PERIOD_REPORT_READER');

export interface PeriodRequest extends ReadYourWrites {
  report: PeriodReportRequest;
}

/** What the period report needs of the read side: the report, from the overdue report's index. */
export interface PeriodReportReader {
  periodReport(request: PeriodRequest): Promise<PeriodReport>;
}
