import type { UnitKind } from '../organisation/unit.registry';

/**
 * The seed session as data: working group No. 7 of the Phú Thọ Provincial People's Committee,
 * led by Vice-Chairman Nguyễn Huy Ngọc, visits six communes on the afternoon of 25 Dec 2025
 * (shared/seeds/000_60bbceea2b4448af.txt; facts in shared/domain/README.md).
 * Deadlines and follow-up acts after the session are plausible, not reported facts.
 */

export const DEMO_UNITS: { id: string; name: string; kind: UnitKind; code?: string }[] = [
  { id: 'ubnd-tinh', name: 'UBND tỉnh Phú Thọ', kind: 'province' },
  { id: 'van-phong-ubnd-tinh', name: 'Văn phòng UBND tỉnh', kind: 'agency' },
  { id: 'so-noi-vu', name: 'Sở Nội vụ', kind: 'department' },
  { id: 'so-tu-phap', name: 'Sở Tư pháp', kind: 'department' },
  { id: 'so-tai-chinh', name: 'Sở Tài chính', kind: 'department' },
  { id: 'so-cong-thuong', name: 'Sở Công Thương', kind: 'department' },
  { id: 'so-nong-nghiep-moi-truong', name: 'Sở Nông nghiệp và Môi trường', kind: 'department' },
  { id: 'so-xay-dung', name: 'Sở Xây dựng', kind: 'department' },
  { id: 'so-khoa-hoc-cong-nghe', name: 'Sở Khoa học và Công nghệ', kind: 'department' },
  {
    id: 'so-van-hoa-the-thao-du-lich',
    name: 'Sở Văn hóa, Thể thao và Du lịch',
    kind: 'department',
  },
  { id: 'so-giao-duc-dao-tao', name: 'Sở Giáo dục và Đào tạo', kind: 'department' },
  { id: 'so-y-te', name: 'Sở Y tế', kind: 'department' },
  { id: 'so-dan-toc-ton-giao', name: 'Sở Dân tộc và Tôn giáo', kind: 'department' },
  { id: 'thanh-tra-tinh', name: 'Thanh tra tỉnh', kind: 'department' },
  { id: 'cong-ty-dien-luc', name: 'Công ty Điện lực Phú Thọ', kind: 'agency' },
  { id: 'xa-thanh-ba', name: 'Xã Thanh Ba', kind: 'commune', code: '08152' },
  { id: 'xa-quang-yen', name: 'Xã Quảng Yên', kind: 'commune', code: '08173' },
  { id: 'xa-hoang-cuong', name: 'Xã Hoàng Cương', kind: 'commune', code: '08203' },
  { id: 'xa-dong-thanh', name: 'Xã Đông Thành', kind: 'commune', code: '08209' },
  { id: 'xa-chi-tien', name: 'Xã Chí Tiên', kind: 'commune', code: '08218' },
  { id: 'xa-lien-minh', name: 'Xã Liên Minh', kind: 'commune', code: '08227' },
];

/**
 * Where a few units' notifications would be emailed (addresses under `.example`, which no mail
 * server delivers): what an administrator sets with `PUT /api/units/{id}/contacts`. Nothing is
 * sent unless `SMTP_URL` is set.
 */
export const DEMO_CONTACTS: { unitId: string; emails: string[] }[] = [
  { unitId: 'so-noi-vu', emails: ['vanthu@sonoivu.phutho.example'] },
  { unitId: 'so-tai-chinh', emails: ['vanthu@sotaichinh.phutho.example'] },
  { unitId: 'xa-thanh-ba', emails: ['vanphong@xathanhba.phutho.example'] },
];

export const DEMO_COMMUNES = DEMO_UNITS.filter((u) => u.kind === 'commune').map((u) => u.id);

export const DEMO_SOURCE = {
  id: 'to-cong-tac-7-2025-12-25',
  type: 'session' as const,
  title:
    'Tổ công tác số 7 của UBND tỉnh làm việc với các xã Thanh Ba, Quảng Yên, Hoàng Cương, Đông Thành, Chí Tiên, Liên Minh',
  issuedOn: '2025-12-25',
  signer: 'Nguyễn Huy Ngọc, Phó Chủ tịch UBND tỉnh',
  communes: DEMO_COMMUNES,
};

/** What happens to a demo item after it is raised and assigned, with business dates. */
export type DemoFollowUp =
  | { act: 'acknowledge'; on: string }
  | { act: 'progress'; on: string; note: string; percent?: number }
  | { act: 'answer'; on: string; response: string; onTheSpot?: boolean }
  | { act: 'extension'; on: string; proposedDueDate: string; reason: string; approvedOn?: string }
  | { act: 'complete'; on: string; summary: string; acceptedOn?: string }
  | {
      act: 'resolve';
      on: string;
      outcome: 'completed' | 'not-feasible' | 'forwarded';
      note: string;
    };

export interface DemoItem {
  key: string;
  kind: 'directive' | 'recommendation';
  title: string;
  originUnit?: string;
  communes: string[];
  topic: string;
  priority?: 'normal' | 'key';
  leadUnit: string | null;
  supportingUnits?: string[];
  deadline?: { type: 'date'; date: string } | { type: 'working-days'; days: number };
  followUps?: DemoFollowUp[];
}

