import { type CalendarData, WorkingCalendar } from './working-calendar';
import { dateRange } from './local-date';

/**
 * The declared days known when this was written, used until an administrator replaces a year
 * through `PUT /api/calendar/{year}`. The yearly decisions swap days, so none of this can be derived
 * from the Labour Code alone; entries marked (verify) could not be confirmed from the decision text.
 *
 * Statutory basis: Labour Code 2019, art. 112 (1 Jan; Lunar New Year 5 days; Hùng Kings day, lunar
 * 10/3; 30 Apr; 1 May; 2 Sep plus one adjacent day) and art. 111(3) (a holiday on a weekly rest day
 * is taken on the next working day).
 */
export const DEFAULT_CALENDAR_DATA: CalendarData = {
  '2025': {
    holidays: [
      // New Year, Wed 1 Jan 2025: Labour Code art. 112; no swap announced (verify).
      '2025-01-01',
      // Lunar New Year Ất Tỵ, Sat 25 Jan – Sun 2 Feb 2025, nine days without make-up day:
      // Ministry of Labour notice 6150/TB-LĐTBXH of 15 Nov 2024 (verify the number).
      ...dateRange('2025-01-25', '2025-02-02'),
      // Hùng Kings day, lunar 10/3 = Mon 7 Apr 2025: Labour Code art. 112 (verify).
      '2025-04-07',
      // 30 Apr (Wed) and 1 May (Thu) 2025, plus Fri 2 May swapped with Sat 26 Apr: same notice
      // 6150/TB-LĐTBXH (verify the number).
      '2025-04-30',
      '2025-05-01',
      '2025-05-02',
      // National Day, Mon 1 and Tue 2 Sep 2025 (2 Sep plus the adjacent day before): Labour Code
      // art. 112; the adjacent day chosen by the yearly notice (verify).
      '2025-09-01',
      '2025-09-02',
    ],
    workingSaturdays: [
      // Make-up day for Fri 2 May 2025: notice 6150/TB-LĐTBXH (verify the number).
      '2025-04-26',
    ],
  },
  '2026': {
    holidays: [
      // New Year, Thu 1 – Sun 4 Jan 2026, Fri 2 Jan swapped with Sat 10 Jan: Government Office
      // letter 12729/VPCP-KGVX of 25 Dec 2025.
      ...dateRange('2026-01-01', '2026-01-04'),
      // Lunar New Year Bính Ngọ, Sat 14 – Sun 22 Feb 2026, nine days: confirmed in
      // shared/domain/README.md (the notice's number: verify).
      ...dateRange('2026-02-14', '2026-02-22'),
      // Hùng Kings day, lunar 10/3 = Sun 26 Apr 2026, taken on Mon 27 Apr: Labour Code arts. 112
      // and 111(3) (verify against the yearly notice).
      '2026-04-26',
      '2026-04-27',
      // 30 Apr (Thu) and 1 May (Fri) 2026: Labour Code art. 112; no swap known (verify).
      '2026-04-30',
      '2026-05-01',
      // National Day, Tue 1 and Wed 2 Sep 2026: Labour Code art. 112; whether the adjacent day is
      // 1 or 3 Sep is set by the yearly notice (verify).
      '2026-09-01',
      '2026-09-02',
    ],
    workingSaturdays: [
      // Make-up day for Fri 2 Jan 2026: letter 12729/VPCP-KGVX of 25 Dec 2025.
      '2026-01-10',
    ],
  },
};

/** Whether a year's days were checked, as a whole, against the year's decision. */
export interface YearConfirmation {
  confirmed: boolean;
  /** The decision the days were checked against. */
  reference?: string;
}

/**
 * One entry per year of {@link DEFAULT_CALENDAR_DATA}. A year counts as confirmed only when every
 * one of its days comes from a decision that was read. None does yet: in 2026 only the New Year
 * days (letter 12729/VPCP-KGVX) are confirmed, the rest is marked (verify), and 2025 is unverified
 * throughout. So both stay unconfirmed until an administrator declares them with `confirmed: true`.
 */
export const DEFAULT_CALENDAR_CONFIRMATIONS: Readonly<Record<string, YearConfirmation>> = {
  '2025': { confirmed: false },
  '2026': { confirmed: false },
};

/** The calendar built from {@link DEFAULT_CALENDAR_DATA}. */
export const DEFAULT_CALENDAR = new WorkingCalendar(DEFAULT_CALENDAR_DATA);
