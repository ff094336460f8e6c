import type { Writable } from 'node:stream';
import {
  BASIS_LABEL,
  BASIS_NOTE,
  vietnameseDate,
  vietnameseTime,
  writeWorkbook,
  type ColumnSpec,
} from '../export/xlsx-workbook';
import type { Ratings, UnitRating } from './ratings.query';

interface Row {
  unitName: string;
  score: number | null;
  grade: string;
  gradeLabel: string;
  due: number;
  completedOnTime: number;
  completedLate: number;
  openOverdue: number;
}

const rowOf = (rating: UnitRating): Row => ({
  unitName: rating.unitName,
  score: rating.score,
  grade: rating.grade,
  gradeLabel: rating.gradeLabel,
  ...rating.basis,
});

function columns(ratings: Ratings): ColumnSpec<Row>[] {
  const { onTimePoints, overduePenalty } = ratings.rules;
  return [
    {
      header: 'Đơn vị chủ trì',
      definition: 'Đơn vị chủ trì của nhiệm vụ vào cuối kỳ.',
      width: 36,
      kind: 'text',
      value: (r) => r.unitName,
    },
    {
      header: 'Điểm',
      definition: `${onTimePoints} × (số hoàn thành đúng hạn / số đến hạn trong kỳ) − ${overduePenalty} × số còn quá hạn, không thấp hơn 0; làm tròn 2 chữ số thập phân.`,
      width: 10,
      kind: 'decimal',
      value: (r) => r.score,
    },
    {
      header: 'Xếp loại',
      definition: 'Bậc đầu tiên (từ cao xuống) có điểm tối thiểu không vượt quá điểm của đơn vị.',
      width: 10,
      kind: 'text',
      value: (r) => r.grade,
    },
    {
      header: 'Mức xếp loại',
      definition: 'Tên của bậc xếp loại theo quy tắc.',
      width: 30,
      kind: 'text',
      value: (r) => r.gradeLabel,
    },
    {
      header: 'Đến hạn trong kỳ',
      definition:
        'Nhiệm vụ có hạn xử lý (đang áp dụng vào cuối kỳ) nằm trong kỳ, không kể nhiệm vụ đã hủy.',
      width: 12,
      kind: 'integer',
      value: (r) => r.due,
    },
    {
      header: 'Hoàn thành đúng hạn',
      definition: 'Trong số đến hạn: kết thúc trước 24:00 ngày hạn.',
      width: 12,
      kind: 'integer',
      value: (r) => r.completedOnTime,
    },
    {
      header: 'Hoàn thành quá hạn',
      definition: 'Trong số đến hạn: kết thúc sau ngày hạn, trước cuối kỳ.',
      width: 12,
      kind: 'integer',
      value: (r) => r.completedLate,
    },
    {
      header: 'Còn quá hạn',
      definition: 'Trong số đến hạn: chưa kết thúc vào 24:00 ngày cuối kỳ.',
      width: 12,
      kind: 'integer',
      value: (r) => r.openOverdue,
    },
    {
      header: 'Tỷ lệ đúng hạn',
      definition: 'Hoàn thành đúng hạn / đến hạn trong kỳ. Công thức trong ô.',
      width: 12,
      kind: 'rate',
      rate: { numerator: [5], denominator: [4] },
    },
  ];
}

/** The ratings as a workbook: one row per unit, the same scores as the JSON answer. */
export function writeRatingsWorkbook(
  out: Writable,
  ratings: Ratings,
  issuer: string,
  generatedAtMs: number,
): Promise<void> {
  const rules = ratings.rules;
  const sum = (field: 'due' | 'completedOnTime' | 'completedLate' | 'openOverdue') =>
    ratings.rows.reduce((s, r) => s + r.basis[field], 0);
  return writeWorkbook(
    out,
    {
      sheetName: 'Xếp loại',
      issuer,
      title: 'KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI ĐƠN VỊ THỰC HIỆN NHIỆM VỤ',
      details: [
        [
          'Kỳ đánh giá',
          `từ ngày ${vietnameseDate(ratings.from)} đến hết ngày ${vietnameseDate(ratings.to)}`,
        ],
        ['Cơ sở số liệu', BASIS_LABEL[ratings.basis]],
        [
          'Quy tắc chấm điểm',
          rules.revision === null
            ? 'mặc định (chưa ban hành phiên bản nào)'
            : `phiên bản ${rules.revision}, áp dụng từ ${vietnameseDate(rules.effectiveFrom ?? '')}`,
        ],
        ['Lập lúc', vietnameseTime(generatedAtMs)],
        ['Số liệu đến vị trí nhật ký', ratings.position],
      ],
      columns: columns(ratings),
      notes: [
        `Bậc xếp loại: ${rules.grades.map((g) => `${g.grade} (${g.label}) từ ${g.minScore} điểm`).join('; ')}.`,
        'Mỗi nhiệm vụ đến hạn đóng góp vào điểm: đúng hạn cộng (điểm tối đa / số đến hạn), quá hạn đã xong 0, còn quá hạn trừ điểm phạt. Danh sách từng nhiệm vụ có trong trả lời JSON (explanation) và trên trang Xếp loại.',
        'Đổi quy tắc không làm thay đổi kết quả của kỳ đã kết thúc: mỗi kỳ được chấm theo phiên bản có hiệu lực vào ngày cuối kỳ.',
        BASIS_NOTE,
      ],
    },
    ratings.rows.map(rowOf),
    {
      label: 'Tổng cộng',
      row: {
        unitName: 'Tổng cộng',
        score: null,
        grade: '',
        gradeLabel: '',
        due: sum('due'),
        completedOnTime: sum('completedOnTime'),
        completedLate: sum('completedLate'),
        openOverdue: sum('openOverdue'),
      },
    },
  );
}
