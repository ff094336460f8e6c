import ExcelJS from 'exceljs';
import { EXPORT_PAGE_SIZE } from '../../src/items/http/item-list.export';
import { startTestApp, type TestApp } from '../support/test-app';
import { binaryBody } from '../support/binary-body';

/**
 * The item list as a workbook when it spans several of the pages the export reads from the read
 * side (it counts the list once, then reads page after page): every item once, in the JSON
 * list's order, whatever falls on a page boundary.
 */
describe('the item list workbook across pages', () => {
  let t: TestApp;
  const ITEMS = EXPORT_PAGE_SIZE * 2 + 7;

  beforeAll(async () => {
    t = await startTestApp();
    const office = `Bearer ${t.token('office')}`;
    for (let i = 0; i < ITEMS; i++) {
      await t.http
        .post('/api/items')
        .set('Authorization', office)
        .send({ kind: 'directive', title: `Nhiệm vụ số ${i + 1}` })
        .expect(201);
    }
  }, 120_000);
  afterAll(() => t.close());

  it('has every item once, in the order of the JSON list, and the total', async () => {
    const office = `Bearer ${t.token('office')}`;
    const listed: string[] = [];
    for (let page = 1; listed.length < ITEMS; page++) {
      const res = await t.http
        .get('/api/items')
        .query({ page, pageSize: 100 })
        .set('Authorization', office)
        .expect(200);
      expect(res.body.total).toBe(ITEMS);
      listed.push(...(res.body.items as { id: string }[]).map((item) => item.id));
    }

    const res = await t.http
      .get('/api/items')
      .query({ format: 'xlsx' })
      .set('Authorization', office)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as Buffer);
    const sheet = workbook.worksheets[0];
    let headerRow = 0;
    sheet.eachRow((row, no) => {
      if (headerRow === 0 && row.getCell(1).value === 'STT') headerRow = no;
    });
    const headers = (sheet.getRow(headerRow).values as unknown[]).slice(1);
    const idColumn = headers.indexOf('Mã') + 1;
    const exported: unknown[] = [];
    for (let no = headerRow + 1; no < sheet.rowCount; no++) {
      exported.push(sheet.getRow(no).getCell(idColumn).value);
      expect(sheet.getRow(no).getCell(1).value).toBe(no - headerRow);
    }
    expect(exported).toEqual(listed);
    const totals = sheet.getRow(sheet.rowCount);
    expect(totals.getCell(idColumn).value).toBe('Tổng cộng');
    expect(totals.getCell(1).value).toBe(ITEMS);
  });
});
