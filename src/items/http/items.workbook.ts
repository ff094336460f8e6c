import type { Writable } from 'node:stream';
import type { ItemView } from '../item.view';
import { writeWorkbookInWorker } from '../../reports/export/xlsx-in-worker';
import { vietnameseTime, type ColumnSpec } from '../../reports/export/xlsx-workbook';

const KIND = { directive: 'Chỉ đạo', recommendation: 'Kiến nghị' } as const;
const STATUS: Record<ItemView['status'], string> = {
  raised: 'Chưa giao',
  assigned: 'Đã giao',
  'in-progress': 'Đang thực hiện',
  'awaiting-review': 'Chờ xác nhận hoàn thành',
  resolved: 'Đã kết thúc',
  cancelled: 'Đã hủy',
};
const TIMELINESS: Record<ItemView['timeliness'], string> = {
  'on-time': 'Trong hạn',
  'due-soon': 'Sắp đến hạn',
  overdue: 'Quá hạn',
  'completed-on-time': 'Hoàn thành đúng hạn',
  'completed-late': 'Hoàn thành quá hạn',
  'no-deadline': 'Không có hạn',
  cancelled: 'Đã hủy',
};
const OUTCOME: Record<NonNullable<ItemView['outcome']>, string> = {
  completed: 'Hoàn thành',
  'not-feasible': 'Không khả thi (đã giải trình)',
  forwarded: 'Chuyển cấp có thẩm quyền',
  duplicate: 'Trùng lặp',
};

/** One numbered item row. */
export interface ItemRow {
  /** The row's number; on the totals row, how many items there are. */
  no: number;
  item: ItemView | null;
}

function columns(names: ReadonlyMap<string, string>): ColumnSpec<ItemRow>[] {
  const name = (id: string | null) => (id === null ? '' : (names.get(id) ?? id));
  const of =
    <T>(pick: (item: ItemView) => T, fallback: T) =>
    (row: ItemRow) =>
      row.item === null ? fallback : pick(row.item);
  return [
    {
      header: 'STT',
      definition: 'Số thứ tự trong danh sách (mới nhất trước).',
      width: 7,
      kind: 'integer',
      value: (r) => r.no,
    },
    {
      header: 'Mã',
      definition: 'Mã nhiệm vụ trong hệ thống (dùng để tra cứu lịch sử).',
      width: 38,
      kind: 'text',
      value: of((i) => i.id, ''),
    },
    {
      header: 'Loại',
      definition: 'Chỉ đạo (lãnh đạo giao) hoặc kiến nghị (xã nêu).',
      width: 11,
      kind: 'text',
      value: of((i) => KIND[i.kind], ''),
    },
    {
      header: 'Nội dung',
      definition: 'Tiêu đề của nhiệm vụ, kiến nghị.',
      width: 60,
      kind: 'text',
      value: of((i) => i.title, ''),
    },
    {
      header: 'Đơn vị chủ trì',
      definition: 'Đơn vị chủ trì hiện tại; trống nếu chưa giao.',
      width: 28,
      kind: 'text',
      value: of((i) => name(i.leadUnit), ''),
    },
    {
      header: 'Đơn vị phối hợp',
      definition: 'Các đơn vị phối hợp.',
      width: 28,
      kind: 'text',
      value: of((i) => i.supportingUnits.map(name).join('; '), ''),
    },
    {
      header: 'Xã liên quan',
      definition: 'Các xã được nêu khi tạo nhiệm vụ.',
      width: 24,
      kind: 'text',
      value: of((i) => i.communes.map(name).join('; '), ''),
    },
    {
      header: 'Trạng thái',
      definition: 'Bước hiện tại của quy trình.',
      width: 18,
      kind: 'text',
      value: of((i) => STATUS[i.status], ''),
    },
    {
      header: 'Tình trạng hạn',
      definition:
        'Theo lưới của Văn phòng Chính phủ, tính tại thời điểm lập (sắp đến hạn: còn 3 ngày làm việc trở xuống).',
      width: 18,
      kind: 'text',
      value: of((i) => TIMELINESS[i.timeliness], ''),
    },
    {
      header: 'Hạn ban đầu',
      definition: 'Hạn xử lý được giao lần đầu.',
      width: 12,
      kind: 'date',
      value: of((i) => i.deadline.original, null),
    },
    {
      header: 'Hạn hiện hành',
      definition: 'Hạn xử lý đang áp dụng (sau gia hạn, nếu có).',
      width: 12,
      kind: 'date',
      value: of((i) => i.deadline.current, null),
    },
    {
      header: 'Số lần gia hạn',
      definition: 'Số lần gia hạn được chấp thuận.',
      width: 10,
      kind: 'integer',
      value: of((i) => i.deadline.extensions.filter((e) => e.decision?.approved).length, null),
    },
    {
      header: 'Ngày tạo',
      definition: 'Thời điểm nêu nhiệm vụ, kiến nghị (giờ Việt Nam).',
      width: 16,
      kind: 'datetime',
      value: of((i) => i.raisedAt, null),
    },
    {
      header: 'Ngày giao',
      definition: 'Thời điểm giao (lần gần nhất).',
      width: 16,
      kind: 'datetime',
      value: of((i) => i.assignedAt, null),
    },
    {
      header: 'Ngày hoàn thành',
      definition: 'Thời điểm báo cáo hoàn thành được chấp nhận (hoặc kết thúc).',
      width: 16,
      kind: 'datetime',
      value: of((i) => i.completedAt ?? i.resolvedAt, null),
    },
    {
      header: 'Kết quả',
      definition: 'Kết quả khi kết thúc.',
      width: 22,
      kind: 'text',
      value: of((i) => (i.outcome === null ? '' : OUTCOME[i.outcome]), ''),
    },
    {
      header: 'Số lần đôn đốc',
      definition: 'Số lần lãnh đạo hoặc văn phòng đôn đốc.',
      width: 10,
      kind: 'integer',
      value: of((i) => i.urges, null),
    },
  ];
}

