import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsNumber,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { MAX_GRADES, type GradeBand, type RatingRules } from './rating-rules';

export class GradeBandDto implements GradeBand {
  @ApiProperty({ example: 'A', maxLength: 8 })
  @IsString()
  @Matches(/^[\p{L}\p{N}+-]{1,8}$/u, { message: 'grade must be 1 to 8 letters, digits, + or -' })
  grade!: string;

  @ApiProperty({ example: 'Hoàn thành xuất sắc nhiệm vụ', maxLength: 120 })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  label!: string;

  @ApiProperty({ minimum: 0, maximum: 1000, example: 90 })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(1000)
  minScore!: number;
}

/** `PUT /api/rating-rules`: a new version of the rules. */
export class SetRatingRulesDto implements RatingRules {
  @ApiProperty({
    minimum: 1,
    maximum: 1000,
    example: 100,
    description: 'Points for completing on time every item due in the period (scaled by the share)',
  })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(1)
  @Max(1000)
  onTimePoints!: number;

  @ApiProperty({
    minimum: 0,
    maximum: 100,
    example: 2,
    description: 'Points taken off per item due in the period and still overdue at its end',
  })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(100)
  overduePenalty!: number;

  @ApiProperty({
    type: [GradeBandDto],
    maxItems: MAX_GRADES,
    description: 'Highest first, each minScore below the one before, the last at 0; grades unique',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_GRADES)
  @ValidateNested({ each: true })
  @Type(() => GradeBandDto)
  grades!: GradeBandDto[];
}

/** `GET /api/rating-rules`: a version of the rules. */
export class RatingRulesVersionDto extends SetRatingRulesDto {
  @ApiProperty({
    type: String,
    nullable: true,
    example: '0',
    description:
      "The rating-rules stream's revision of this version; null for the built-in defaults",
  })
  revision!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '2026-04-01',
    description: 'The day it was set: it rates the periods ending on or after that day',
  })
  effectiveFrom!: string | null;
}

/** `GET /api/rating-rules`: the latest version, and every version set so far. */
export class RatingRulesHistoryDto extends RatingRulesVersionDto {
  @ApiProperty({ type: [RatingRulesVersionDto], description: 'Every version set, oldest first' })
  versions!: RatingRulesVersionDto[];
}
