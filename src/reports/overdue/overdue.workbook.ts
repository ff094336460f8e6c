import type { Writable } from 'node:stream';
import {
  BASIS_LABEL,
  BASIS_NOTE,
  vietnameseTime,
  writeWorkbook,
  type ColumnSpec,
} from '../export/xlsx-workbook';
import type { OverdueCounts, OverdueReport } from './overdue-report.query';

const GROUP_HEADER = { 'lead-unit': 'Đơn vị chủ trì', commune: 'Xã, phường' } as const;

type Row = { unitName: string } & OverdueCounts;

const count = (
  header: string,
  field: keyof OverdueCounts,
  definition: string,
): ColumnSpec<Row> => ({
  header,
  definition,
  width: 12,
  kind: 'integer',
  value: (row) => row[field],
});

/** Column indexes of the grid's cells (see the list below), for the rates. */
const C = { onTime: 2, late: 3, openOnTime: 4, dueSoon: 5, overdue: 6 };

function columns(report: OverdueReport): ColumnSpec<Row>[] {
  return [
    {
      header: GROUP_HEADER[report.groupBy],
      definition:
        report.groupBy === 'lead-unit'
          ? 'Đơn vị chủ trì tại thời điểm báo cáo; "Chưa giao" gom nhiệm vụ chưa có đơn vị chủ trì.'
          : 'Mỗi xã mà nhiệm vụ liên quan; dòng tổng cộng tính mỗi nhiệm vụ một lần.',
      width: 36,
      kind: 'text',
      value: (row) => row.unitName,
    },
    count('Tổng số', 'total', 'Mọi nhiệm vụ của dòng, trừ nhiệm vụ đã hủy.'),
    count(
      'Hoàn thành đúng hạn',
      'completedOnTime',
      'Đã kết thúc trước 24:00 của hạn xử lý hiện hành.',
    ),
    count('Hoàn thành quá hạn', 'completedLate', 'Đã kết thúc sau hạn xử lý hiện hành.'),
    count(
      'Đang thực hiện trong hạn',
      'openOnTime',
      'Chưa kết thúc, còn hơn 3 ngày làm việc đến hạn.',
    ),
    count('Sắp đến hạn', 'dueSoon', 'Chưa kết thúc, còn 3 ngày làm việc trở xuống đến hạn.'),
    count('Quá hạn', 'openOverdue', 'Chưa kết thúc và đã quá hạn.'),
    count(
      'Không có hạn',
      'noDeadline',
      'Không có hạn xử lý (thường xuyên), dù đã kết thúc hay chưa.',
    ),
    count('Quá hạn 1–30 ngày', 'overdue1to30', 'Trong số quá hạn: 1 đến 30 ngày (lịch) sau hạn.'),
    count('Quá hạn 31–90 ngày', 'overdue31to90', 'Trong số quá hạn: 31 đến 90 ngày sau hạn.'),
    count('Quá hạn trên 90 ngày', 'overdueOver90', 'Trong số quá hạn: hơn 90 ngày sau hạn.'),
    count('Đã gia hạn', 'extended', 'Có ít nhất một lần gia hạn được chấp thuận.'),
    {
      header: 'Tỷ lệ hoàn thành đúng hạn',
      definition:
        'Hoàn thành đúng hạn / (hoàn thành đúng hạn + hoàn thành quá hạn + quá hạn). Công thức trong ô.',
      width: 14,
      kind: 'rate',
      rate: { numerator: [C.onTime], denominator: [C.onTime, C.late, C.overdue] },
    },
    {
      header: 'Tỷ lệ quá hạn (đang thực hiện)',
      definition: 'Quá hạn / (trong hạn + sắp đến hạn + quá hạn). Công thức trong ô.',
      width: 14,
      kind: 'rate',
      rate: { numerator: [C.overdue], denominator: [C.openOnTime, C.dueSoon, C.overdue] },
    },
  ];
}

/** The overdue report as a workbook: the same rows and totals as the JSON answer. */
export function writeOverdueWorkbook(
  out: Writable,
  report: OverdueReport,
  position: string,
  issuer: string,
  generatedAtMs: number,
): Promise<void> {
  return writeWorkbook(
    out,
    {
      sheetName: 'Tình hình quá hạn',
      issuer,
      title: 'BÁO CÁO TÌNH HÌNH THỰC HIỆN NHIỆM VỤ, KIẾN NGHỊ',
      details: [
        ['Tại thời điểm', vietnameseTime(report.asOf)],
        ['Cơ sở số liệu', BASIS_LABEL[report.basis]],
        ['Nhóm theo', GROUP_HEADER[report.groupBy]],
        ['Lập lúc', vietnameseTime(generatedAtMs)],
        ['Số liệu đến vị trí nhật ký', position],
      ],
      columns: columns(report),
      notes: [
        'Sáu cột Hoàn thành đúng hạn, Hoàn thành quá hạn, Đang thực hiện trong hạn, Sắp đến hạn, Quá hạn, Không có hạn không trùng nhau và cộng lại bằng Tổng số. Ba cột theo số ngày quá hạn chia nhỏ cột Quá hạn.',
        BASIS_NOTE,
      ],
    },
    report.rows,
    { label: 'Tổng cộng', row: { unitName: 'Tổng cộng', ...report.totals } },
  );
}
