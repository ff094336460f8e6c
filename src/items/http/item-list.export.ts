import type { StreamableFile } from '@nestjs/common';
import type { QueryBus } from '@nestjs/cqrs';
import { ListItemsQuery } from '../application/list-items';
import type { ItemView } from '../item.view';
import type { ItemFilters, ItemPage } from '../read-model/items.query';
import type { ReadSideStatusReader } from '../../read-models/read-side-status';
import type { Principal } from '../../shared/principal';
import { writeItemListWorkbook } from './items.workbook';
import { fileStamp, unitsForExport } from '../../reports/export/units-for-export';
import { xlsxFile } from '../../reports/export/xlsx-reply';

/**
 * Items asked of the read side per page while a list streams out as a workbook. Small pages keep
 * the server's memory low: each page is held as objects by the read side, by this thread and, as
 * cell values, by the workbook thread. 250 rather than 1,000 halved the RSS an export of 100,000
 * items adds (+95 → +50 MB on a warm server; bench/README.md), at the same speed.
 */
export const EXPORT_PAGE_SIZE = 250;

const FILTER_LABELS: Record<string, string> = {
  kind: 'Loại',
  status: 'Trạng thái',
  leadUnit: 'Đơn vị chủ trì',
  commune: 'Xã',
  sourceId: 'Nguồn',
  timeliness: 'Tình trạng hạn',
  q: 'Tìm',
  asOf: 'Tại thời điểm',
  basis: 'Cơ sở',
};

/**
 * `GET /api/items?format=xlsx`: every page of the filtered list, as the caller may see it, in one
 * workbook. The first page is read before the reply starts (so a refusal is still a problem
 * document); the others are read while the workbook streams, one page in memory at a time, all
 * judged at the same instant.
 */
export async function itemListWorkbook(
  queries: QueryBus,
  status: ReadSideStatusReader,
  request: { principal: Principal; filters: ItemFilters; minPosition?: bigint },
): Promise<StreamableFile> {
  const nowMs = Date.now();
  const page = (n: number, knownTotal?: number): Promise<ItemPage> =>
    queries.execute(
      new ListItemsQuery({
        principal: request.principal,
        filters: request.filters,
        // Counted once: 400 counts of the whole list were most of the read side's export work.
        paging: { page: n, pageSize: EXPORT_PAGE_SIZE, knownTotal },
        nowMs,
        minPosition: n === 1 ? request.minPosition : undefined,
      }),
    );
  const first = await page(1);
  const readSide = await status.status();
  const position =
    readSide.projections.find((p) => p.name === 'items')?.checkpoint ?? readSide.checkpoint;
  const units = await unitsForExport(queries);
  async function* pages(): AsyncIterable<ItemView[]> {
    // Items raised while the export runs shift later pages; the total read first bounds it.
    let left = first.total;
    for (let n = 1, current = first; ; current = await page(++n, first.total)) {
      const items = current.items.slice(0, left);
      left -= items.length;
      if (items.length > 0) yield items;
      if (left <= 0 || current.items.length < EXPORT_PAGE_SIZE) return;
    }
  }
  const filters = Object.entries(request.filters)
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([key, value]) => `${FILTER_LABELS[key] ?? key}: ${String(value)}`)
    .join('; ');
  return xlsxFile(`danh-sach-${fileStamp(nowMs)}.xlsx`, (out) =>
    writeItemListWorkbook(out, pages(), {
      issuer: units.issuer,
      names: units.names,
      filters,
      judgedAtMs: nowMs,
      position,
    }),
  );
}