export interface ItemListExport {
  issuer: string;
  names: ReadonlyMap<string, string>;
  /** The filters as a reader would say them ("Loại: kiến nghị; Đơn vị chủ trì: Sở Y tế"). */
  filters: string;
  judgedAtMs: number;
  position: string;
}

/**
 * The item list as a workbook: every item of the filtered list, one row each, in the list's order.
 * `pages` yields them as the read side answers; the workbook is written in a worker thread.
 */
export function writeItemListWorkbook(
  out: Writable,
  pages: AsyncIterable<ItemView[]>,
  meta: ItemListExport,
): Promise<void> {
  let no = 0;
  async function* numbered(): AsyncIterable<ItemRow[]> {
    for await (const page of pages) yield page.map((item) => ({ no: ++no, item }));
  }
  return writeWorkbookInWorker(
    out,
    {
      sheetName: 'Danh sách',
      issuer: meta.issuer,
      title: 'DANH SÁCH NHIỆM VỤ, KIẾN NGHỊ',
      details: [
        ['Bộ lọc', meta.filters || 'không (tất cả nhiệm vụ được xem)'],
        ['Tình trạng hạn tính tại', vietnameseTime(meta.judgedAtMs)],
        ['Lập lúc', vietnameseTime(meta.judgedAtMs)],
        ['Số liệu đến vị trí nhật ký', meta.position],
      ],
      columns: columns(meta.names),
      notes: [
        'Ngày giờ theo giờ Việt Nam (UTC+7). Danh sách chỉ gồm những nhiệm vụ người lập được xem.',
      ],
    },
    numbered(),
    (count) => ({ label: 'Tổng cộng', labelColumn: 1, row: { no: count, item: null } }),
  );
}
