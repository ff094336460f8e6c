import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { ProblemException } from '../../http/problem';
import {
  endOfLocalDayUtc,
  isValidInstant,
  isValidLocalDate,
} from '../../shared/calendar/local-date';
import type { ItemBasis } from '../application/item-at';

/** `GET /api/items/{id}` query string: today's item, or the item as it stood at `asOf`. */
export class ItemAtParams {
  @ApiPropertyOptional({
    description:
      'The item as it stood then: a date (the end of that day, 24:00 Asia/Ho_Chi_Minh) or an ' +
      'ISO 8601 instant with offset, not in the future. 404 if the item was not yet raised then.',
    example: '2026-03-31',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  asOf?: string;

  @ApiPropertyOptional({
    enum: ['effective', 'recorded'],
    default: 'effective',
    description:
      'effective: the events whose business time is at or before asOf (what was true then); ' +
      'recorded: the events the system had recorded by then (what it showed then)',
  })
  @IsOptional()
  @IsIn(['effective', 'recorded'])
  basis?: ItemBasis;
}

/**
 * `asOf` as an ISO instant: a date is the end of that local day. A time in the future is refused
 * (400): the future of an item is not known, and answering today's state for it would look like
 * an answer. A date is in the future only once its day has not begun.
 */
export function parseItemAsOf(asOf: string, nowMs: number): string {
  const invalid = (message: string) =>
    new ProblemException(400, 'VALIDATION', 'The request is not valid', [
      { field: 'asOf', message },
    ]);
  let instantMs: number;
  let startMs: number;
  if (isValidLocalDate(asOf)) {
    instantMs = Date.parse(endOfLocalDayUtc(asOf));
    startMs = instantMs - 24 * 60 * 60_000;
  } else if (isValidInstant(asOf)) {
    instantMs = startMs = Date.parse(asOf);
  } else {
    throw invalid('must be a YYYY-MM-DD date or an ISO 8601 time with an offset');
  }
  if (startMs > nowMs) throw invalid('must not be in the future');
  return new Date(Math.min(instantMs, Math.max(startMs, nowMs))).toISOString();
}
