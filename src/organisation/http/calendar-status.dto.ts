import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type {
  CalendarStatus,
  CalendarWarning,
  CalendarWarningCode,
  CalendarYearStatus,
} from '../calendar-status';

/** OpenAPI shapes of `GET /api/calendar` (the answer itself is built by `calendarStatus`). */
export class CalendarYearStatusDto implements CalendarYearStatus {
  @ApiProperty({ example: 2027 })
  year!: number;

  @ApiProperty({ description: 'Days exist for the year (shipped with the release or declared)' })
  declared!: boolean;

  @ApiProperty({ description: "An admin confirmed the days against the year's decision" })
  confirmed!: boolean;

  @ApiPropertyOptional({ example: 'Công văn 12729/VPCP-KGVX ngày 25/12/2025' })
  reference?: string;
}

const WARNING_CODES: CalendarWarningCode[] = ['CALENDAR.YEAR_MISSING', 'CALENDAR.UNCONFIRMED'];

export class CalendarWarningDto implements CalendarWarning {
  @ApiProperty({
    enum: WARNING_CODES,
    description:
      'YEAR_MISSING: the current year, or from 1 October the next year, has no declared days. ' +
      'UNCONFIRMED: the current or next year was declared but not confirmed.',
  })
  code!: CalendarWarningCode;

  @ApiProperty({ example: 2027 })
  year!: number;

  @ApiProperty({ description: 'In English; clients translate by code' })
  message!: string;
}

export class CalendarStatusDto implements CalendarStatus {
  @ApiProperty({
    type: [CalendarYearStatusDto],
    description: 'Every shipped or declared year, plus the current and the next year, ascending',
  })
  years!: CalendarYearStatusDto[];

  @ApiProperty({ type: [CalendarWarningDto] })
  warnings!: CalendarWarningDto[];
}
