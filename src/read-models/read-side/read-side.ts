import type { Principal } from '../../shared/principal';
import type { ItemFilters, ItemPage } from '../../items/read-model/items.query';
import type {
  OverdueReport,
  OverdueReportRequest,
} from '../../reports/overdue/overdue-report.query';
import type { ConsumerEngineStatus } from '../../event-sourcing/consumer-engine';

/** Injection token of the {@link ReadSide} in use. */
export const READ_SIDE = Symbol('READ_SIDE');

/** Every query waits first for `minPosition` (read-your-writes), when given. */
interface ReadYourWrites {
  minPosition?: bigint;
}

export interface ItemListRequest extends ReadYourWrites {
  principal: Principal;
  filters: ItemFilters;
  paging: { page: number; pageSize: number };
  /** The instant timeliness is judged at, epoch ms. */
  nowMs: number;
}

export interface ReportRequest extends ReadYourWrites {
  report: OverdueReportRequest;
}

export type ReadSideStatus = ConsumerEngineStatus & { file: string };

/**
 * The queries of the read models, as the HTTP layer sees them. Plain data in, plain data out, so
 * the read models may live in this thread ({@link InProcessReadSide}) or in a worker thread of their
 * own ({@link WorkerReadSide}, the default), where the projector's writes and the queries' scans do
 * not hold up the event loop that answers commands.
 */
export interface ReadSide {
  listItems(request: ItemListRequest): Promise<ItemPage>;
  overdueReport(request: ReportRequest): Promise<OverdueReport>;
  status(): Promise<ReadSideStatus>;
}