/** Raised at the session (25 Dec 2025, 16:30 local) and routed on 29 Dec 2025. */
export const DEMO_RAISED_AT = '2025-12-25T09:30:00.000Z';
export const DEMO_ASSIGNED_AT = '2025-12-29T02:00:00.000Z';

const commune = (id: string) => [id];

export const DEMO_ITEMS: DemoItem[] = [
  {
    key: 'kn-bien-che',
    kind: 'recommendation',
    title: 'Bổ sung biên chế công chức cấp xã theo vị trí việc làm',
    originUnit: 'xa-thanh-ba',
    communes: DEMO_COMMUNES,
    topic: 'Tổ chức bộ máy',
    leadUnit: 'so-noi-vu',
    deadline: { type: 'working-days', days: 30 },
    followUps: [
      {
        act: 'answer',
        on: '2025-12-25T09:45:00.000Z',
        response:
          'Sở Nội vụ trả lời tại hội nghị: sẽ rà soát, tham mưu UBND tỉnh điều chỉnh biên chế theo đề án vị trí việc làm của các xã.',
        onTheSpot: true,
      },
      {
        act: 'progress',
        on: '2026-01-20T03:00:00.000Z',
        note: 'Đã tổng hợp nhu cầu biên chế của 6 xã.',
        percent: 40,
      },
    ],
  },
  {
    key: 'kn-dao-tao-cds',
    kind: 'recommendation',
    title: 'Tổ chức đào tạo, bồi dưỡng về chuyển đổi số cho cán bộ xã',
    originUnit: 'xa-quang-yen',
    communes: DEMO_COMMUNES,
    topic: 'Chuyển đổi số',
    leadUnit: 'so-khoa-hoc-cong-nghe',
    deadline: { type: 'date', date: '2026-02-27' },
    followUps: [
      { act: 'acknowledge', on: '2025-12-30T02:00:00.000Z' },
      {
        act: 'complete',
        on: '2026-02-10T08:00:00.000Z',
        summary: 'Đã mở 2 lớp bồi dưỡng chuyển đổi số cho 180 cán bộ xã.',
        acceptedOn: '2026-02-12T03:00:00.000Z',
      },
    ],
  },
  {
    key: 'kn-dao-tao-dat-dai',
    kind: 'recommendation',
    title: 'Đào tạo nghiệp vụ lĩnh vực đất đai, tài chính - ngân sách',
    originUnit: 'xa-hoang-cuong',
    communes: DEMO_COMMUNES,
    topic: 'Đất đai, tài chính',
    leadUnit: 'so-nong-nghiep-moi-truong',
    supportingUnits: ['so-tai-chinh'],
    deadline: { type: 'date', date: '2026-01-30' },
    followUps: [
      {
        act: 'progress',
        on: '2026-01-15T03:00:00.000Z',
        note: 'Đang xây dựng chương trình đào tạo.',
        percent: 30,
      },
      {
        act: 'complete',
        on: '2026-03-05T08:00:00.000Z',
        summary: 'Đã tổ chức lớp tập huấn đất đai và tài chính - ngân sách.',
        acceptedOn: '2026-03-09T03:00:00.000Z',
      },
    ],
  },
  {
    key: 'kn-luoi-dien',
    kind: 'recommendation',
    title: 'Hỗ trợ kinh phí xây dựng, cải tạo đường điện',
    originUnit: 'xa-dong-thanh',
    communes: commune('xa-dong-thanh'),
    topic: 'Hạ tầng điện',
    leadUnit: 'so-cong-thuong',
    supportingUnits: ['cong-ty-dien-luc'],
    deadline: { type: 'date', date: '2026-03-31' },
    followUps: [
      {
        act: 'answer',
        on: '2026-01-22T03:00:00.000Z',
        response: 'Đã đưa vào danh mục cải tạo lưới điện nông thôn giai đoạn 2026-2030.',
      },
      {
        act: 'extension',
        on: '2026-03-20T03:00:00.000Z',
        proposedDueDate: '2026-06-30',
        reason: 'Chờ bố trí vốn của ngành điện.',
        approvedOn: '2026-03-25T03:00:00.000Z',
      },
    ],
  },
  {
    key: 'kn-duong-giao-thong',
    kind: 'recommendation',
    title:
      'Hỗ trợ kinh phí làm đường; quy hoạch tuyến đường kết nối các địa phương và cụm công nghiệp',
    originUnit: 'xa-chi-tien',
    communes: ['xa-chi-tien', 'xa-lien-minh'],
    topic: 'Giao thông',
    priority: 'key',
    leadUnit: 'so-xay-dung',
    supportingUnits: ['so-tai-chinh'],
    deadline: { type: 'date', date: '2026-03-31' },
    followUps: [
      {
        act: 'progress',
        on: '2026-02-26T03:00:00.000Z',
        note: 'Đang khảo sát hướng tuyến.',
        percent: 20,
      },
    ],
  },
  {
    key: 'kn-truong-hoc',
    kind: 'recommendation',
    title: 'Hỗ trợ kinh phí xây dựng, sửa chữa trường học',
    originUnit: 'xa-lien-minh',
    communes: commune('xa-lien-minh'),
    topic: 'Giáo dục',
    leadUnit: 'so-giao-duc-dao-tao',
    deadline: { type: 'date', date: '2026-02-13' },
  },
  {
    key: 'kn-tram-y-te',
    kind: 'recommendation',
    title: 'Hỗ trợ kinh phí đầu tư trạm y tế xã',
    originUnit: 'xa-quang-yen',
    communes: commune('xa-quang-yen'),
    topic: 'Y tế',
    leadUnit: 'so-y-te',
    deadline: { type: 'working-days', days: 45 },
    followUps: [
      {
        act: 'resolve',
        on: '2026-02-05T03:00:00.000Z',
        outcome: 'forwarded',
        note: 'Chuyển Bộ Y tế xem xét theo chương trình mục tiêu quốc gia.',
      },
    ],
  },
  {
    key: 'kn-dich-ta-lon',
    kind: 'recommendation',
    title: 'Hỗ trợ khắc phục hậu quả bệnh dịch tả lợn châu Phi',
    originUnit: 'xa-hoang-cuong',
    communes: commune('xa-hoang-cuong'),
    topic: 'Nông nghiệp',
    leadUnit: 'so-nong-nghiep-moi-truong',
    deadline: { type: 'working-days', days: 15 },
    followUps: [
      {
        act: 'complete',
        on: '2026-01-14T08:00:00.000Z',
        summary: 'Đã cấp hóa chất khử trùng và hỗ trợ theo quy định.',
        acceptedOn: '2026-01-16T03:00:00.000Z',
      },
    ],
  },
  {
    key: 'kn-ho-tro-san-xuat',
    kind: 'recommendation',
    title: 'Chương trình hỗ trợ phát triển sản xuất, nâng cao thu nhập cho người dân',
    originUnit: 'xa-thanh-ba',
    communes: commune('xa-thanh-ba'),
    topic: 'Nông nghiệp',
    leadUnit: 'so-nong-nghiep-moi-truong',
    deadline: { type: 'date', date: '2026-04-30' },
  },
  {
    key: 'kn-hanh-lang-de',
    kind: 'recommendation',
    title: 'Bảo vệ hành lang đê điều; phòng chống sạt lở đồi núi',
    originUnit: 'xa-dong-thanh',
    communes: ['xa-dong-thanh', 'xa-thanh-ba'],
    topic: 'Phòng chống thiên tai',
    priority: 'key',
    leadUnit: null,
  },
  ...DEMO_COMMUNES.flatMap((id, i): DemoItem[] => [
    {
      key: `cd-phan-cong-${id}`,
      kind: 'directive',
      title:
        'Phân công nhiệm vụ cụ thể cho cán bộ, công chức; chủ động, quyết liệt trong lãnh đạo, điều hành',
      communes: [id],
      topic: 'Vận hành chính quyền 2 cấp',
      leadUnit: id,
      deadline: { type: 'date', date: '2026-01-30' },
      followUps:
        i % 2 === 0
          ? [
              {
                act: 'complete',
                on: `2026-01-${20 + i}T08:00:00.000Z`,
                summary: 'Đã ban hành quyết định phân công nhiệm vụ.',
                acceptedOn: '2026-02-03T03:00:00.000Z',
              },
            ]
          : [
              {
                act: 'progress',
                on: '2026-01-26T03:00:00.000Z',
                note: 'Đang hoàn thiện dự thảo quy chế làm việc.',
                percent: 60,
              },
            ],
    },
    {
      key: `cd-giai-ngan-${id}`,
      kind: 'directive',
      title:
        'Chủ tịch UBND xã trực tiếp chỉ đạo giải ngân vốn đầu tư công, kiểm tra, tháo gỡ vướng mắc tại hiện trường',
      communes: [id],
      topic: 'Giải ngân vốn đầu tư công',
      priority: 'key',
      leadUnit: id,
      deadline: { type: 'date', date: '2026-03-31' },
      followUps: [
        {
          act: 'progress',
          on: '2026-02-27T03:00:00.000Z',
          note: 'Tỷ lệ giải ngân đạt 78%.',
          percent: 78,
        },
      ],
    },
  ]),
  {
    key: 'cd-tong-hop-kien-nghi',
    kind: 'directive',
    title: 'Rà soát, tổng hợp kiến nghị của các xã, đề xuất giải pháp báo cáo UBND tỉnh',
    communes: DEMO_COMMUNES,
    topic: 'Tổng hợp kiến nghị',
    leadUnit: 'so-noi-vu',
    supportingUnits: ['so-tai-chinh', 'so-xay-dung', 'so-nong-nghiep-moi-truong'],
    deadline: { type: 'working-days', days: 20 },
    followUps: [{ act: 'acknowledge', on: '2025-12-30T02:00:00.000Z' }],
  },
];
