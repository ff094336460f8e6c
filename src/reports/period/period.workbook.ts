import type { Writable } from 'node:stream';
import {
  BASIS_LABEL,
  BASIS_NOTE,
  vietnameseDate,
  vietnameseTime,
  writeWorkbook,
  type ColumnSpec,
} from '../export/xlsx-workbook';
import type { PeriodReport, PeriodReportRow } from './period-report.query';

const GROUP_HEADER = { 'lead-unit': 'Đơn vị chủ trì', commune: 'Xã, phường' } as const;
const KIND_LABEL = { directive: 'nhiệm vụ (chỉ đạo)', recommendation: 'kiến nghị' } as const;

type Row = Pick<PeriodReportRow, 'unitName'> & Omit<PeriodReportRow, 'unitId' | 'unitName'>;

const count = (
  header: string,
  field: keyof Omit<Row, 'unitName'>,
  definition: string,
  width = 12,
): ColumnSpec<Row> => ({ header, definition, width, kind: 'integer', value: (row) => row[field] });

/** Column indexes of the counts the rates are made of (see the list below). */
const C = { onTime: 3, late: 4, openOnTime: 5, overdue: 6 };

function columns(report: PeriodReport): ColumnSpec<Row>[] {
  return [
    {
      header: GROUP_HEADER[report.groupBy],
      definition:
        report.groupBy === 'lead-unit'
          ? 'Đơn vị chủ trì của nhiệm vụ vào cuối kỳ (hoặc khi kết thúc); "Chưa giao" nếu khi đó chưa có đơn vị chủ trì.'
          : 'Mỗi xã mà nhiệm vụ liên quan (được nêu, xã kiến nghị hoặc xã chủ trì); một nhiệm vụ được tính ở mọi xã liên quan, dòng tổng cộng tính mỗi nhiệm vụ một lần.',
      width: 36,
      kind: 'text',
      value: (row) => row.unitName,
    },
    count(
      'Kỳ trước chuyển sang',
      'carriedOver',
      'Đã giao trước ngày đầu kỳ và chưa kết thúc khi đó (kể cả nhiệm vụ đã kết thúc nhưng được mở lại trong kỳ).',
    ),
    count('Nhận trong kỳ', 'received', 'Được giao lần đầu trong kỳ.'),
    count(
      'Hoàn thành đúng hạn',
      'completedOnTime',
      'Kết thúc trong kỳ, trước 24:00 của hạn xử lý đang áp dụng khi đó (nhiệm vụ không có hạn được tính là đúng hạn).',
    ),
    count(
      'Hoàn thành quá hạn',
      'completedLate',
      'Kết thúc trong kỳ, sau hạn xử lý đang áp dụng khi đó.',
    ),
    count(
      'Đang thực hiện trong hạn',
      'openOnTime',
      'Chưa kết thúc vào 24:00 ngày cuối kỳ và chưa quá hạn (kể cả sắp đến hạn).',
    ),
    count(
      'Đang thực hiện quá hạn',
      'openOverdue',
      'Chưa kết thúc vào 24:00 ngày cuối kỳ và đã quá hạn.',
    ),
    count(
      'Đang thực hiện không có hạn',
      'openNoDeadline',
      'Chưa kết thúc vào cuối kỳ và không có hạn xử lý (thường xuyên).',
    ),
    count('Đã hủy', 'cancelled', 'Bị hủy (rút lại) trong kỳ.'),
    count(
      'Được gia hạn',
      'extended',
      'Có ít nhất một lần gia hạn được chấp thuận trong kỳ (không cộng vào cân đối).',
    ),
    count(
      'Được đôn đốc',
      'urged',
      'Được lãnh đạo hoặc văn phòng đôn đốc ít nhất một lần trong kỳ (không cộng vào cân đối).',
    ),
    {
      header: 'Tỷ lệ hoàn thành đúng hạn',
      definition:
        'Hoàn thành đúng hạn / (hoàn thành đúng hạn + hoàn thành quá hạn + đang quá hạn): chỉ tính nhiệm vụ đã đến hạn hoặc đã xong. Công thức trong ô.',
      width: 14,
      kind: 'rate',
      rate: { numerator: [C.onTime], denominator: [C.onTime, C.late, C.overdue] },
    },
    {
      header: 'Tỷ lệ quá hạn (đang thực hiện)',
      definition:
        'Đang quá hạn / (đang trong hạn + đang quá hạn): trong số nhiệm vụ chưa xong có hạn xử lý. Công thức trong ô.',
      width: 14,
      kind: 'rate',
      rate: { numerator: [C.overdue], denominator: [C.openOnTime, C.overdue] },
    },
  ];
}

/** The period report as a workbook: the same rows and totals as the JSON answer. */
export function writePeriodWorkbook(
  out: Writable,
  report: PeriodReport,
  issuer: string,
  generatedAtMs: number,
): Promise<void> {
  const kind = report.kind === null ? 'nhiệm vụ và kiến nghị' : KIND_LABEL[report.kind];
  return writeWorkbook(
    out,
    {
      sheetName: 'Báo cáo kỳ',
      issuer,
      title: `BÁO CÁO KẾT QUẢ THỰC HIỆN ${kind.toUpperCase()} THEO KỲ`,
      details: [
        [
          'Kỳ báo cáo',
          `từ ngày ${vietnameseDate(report.from)} đến hết ngày ${vietnameseDate(report.to)}`,
        ],
        ['Cơ sở số liệu', BASIS_LABEL[report.basis]],
        ['Nhóm theo', GROUP_HEADER[report.groupBy]],
        ['Lập lúc', vietnameseTime(generatedAtMs)],
        ['Số liệu đến vị trí nhật ký', report.position],
      ],
      columns: columns(report),
      notes: [
        'Cân đối trên mỗi dòng và dòng tổng cộng: Kỳ trước chuyển sang + Nhận trong kỳ = Hoàn thành đúng hạn + Hoàn thành quá hạn + Đang thực hiện trong hạn + Đang thực hiện quá hạn + Đang thực hiện không có hạn + Đã hủy.',
        'Nhiệm vụ chưa từng được giao đến cuối kỳ không được tính. Ngày là ngày theo giờ Việt Nam (UTC+7); kỳ bắt đầu từ 00:00 ngày đầu và kết thúc 24:00 ngày cuối.',
        BASIS_NOTE,
      ],
    },
    report.rows,
    { label: 'Tổng cộng', row: { unitName: 'Tổng cộng', ...report.totals } },
  );
}
