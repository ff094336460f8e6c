import ExcelJS from 'exceljs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** The media type of an `.xlsx` workbook. */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A cell value: numbers stay numbers, dates are written as dates. */
export type CellValue = string | number | null;

/**
 * How a column is written: `text` and `integer` as they are; `date` a local `YYYY-MM-DD` day,
 * `datetime` an ISO instant shown in Asia/Ho_Chi_Minh time (both as Excel dates); `decimal` a
 * number with two decimals; `rate` a formula over other columns of the same row, with its value.
 */
export type ColumnKind = 'text' | 'integer' | 'decimal' | 'date' | 'datetime' | 'rate';

export interface ColumnSpec<Row> {
  header: string;
  /** What the column counts or means, for the "Cách tính" sheet. */
  definition: string;
  width: number;
  kind: ColumnKind;
  /** The cell's value (every kind but `rate`). */
  value?: (row: Row) => CellValue;
  /** A rate: the sum of the numerator columns over the sum of the denominator columns (indexes). */
  rate?: { numerator: number[]; denominator: number[] };
}

export interface WorkbookSpec<Row> {
  sheetName: string;
  /** Who issues it ("UBND tỉnh Phú Thọ"). */
  issuer: string;
  title: string;
  /** Lines under the title: the period or date, the basis, when generated, the log position. */
  details: [label: string, value: string][];
  columns: ColumnSpec<Row>[];
  /** Further lines for the "Cách tính" sheet (how rows are chosen, what a basis means). */
  notes: string[];
}

/** The totals row: a label and the values of the other columns (rates are computed). */
export interface TotalsRow<Row> {
  label: string;
  row: Row;
  /** The column the label goes in (default the first). */
  labelColumn?: number;
}

/** A column as it can cross to a worker thread: everything but its value function. */
export type PlainColumn = Omit<ColumnSpec<never>, 'value'>;

/** A workbook's layout without functions, so a worker thread can write it. */
export interface PlainSpec extends Omit<WorkbookSpec<never>, 'columns'> {
  columns: PlainColumn[];
}

/** The totals row as cell values. */
export interface PlainTotals {
  label: string;
  labelColumn: number;
  values: CellValue[];
}

export function plainSpec<Row>(spec: WorkbookSpec<Row>): PlainSpec {
  return {
    ...spec,
    columns: spec.columns.map(({ header, definition, width, kind, rate }) => ({
      header,
      definition,
      width,
      kind,
      ...(rate ? { rate } : {}),
    })),
  };
}

/** A row's cell values, in column order (a rate's cell is computed from the others). */
export function rowValues<Row>(columns: ColumnSpec<Row>[], row: Row): CellValue[] {
  return columns.map((column) => (column.value ? column.value(row) : null));
}

/** Sheet names as they appear in the workbook. */
export const SHEETS = { method: 'Cách tính' } as const;

const LOCAL_OFFSET_MS = 7 * 3_600_000;
const HEADER_FILL: ExcelJS.Fill = {
  type: 'pattern',
  pattern: 'solid',
  fgColor: { argb: 'FFDDE7F0' },
};
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};
const NUMBER_FORMAT: Record<ColumnKind, string | undefined> = {
  text: undefined,
  integer: '#,##0',
  decimal: '#,##0.00',
  date: 'dd/mm/yyyy',
  datetime: 'dd/mm/yyyy hh:mm',
  rate: '0.0%',
};

/**
 * Writes a workbook to `out` with exceljs's streaming writer: each row is committed (serialised
 * into the zip stream) as soon as it is added, so a list of 100,000 items never sits in memory as
 * cells. The first sheet has the title block, the header row (frozen), one row per entry of
 * `rows`, and the totals row; the second, "Cách tính", states each column's definition.
 */
export async function writeWorkbook<Row>(
  out: Writable,
  spec: WorkbookSpec<Row>,
  rows: Iterable<Row> | AsyncIterable<Row>,
  totals: TotalsRow<Row> | ((count: number) => TotalsRow<Row>),
): Promise<void> {
  async function* values(): AsyncIterable<CellValue[]> {
    for await (const row of rows) yield rowValues(spec.columns, row);
  }
  await writeValues(out, plainSpec(spec), values(), (count) => {
    const total = typeof totals === 'function' ? totals(count) : totals;
    return {
      label: total.label,
      labelColumn: total.labelColumn ?? 0,
      values: rowValues(spec.columns, total.row),
    };
  });
}

