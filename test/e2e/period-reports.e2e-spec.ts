import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import type { Role } from '../../src/shared/principal';
import { registerTestUnits, startTestApp, type TestApp } from '../support/test-app';
import { binaryBody } from '../support/binary-body';

/**
 * Period reports, ratings and their rules over HTTP (API.md, "Period reports, ratings, exports"):
 * a small province whose fourth quarter of 2025 is known item by item, then the same numbers read
 * back from the workbooks.
 */

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const Q4 = { from: '2025-10-01', to: '2025-12-31' };
const ZERO = {
  carriedOver: 0,
  received: 0,
  completedOnTime: 0,
  completedLate: 0,
  openOnTime: 0,
  openOverdue: 0,
  openNoDeadline: 0,
  cancelled: 0,
  extended: 0,
  urged: 0,
};

async function workbookOf(res: Response): Promise<ExcelJS.Workbook> {
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe(XLSX);
  expect(res.headers['content-disposition']).toMatch(/^attachment; filename="[\w.-]+\.xlsx"$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(res.body as Buffer);
  return workbook;
}

/** The data rows of a report sheet: from the row after the header to the totals row. */
function tableOf(sheet: ExcelJS.Worksheet, firstHeader: string) {
  let headerRow = 0;
  sheet.eachRow((row, no) => {
    if (headerRow === 0 && row.getCell(1).value === firstHeader) headerRow = no;
  });
  expect(headerRow).toBeGreaterThan(0);
  const headers = (sheet.getRow(headerRow).values as unknown[]).slice(1) as string[];
  const rows: ExcelJS.Row[] = [];
  for (let no = headerRow + 1; no <= sheet.rowCount; no++) rows.push(sheet.getRow(no));
  return { headerRow, headers, rows };
}

describe('period reports and ratings', () => {
  let t: TestApp;
  const bearer = (role: Role, unit?: string) => `Bearer ${t.token(role, unit)}`;
  const office = () => bearer('office');
  let lastPosition = '0';

  async function act(path: string, body: object, auth = office()): Promise<void> {
    const res = await t.http.post(path).set('Authorization', auth).send(body);
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    lastPosition = res.body.position;
  }
  async function raise(body: object): Promise<string> {
    const res = await t.http
      .post('/api/items')
      .set('Authorization', office())
      .send(body)
      .expect(201);
    lastPosition = res.body.position;
    return res.body.id;
  }
  const at = (day: string) => `${day}T09:00:00+07:00`;
  const get = (path: string, query: Record<string, string>, role: Role = 'office') =>
    t.http
      .get(path)
      .query({ ...query, minPosition: lastPosition })
      .set('Authorization', bearer(role));
  const getXlsx = (path: string, query: Record<string, string>) =>
    get(path, { ...query, format: 'xlsx' })
      .buffer(true)
      .parse(binaryBody);

  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    await registerTestUnits(t);
    await t.http
      .post('/api/units')
      .set('Authorization', bearer('admin'))
      .send({ id: 'ubnd-tinh', name: 'UBND tỉnh Phú Thọ', kind: 'province' })
      .expect(201);
    const directive = (title: string, day: string, extra: object = {}) =>
      raise({ kind: 'directive', title, occurredAt: at(day), ...extra });
    const assign = (id: string, leadUnit: string, day: string, deadline: object) =>
      act(`/api/items/${id}/assign`, { leadUnit, deadline, occurredAt: at(day) });
    const lead = (unit: string) => bearer('unit', unit);

    // A: carried over from Q3, completed on time in Q4 (due 15 Oct, reported 10 Oct).
    ids.a = await directive('Rà soát biên chế', '2025-08-01');
    await assign(ids.a, 'so-noi-vu', '2025-08-01', { type: 'date', date: '2025-10-15' });
    await act(
      `/api/items/${ids.a}/complete`,
      { summary: 'Xong', occurredAt: at('2025-10-10') },
      lead('so-noi-vu'),
    );
    await act(`/api/items/${ids.a}/review`, { verdict: 'accept', occurredAt: at('2025-10-12') });
    // B: received in Q4, due Sat 1 Nov (so Mon 3 Nov), still open at the end: overdue; urged on 5 Nov.
    ids.b = await directive('Giải ngân vốn đầu tư công', '2025-10-05');
    await assign(ids.b, 'so-noi-vu', '2025-10-05', { type: 'date', date: '2025-11-01' });
    await act(`/api/items/${ids.b}/urge`, {
      note: 'Đề nghị khẩn trương',
      occurredAt: at('2025-11-05'),
    });
    // C: received, extended (20 Dec → 30 Jan 2026): open on time at the end of Q4.
    ids.c = await directive('Sửa trạm y tế xã', '2025-10-06');
    await assign(ids.c, 'so-y-te', '2025-10-06', { type: 'date', date: '2025-12-20' });
    await act(
      `/api/items/${ids.c}/extension-request`,
      { proposedDueDate: '2026-01-30', reason: 'Chờ vốn', occurredAt: at('2025-12-01') },
      lead('so-y-te'),
    );
    await act(`/api/items/${ids.c}/extension-decision`, {
      approve: true,
      occurredAt: at('2025-12-02'),
    });
    // D: received without a deadline, cancelled in Q4.
    ids.d = await directive('Khảo sát', '2025-11-01');
    await assign(ids.d, 'so-y-te', '2025-11-01', { type: 'none' });
    await act(`/api/items/${ids.d}/cancel`, { reason: 'Rút lại', occurredAt: at('2025-11-20') });
    // E: received, due 20 Oct, resolved 25 Oct: completed late.
    ids.e = await directive('Báo cáo dịch tả lợn', '2025-10-07');
    await assign(ids.e, 'so-y-te', '2025-10-07', { type: 'date', date: '2025-10-20' });
    await act(`/api/items/${ids.e}/resolve`, {
      outcome: 'completed',
      note: 'Xong',
      occurredAt: at('2025-10-25'),
    });
    // F: raised, never assigned: in no row.
    ids.f = await directive('Chưa giao', '2025-12-01');
    // G: led by a commune, concerning another, no deadline: open without deadline.
    ids.g = await directive('Hành lang đê', '2025-10-08', { communes: ['xa-thanh-ba'] });
    await assign(ids.g, 'xa-quang-yen', '2025-10-08', { type: 'none' });
  });
  afterAll(() => t.close());

  describe('GET /api/reports/period', () => {
    it('counts each unit’s quarter: carried over + received = how each item left it', async () => {
      const res = await get('/api/reports/period', Q4).expect(200);
      expect(res.body).toMatchObject({
        ...Q4,
        basis: 'effective',
        groupBy: 'lead-unit',
        kind: null,
      });
      expect(res.body.position).toBe(lastPosition);
      expect(res.body.rows).toEqual([
        {
          ...ZERO,
          unitId: 'so-noi-vu',
          unitName: 'Sở Nội vụ',
          carriedOver: 1,
          received: 1,
          completedOnTime: 1,
          openOverdue: 1,
          urged: 1,
        },
        {
          ...ZERO,
          unitId: 'so-y-te',
          unitName: 'Sở Y tế',
          received: 3,
          completedLate: 1,
          openOnTime: 1,
          cancelled: 1,
          extended: 1,
        },
        {
          ...ZERO,
          unitId: 'xa-quang-yen',
          unitName: 'Xã Quảng Yên',
          received: 1,
          openNoDeadline: 1,
        },
      ]);
      expect(res.body.totals).toEqual({
        carriedOver: 1,
        received: 5,
        completedOnTime: 1,
        completedLate: 1,
        openOnTime: 1,
        openOverdue: 1,
        openNoDeadline: 1,
        cancelled: 1,
        extended: 1,
        urged: 1,
      });
    });

    it('groups by commune (an item in every commune it concerns, once in the totals)', async () => {
      const res = await get('/api/reports/period', { ...Q4, groupBy: 'commune' }).expect(200);
      const byUnit = new Map(res.body.rows.map((r: { unitId: string | null }) => [r.unitId, r]));
      expect(byUnit.get('xa-thanh-ba')).toMatchObject({ received: 1, openNoDeadline: 1 });
      expect(byUnit.get('xa-quang-yen')).toMatchObject({ received: 1, openNoDeadline: 1 });
      expect(byUnit.get(null)).toMatchObject({
        unitName: 'Không gắn với xã',
        carriedOver: 1,
        received: 4,
      });
      expect(res.body.totals.received).toBe(5);
    });

    it('filters by kind, and the next quarter carries over what this one left open', async () => {
      const none = await get('/api/reports/period', { ...Q4, kind: 'recommendation' }).expect(200);
      expect(none.body.rows).toEqual([]);
      expect(none.body.totals).toEqual(ZERO);
      const q1 = await get('/api/reports/period', { from: '2026-01-01', to: '2026-03-31' }).expect(
        200,
      );
      // B, C and G were open at the end of Q4; by the end of March C (due 30 Jan) is overdue too.
      expect(q1.body.totals).toMatchObject({
        carriedOver: 3,
        received: 0,
        openOverdue: 2,
        openNoDeadline: 1,
        openOnTime: 0,
      });
    });

    it('on the recorded basis, shows what the system held then (nothing was entered in 2025)', async () => {
      const res = await get('/api/reports/period', { ...Q4, basis: 'recorded' }).expect(200);
      expect(res.body).toMatchObject({ basis: 'recorded', rows: [], totals: ZERO });
    });

    it('is for the leadership, its office and auditors only', async () => {
      await get('/api/reports/period', Q4, 'leader').expect(200);
      await get('/api/reports/period', Q4, 'auditor').expect(200);
      await t.http
        .get('/api/reports/period')
        .query(Q4)
        .set('Authorization', bearer('unit', 'so-noi-vu'))
        .expect(403);
      await t.http.get('/api/reports/period').query(Q4).expect(401);
    });

    it.each([
      [{ from: '2025-12-31', to: '2025-10-01' }, 'to'],
      [{ from: '2025-02-30', to: '2025-03-31' }, 'from'],
      [{ from: '2025-01-01', to: '2025-13-01' }, 'to'],
      [{ from: '2015-01-01', to: '2025-01-01' }, 'to'],
      [{ to: '2025-12-31' }, 'from'],
      [{ ...Q4, format: 'pdf' }, 'format'],
      [{ ...Q4, groupBy: 'ward' }, 'groupBy'],
      [{ ...Q4, basis: 'now' }, 'basis'],
      [{ ...Q4, color: 'red' }, 'color'],
    ])('refuses %j with a 400 naming %s', async (query, field) => {
      const res = await t.http
        .get('/api/reports/period')
        .query(query)
        .set('Authorization', office());
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('VALIDATION');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('takes a period of up to 10 years', async () => {
      await get('/api/reports/period', { from: '2016-01-01', to: '2025-12-31' }).expect(200);
    });
  });

  describe('ratings and their rules', () => {
    it('rates each lead unit with the default rules, each item’s effect listed', async () => {
      const res = await get('/api/reports/ratings', Q4).expect(200);
      expect(res.body.rules).toMatchObject({
        revision: null,
        effectiveFrom: null,
        onTimePoints: 100,
        overduePenalty: 2,
      });
      expect(res.body.rows).toEqual([
        {
          unitId: 'so-noi-vu',
          unitName: 'Sở Nội vụ',
          score: 48,
          grade: 'D',
          gradeLabel: 'Không hoàn thành nhiệm vụ',
          basis: { due: 2, completedOnTime: 1, completedLate: 0, openOverdue: 1 },
          explanation: [
            { itemId: ids.a, outcome: 'completed-on-time', dueDate: '2025-10-15', effect: 50 },
            { itemId: ids.b, outcome: 'open-overdue', dueDate: '2025-11-03', effect: -2 },
          ],
        },
        {
          unitId: 'so-y-te',
          unitName: 'Sở Y tế',
          score: 0,
          grade: 'D',
          gradeLabel: 'Không hoàn thành nhiệm vụ',
          basis: { due: 1, completedOnTime: 0, completedLate: 1, openOverdue: 0 },
          explanation: [
            { itemId: ids.e, outcome: 'completed-late', dueDate: '2025-10-20', effect: 0 },
          ],
        },
      ]);
      const one = await get('/api/reports/ratings', { ...Q4, unitId: 'so-y-te' }).expect(200);
      expect(one.body.rows.map((r: { unitId: string }) => r.unitId)).toEqual(['so-y-te']);
    });

    it('keeps a past period’s rating when the rules change; a new version rates later periods', async () => {
      const defaults = await get('/api/rating-rules', {}).expect(200);
      expect(defaults.body).toMatchObject({ revision: null, versions: [] });
      const rules = {
        onTimePoints: 100,
        overduePenalty: 10,
        grades: [
          { grade: 'A', label: 'Xuất sắc', minScore: 80 },
          { grade: 'B', label: 'Đạt', minScore: 40 },
          { grade: 'C', label: 'Chưa đạt', minScore: 0 },
        ],
      };
      await t.http
        .put('/api/rating-rules')
        .set('Authorization', bearer('office'))
        .send(rules)
        .expect(403);
      const set = await t.http
        .put('/api/rating-rules')
        .set('Authorization', bearer('admin'))
        .send(rules)
        .expect(200);
      expect(set.body).toMatchObject({ id: 'rating-rules', revision: '0' });
      lastPosition = set.body.position;
      const now = await get('/api/rating-rules', {}).expect(200);
      expect(now.headers.etag).toBe('"0"');
      expect(now.body).toMatchObject({
        ...rules,
        revision: '0',
        versions: [{ ...rules, revision: '0' }],
      });

      // Q4 2025 ended before the version was set: rated as before, with the defaults.
      const q4 = await get('/api/reports/ratings', Q4).expect(200);
      expect(q4.body.rules.revision).toBeNull();
      expect(q4.body.rows[0]).toMatchObject({ unitId: 'so-noi-vu', score: 48 });
      // Asked for explicitly, the new version gives 100 × 1/2 − 10 = 40: grade B.
      const again = await get('/api/reports/ratings', { ...Q4, rulesRevision: '0' }).expect(200);
      expect(again.body.rules.revision).toBe('0');
      expect(again.body.rows[0]).toMatchObject({ unitId: 'so-noi-vu', score: 40, grade: 'B' });
      await get('/api/reports/ratings', { ...Q4, rulesRevision: '7' }).expect(400);
      // A period ending today or later is rated with the version in force.
      const current = await get('/api/reports/ratings', {
        from: '2025-10-01',
        to: '2030-12-31',
      }).expect(200);
      expect(current.body.rules.revision).toBe('0');
    });

    it('refuses rules whose bands do not cover every score, recording nothing', async () => {
      const bad = async (body: object, field: string) => {
        const res = await t.http
          .put('/api/rating-rules')
          .set('Authorization', bearer('admin'))
          .send(body);
        expect(res.status).toBe(400);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      };
      const band = (grade: string, minScore: number) => ({ grade, label: grade, minScore });
      await bad(
        { onTimePoints: 100, overduePenalty: 2, grades: [band('A', 50)] },
        'grades[0].minScore',
      );
      await bad(
        { onTimePoints: 100, overduePenalty: 2, grades: [band('A', 0), band('B', 10)] },
        'grades[1].minScore',
      );
      await bad(
        { onTimePoints: 100, overduePenalty: 2, grades: [band('A', 50), band('A', 0)] },
        'grades[1].grade',
      );
      await bad(
        { onTimePoints: 100, overduePenalty: -1, grades: [band('A', 0)] },
        'overduePenalty',
      );
      await bad({ onTimePoints: 100, overduePenalty: 2, grades: [] }, 'grades');
      await bad(
        { onTimePoints: 100, overduePenalty: 2, grades: [band('A', 0)], extra: 1 },
        'extra',
      );
      const rules = await get('/api/rating-rules', {}).expect(200);
      expect(rules.body.versions).toHaveLength(1);
    });
  });

  it('documents the routes and their formats in /docs-json', async () => {
    const { body } = await t.http.get('/docs-json').expect(200);
    const paths = body.paths as Record<
      string,
      Record<string, { parameters?: { name: string; schema?: { enum?: string[] } }[] }>
    >;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining(['/api/reports/period', '/api/reports/ratings', '/api/rating-rules']),
    );
    expect(Object.keys(paths['/api/rating-rules'])).toEqual(expect.arrayContaining(['get', 'put']));
    for (const path of [
      '/api/reports/period',
      '/api/reports/ratings',
      '/api/reports/overdue',
      '/api/items',
    ]) {
      const format = paths[path].get.parameters?.find((p) => p.name === 'format');
      expect(format?.schema?.enum).toEqual(['json', 'xlsx']);
    }
  });

  describe('workbooks (format=xlsx)', () => {
    it('the period report: title block, frozen headers, the JSON’s numbers, rates as formulas, a totals row and the method', async () => {
      const json = (await get('/api/reports/period', Q4).expect(200)).body;
      const workbook = await workbookOf(await getXlsx('/api/reports/period', Q4));
      const sheet = workbook.worksheets[0];
      expect(sheet.getCell('A1').value).toBe('UBND tỉnh Phú Thọ');
      expect(String(sheet.getCell('A2').value)).toMatch(/THEO KỲ/);
      expect(String(sheet.getCell('A3').value)).toContain('01/10/2025');
      const text = sheet.getColumn(1).values.join('\n');
      expect(text).toContain(`Số liệu đến vị trí nhật ký: ${json.position}`);
      expect(text).toContain('Cơ sở số liệu: theo thời điểm phát sinh');

      const { headerRow, headers, rows } = tableOf(sheet, 'Đơn vị chủ trì');
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: headerRow });
      expect(headers.slice(0, 3)).toEqual([
        'Đơn vị chủ trì',
        'Kỳ trước chuyển sang',
        'Nhận trong kỳ',
      ]);
      expect(sheet.getColumn(1).width).toBeGreaterThan(20);
      const fields = Object.keys(ZERO);
      const asJson = (row: ExcelJS.Row) =>
        Object.fromEntries(fields.map((f, i) => [f, row.getCell(i + 2).value]));
      expect(rows).toHaveLength(json.rows.length + 1);
      json.rows.forEach((expected: Record<string, unknown>, i: number) => {
        expect(rows[i].getCell(1).value).toBe(expected.unitName);
        expect(asJson(rows[i])).toEqual(Object.fromEntries(fields.map((f) => [f, expected[f]])));
      });
      const totals = rows[rows.length - 1];
      expect(totals.getCell(1).value).toBe('Tổng cộng');
      expect(asJson(totals)).toEqual(json.totals);
      // Rates: a formula with its value, formatted as a percentage.
      const rate = totals.getCell(12);
      expect(rate.formula).toBe(
        `IF((D${totals.number}+E${totals.number}+G${totals.number})=0,"",(D${totals.number})/(D${totals.number}+E${totals.number}+G${totals.number}))`,
      );
      expect(rate.result).toBeCloseTo(1 / 3);
      expect(rate.numFmt).toBe('0.0%');
      const method = workbook.getWorksheet('Cách tính')!;
      const definitions = method.getColumn(1).values;
      for (const header of headers) expect(definitions).toContain(header);
    });

    it('the ratings: one row per unit with its score and grade', async () => {
      const json = (await get('/api/reports/ratings', Q4).expect(200)).body;
      const workbook = await workbookOf(await getXlsx('/api/reports/ratings', Q4));
      const { rows } = tableOf(workbook.worksheets[0], 'Đơn vị chủ trì');
      expect(rows).toHaveLength(json.rows.length + 1);
      json.rows.forEach(
        (
          r: { unitName: string; score: number; grade: string; basis: { due: number } },
          i: number,
        ) => {
          expect(rows[i].getCell(1).value).toBe(r.unitName);
          expect(rows[i].getCell(2).value).toBe(r.score);
          expect(rows[i].getCell(3).value).toBe(r.grade);
          expect(rows[i].getCell(5).value).toBe(r.basis.due);
        },
      );
      expect(rows[rows.length - 1].getCell(5).value).toBe(3);
      const text = workbook.worksheets[0].getColumn(1).values.join('\n');
      expect(text).toContain('Quy tắc chấm điểm: mặc định');
    });

    it('the overdue report: the JSON’s grid at a date', async () => {
      const query = { asOf: '2025-12-31' };
      const json = (await get('/api/reports/overdue', query).expect(200)).body;
      const workbook = await workbookOf(await getXlsx('/api/reports/overdue', query));
      const { headers, rows } = tableOf(workbook.worksheets[0], 'Đơn vị chủ trì');
      expect(headers[1]).toBe('Tổng số');
      expect(rows).toHaveLength(json.rows.length + 1);
      json.rows.forEach(
        (r: { unitName: string; total: number; openOverdue: number }, i: number) => {
          expect(rows[i].getCell(1).value).toBe(r.unitName);
          expect(rows[i].getCell(2).value).toBe(r.total);
          expect(rows[i].getCell(7).value).toBe(r.openOverdue);
        },
      );
      expect(rows[rows.length - 1].getCell(2).value).toBe(json.totals.total);
    });

    it('the item list: every item the caller may see, as the JSON list shows it', async () => {
      const json = (await get('/api/items', { pageSize: '100' }).expect(200)).body;
      const workbook = await workbookOf(await getXlsx('/api/items', {}));
      const sheet = workbook.worksheets[0];
      const { headerRow, headers, rows } = tableOf(sheet, 'STT');
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: headerRow });
      expect(headers).toContain('Hạn hiện hành');
      expect(rows).toHaveLength(json.total + 1);
      const col = (name: string) => headers.indexOf(name) + 1;
      json.items.forEach(
        (item: { id: string; title: string; deadline: { current: string | null } }, i: number) => {
          expect(rows[i].getCell(col('STT')).value).toBe(i + 1);
          expect(rows[i].getCell(col('Mã')).value).toBe(item.id);
          expect(rows[i].getCell(col('Nội dung')).value).toBe(item.title);
          const due = rows[i].getCell(col('Hạn hiện hành')).value;
          if (item.deadline.current === null) expect(due).toBeNull();
          else expect((due as Date).toISOString().slice(0, 10)).toBe(item.deadline.current);
        },
      );
      const b = rows.find((row) => row.getCell(col('Mã')).value === ids.b)!;
      expect(b.getCell(col('Đơn vị chủ trì')).value).toBe('Sở Nội vụ');
      expect(b.getCell(col('Số lần đôn đốc')).value).toBe(1);
      const totals = rows[rows.length - 1];
      expect(totals.getCell(col('Mã')).value).toBe('Tổng cộng');
      expect(totals.getCell(col('STT')).value).toBe(json.total);
    });

    it('the item list with the same filters and scope as the JSON; no rows is headers only', async () => {
      const scoped = await t.http
        .get('/api/items')
        .query({ format: 'xlsx' })
        .set('Authorization', bearer('unit', 'so-y-te'))
        .buffer(true)
        .parse(binaryBody);
      const { rows: unitRows, headers } = tableOf((await workbookOf(scoped)).worksheets[0], 'STT');
      const listed = unitRows
        .slice(0, -1)
        .map((row) => row.getCell(headers.indexOf('Mã') + 1).value);
      expect(listed.sort()).toEqual([ids.c, ids.d, ids.e].sort());
      expect(unitRows).toHaveLength(4); // C, D and E, and the totals
      const empty = await workbookOf(await getXlsx('/api/items', { kind: 'recommendation' }));
      const { rows } = tableOf(empty.worksheets[0], 'STT');
      expect(rows).toHaveLength(1);
      expect(rows[0].getCell(2).value).toBe('Tổng cộng');
      expect(rows[0].getCell(1).value).toBe(0);
      expect(empty.getWorksheet('Cách tính')).toBeDefined();
    });

    it('refuses an unknown format on every report', async () => {
      for (const path of ['/api/reports/overdue', '/api/reports/ratings', '/api/items']) {
        const res = await t.http
          .get(path)
          .query({ ...Q4, format: 'csv' })
          .set('Authorization', office());
        expect(res.status).toBe(400);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('format');
      }
    });
  });
});
