import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsDefined,
  IsObject,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  ValidateNested,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { SOURCE_TYPES, type SourceType } from '../source.registry';
import { UNIT_KINDS, type UnitKind } from '../unit.registry';
import { IsLocalDate } from '../../http/local-date.validator';

/** Unit ids are slugs ("so-noi-vu", "xa-thanh-ba"): stable, URL-safe, readable in the log. */
export const UNIT_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class RegisterUnitDto {
  @ApiProperty({ example: 'so-noi-vu' })
  @IsString()
  @Matches(UNIT_ID, { message: 'id must be a lowercase slug such as so-noi-vu' })
  @MaxLength(64)
  id!: string;

  @ApiProperty({ example: 'Sở Nội vụ' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: UNIT_KINDS })
  @IsIn(UNIT_KINDS)
  kind!: UnitKind;

  @ApiPropertyOptional({ example: '08152' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  code?: string;

  @ApiPropertyOptional({
    example: '2025-07-01',
    description: 'First day the unit exists (absent: before the records); no change may precede it',
  })
  @IsOptional()
  @IsLocalDate()
  validFrom?: string;
}

/** Legal reference of a change: the resolution or decision that made it. */
const REFERENCE = { example: 'Nghị quyết 1676/NQ-UBTVQH15 ngày 16/6/2025', maxLength: 300 };

export class RenameUnitDto {
  @ApiProperty({ example: 'Sở Nông nghiệp và Môi trường' })
  @IsString()
  @Matches(/\S/, { message: 'name must not be empty' })
  @MaxLength(200)
  name!: string;

  @ApiProperty({
    example: '2025-07-01',
    description: 'First day of the new name; not in the future',
  })
  @IsLocalDate()
  effectiveOn!: string;
}

export class MergeTargetDto {
  @ApiProperty({ example: 'xa-thanh-ba', description: 'An existing active unit, or a new one' })
  @IsString()
  @Matches(UNIT_ID, { message: 'into.id must be a lowercase slug such as xa-thanh-ba' })
  @MaxLength(64)
  id!: string;

  @ApiPropertyOptional({ description: 'Required for a new unit', example: 'Xã Thanh Ba' })
  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'name must not be empty' })
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: UNIT_KINDS, description: 'Required for a new unit' })
  @IsOptional()
  @IsIn(UNIT_KINDS)
  kind?: UnitKind;

  @ApiPropertyOptional({ example: '08152' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  code?: string;
}

export class MergeUnitsDto {
  @ApiProperty({ type: [String], example: ['xa-a', 'xa-b'], description: 'Active units merged' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique({ message: 'from must name each unit once' })
  @Matches(UNIT_ID, { each: true, message: 'from must be unit ids' })
  from!: string[];

  @ApiProperty({ type: MergeTargetDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => MergeTargetDto)
  into!: MergeTargetDto;

  @ApiProperty({
    example: '2025-07-01',
    description:
      'First day of the merged unit; the merged units end the day before. Not in the future',
  })
  @IsLocalDate()
  effectiveOn!: string;

  @ApiPropertyOptional(REFERENCE)
  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'reference must not be blank' })
  @MaxLength(300)
  reference?: string;
}

export class DissolveUnitDto {
  @ApiPropertyOptional({
    example: 'so-xay-dung',
    description: 'Active unit that carries on its work',
  })
  @IsOptional()
  @IsString()
  @Matches(UNIT_ID, { message: 'successor must be a unit id' })
  @MaxLength(64)
  successor?: string;

  @ApiProperty({
    example: '2025-07-01',
    description: 'First day without the unit; not in the future',
  })
  @IsLocalDate()
  effectiveOn!: string;

  @ApiPropertyOptional(REFERENCE)
  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'reference must not be blank' })
  @MaxLength(300)
  reference?: string;
}

export class UnitIdParam {
  @IsString()
  @Matches(UNIT_ID, { message: 'id must be a unit id' })
  @MaxLength(64)
  id!: string;
}

export class RecordSourceDto {
  @ApiPropertyOptional({ description: 'Chosen by the server when omitted' })
  @IsOptional()
  @IsString()
  @Matches(UNIT_ID, { message: 'id must be a lowercase slug' })
  @MaxLength(64)
  id?: string;

  @ApiProperty({ enum: SOURCE_TYPES })
  @IsIn(SOURCE_TYPES)
  type!: SourceType;

  @ApiPropertyOptional({ example: '123/TB-UBND' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  reference?: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  title!: string;

  @ApiProperty({ example: '2025-12-25' })
  @IsLocalDate()
  issuedOn!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  signer?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @Matches(UNIT_ID, { each: true, message: 'communes must be unit ids' })
  communes?: string[];
}

/** One declared day's legal reference. */
export class DayReferenceDto {
  @ApiProperty({ example: '2026-04-27' })
  @Matches(LOCAL_DATE, { message: 'date must be a date YYYY-MM-DD' })
  date!: string;

  @ApiProperty({
    example: 'Bộ luật Lao động 2019, Điều 111 khoản 3 (nghỉ bù Giỗ Tổ)',
    maxLength: 300,
  })
  @IsString()
  @Matches(/\S/, { message: 'reference must not be blank' })
  @MaxLength(300)
  reference!: string;
}

export class DeclareCalendarYearDto {
  @ApiProperty({ type: [String], example: ['2026-01-01', '2026-01-02'] })
  @IsArray()
  @ArrayMaxSize(366)
  @Matches(LOCAL_DATE, { each: true, message: 'holidays must be dates YYYY-MM-DD' })
  holidays!: string[];

  @ApiProperty({ type: [String], example: ['2026-01-10'] })
  @IsArray()
  @ArrayMaxSize(53)
  @Matches(LOCAL_DATE, { each: true, message: 'workingSaturdays must be dates YYYY-MM-DD' })
  workingSaturdays!: string[];

  @ApiPropertyOptional({
    description: "The days were checked against the year's decision (absent: not confirmed)",
    example: true,
  })
  @IsOptional()
  @IsBoolean()
  confirmed?: boolean;

  @ApiPropertyOptional({
    description: 'The decision the days come from',
    example: 'Công văn 12729/VPCP-KGVX ngày 25/12/2025',
    maxLength: 300,
  })
  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'reference must not be blank' })
  @MaxLength(300)
  reference?: string;

  @ApiPropertyOptional({
    type: [DayReferenceDto],
    description:
      'The legal reference of single days, each one of holidays or workingSaturdays, once ' +
      '(absent: none)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(366)
  @ValidateNested({ each: true })
  @Type(() => DayReferenceDto)
  dayReferences?: DayReferenceDto[];
}

export class YearParam {
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;
}