/** {@link writeWorkbook} over rows already turned into cell values (what a worker thread gets). */
export async function writeValues(
  out: Writable,
  spec: PlainSpec,
  rows: Iterable<CellValue[]> | AsyncIterable<CellValue[]>,
  totals: (count: number) => PlainTotals,
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
    // Fast deflate: the XML compresses well anyway, and a 100,000-row list is mostly zip time.
    zip: { zlib: { level: Number(process.env.XLSX_ZLIB_LEVEL ?? 1) } },
  } as Partial<ExcelJS.stream.xlsx.WorkbookStreamWriterOptions>);
  workbook.creator = spec.issuer;
  workbook.created = new Date();
  const headerRowNo = 3 + spec.details.length + 1;
  const sheet = workbook.addWorksheet(spec.sheetName, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: headerRowNo }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `${headerRowNo}:${headerRowNo}`,
    },
    headerFooter: { oddFooter: 'Trang &P / &N' },
  });
  const { columns } = spec;
  // Number formats by column: cells take their column's style, so none is set cell by cell.
  sheet.columns = columns.map((column, i) => {
    const numFmt = NUMBER_FORMAT[column.kind];
    return { key: `c${i}`, width: column.width, ...(numFmt ? { style: { numFmt } } : {}) };
  });
  const last = columns.length;

  const titleLine = (text: string, bold: boolean, size: number) => {
    const row = sheet.addRow([text]);
    row.font = { bold, size };
    sheet.mergeCells(row.number, 1, row.number, last);
    row.commit();
  };
  titleLine(spec.issuer, true, 11);
  titleLine(spec.title, true, 14);
  for (const [label, value] of spec.details) {
    const row = sheet.addRow([`${label}: ${value}`]);
    sheet.mergeCells(row.number, 1, row.number, last);
    row.commit();
  }
  sheet.addRow([]).commit();
  const header = sheet.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  header.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.border = THIN;
  });
  header.commit();

  let count = 0;
  for await (const values of rows) {
    writeRow(sheet, columns, values, null);
    count++;
    // Let the zip stream drain into the response rather than buffer the whole sheet.
    if (out.writableNeedDrain) await once(out, 'drain');
  }
  const total = totals(count);
  writeRow(sheet, columns, total.values, { label: total.label, column: total.labelColumn });
  sheet.commit();

  const method = workbook.addWorksheet(SHEETS.method);
  method.columns = [
    { key: 'a', width: 32 },
    { key: 'b', width: 110 },
  ];
  const methodTitle = method.addRow([`${spec.title}: cách tính`]);
  methodTitle.font = { bold: true, size: 12 };
  methodTitle.commit();
  method.addRow([]).commit();
  const methodHeader = method.addRow(['Cột', 'Định nghĩa']);
  methodHeader.font = { bold: true };
  methodHeader.commit();
  for (const column of columns) {
    const row = method.addRow([column.header, column.definition]);
    row.alignment = { wrapText: true, vertical: 'top' };
    row.commit();
  }
  method.addRow([]).commit();
  for (const note of spec.notes) {
    const row = method.addRow(['', note]);
    row.alignment = { wrapText: true, vertical: 'top' };
    row.commit();
  }
  method.commit();
  await workbook.commit();
}

function writeRow(
  sheet: ExcelJS.Worksheet,
  columns: PlainColumn[],
  values: CellValue[],
  totals: { label: string; column: number } | null,
): void {
  const row = sheet.addRow([]);
  const rowNo = row.number;
  columns.forEach((column, i) => {
    const cell = row.getCell(i + 1);
    // Styles cost a lookup per cell in exceljs: data cells get only what a number or date needs;
    // the totals row is framed.
    if (totals !== null) cell.border = THIN;
    if (column.kind === 'rate' && column.rate) {
      const sum = (indexes: number[]) => indexes.reduce((s, c) => s + Number(values[c] ?? 0), 0);
      const ref = (indexes: number[]) =>
        indexes.map((c) => `${columnLetter(c + 1)}${rowNo}`).join('+');
      const numerator = sum(column.rate.numerator);
      const denominator = sum(column.rate.denominator);
      const den = ref(column.rate.denominator);
      cell.value = {
        formula: `IF((${den})=0,"",(${ref(column.rate.numerator)})/(${den}))`,
        result: denominator === 0 ? '' : numerator / denominator,
      } as ExcelJS.CellFormulaValue;
      return;
    }
    cell.value =
      totals !== null && i === totals.column ? totals.label : cellValue(column.kind, values[i]);
  });
  if (totals !== null) row.font = { bold: true };
  row.commit();
}

function cellValue(kind: ColumnKind, value: CellValue): ExcelJS.CellValue {
  if (value === null || value === '') return null;
  switch (kind) {
    case 'date':
      return typeof value === 'string' ? new Date(`${value.slice(0, 10)}T00:00:00.000Z`) : value;
    case 'datetime':
      // Excel dates have no zone: write the local wall-clock time (UTC+7).
      return typeof value === 'string' ? new Date(Date.parse(value) + LOCAL_OFFSET_MS) : value;
    default:
      return value;
  }
}

/** 1 → A, 27 → AA. */
export function columnLetter(n: number): string {
  let letters = '';
  for (; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** A day as Vietnamese write it: 31/03/2026. */
export function vietnameseDate(date: string): string {
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}

/** An instant in Asia/Ho_Chi_Minh time: 31/03/2026 17:05. */
export function vietnameseTime(instant: string | number): string {
  const local = new Date(
    (typeof instant === 'number' ? instant : Date.parse(instant)) + LOCAL_OFFSET_MS,
  ).toISOString();
  return `${vietnameseDate(local.slice(0, 10))} ${local.slice(11, 16)}`;
}

export const BASIS_LABEL = {
  effective: 'theo thời điểm phát sinh (effective)',
  recorded: 'theo thời điểm ghi nhận vào hệ thống (recorded)',
} as const;

export const BASIS_NOTE =
  'Cơ sở "effective": trạng thái dựng từ mọi sự kiện có thời điểm phát sinh trong kỳ, theo ' +
  'hiểu biết hôm nay ("điều gì đã đúng khi đó"). Cơ sở "recorded": chỉ các sự kiện đã ghi ' +
  'nhận vào hệ thống đến thời điểm đó ("hệ thống đã hiển thị gì khi đó").';
