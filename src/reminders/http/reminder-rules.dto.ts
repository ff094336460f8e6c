import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  REMINDER_RECIPIENTS,
  REMINDER_WHENS,
  type ReminderRecipient,
  type ReminderRule,
  type ReminderRules,
  type ReminderWhen,
  type SendWindow,
} from '../reminder-rules';

/** Rule ids are short slugs ("before-due-3"): stable, since a rule fires once per id and deadline. */
const RULE_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;
/** A local time of day, 00:00 to 23:59. */
const LOCAL_TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const MAX_RULES = 50;
const MAX_WORKING_DAYS = 60;

export class ReminderRuleDto implements ReminderRule {
  @ApiProperty({ example: 'before-due-3', pattern: RULE_ID.source, maxLength: 40 })
  @IsString()
  @Matches(RULE_ID, {
    message: 'id must be 1 to 40 lowercase letters, digits or hyphens, not starting with a hyphen',
  })
  id!: string;

  @ApiProperty({
    enum: REMINDER_WHENS,
    description:
      'before-due: working days before the current deadline; overdue: past it (0 = the first ' +
      'day overdue); the others: since the item entered that state',
  })
  @IsIn(REMINDER_WHENS)
  when!: ReminderWhen;

  @ApiProperty({
    minimum: 0,
    maximum: MAX_WORKING_DAYS,
    example: 3,
    description: 'Counted on the working-day calendar; at least 1 for before-due',
  })
  @IsInt()
  @Min(0)
  @Max(MAX_WORKING_DAYS)
  workingDays!: number;

  @ApiProperty({ enum: REMINDER_RECIPIENTS, isArray: true, example: ['lead-unit'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique({ message: 'notify must not name a recipient twice' })
  @IsIn(REMINDER_RECIPIENTS, { each: true })
  notify!: ReminderRecipient[];
}

export class SendWindowDto implements SendWindow {
  @ApiProperty({ example: '07:30', pattern: LOCAL_TIME.source })
  @IsString()
  @Matches(LOCAL_TIME, { message: 'from must be a time HH:MM between 00:00 and 23:59' })
  from!: string;

  @ApiProperty({ example: '17:00', pattern: LOCAL_TIME.source, description: 'After from' })
  @IsString()
  @Matches(LOCAL_TIME, { message: 'to must be a time HH:MM between 00:00 and 23:59' })
  to!: string;
}

/** `PUT /api/reminder-rules`: the whole set, replacing the one in force. */
export class SetReminderRulesDto implements ReminderRules {
  @ApiProperty({
    type: [ReminderRuleDto],
    maxItems: MAX_RULES,
    description: 'Ids unique; an empty list sends no reminders',
  })
  @IsArray()
  @ArrayMaxSize(MAX_RULES)
  @ValidateNested({ each: true })
  @Type(() => ReminderRuleDto)
  rules!: ReminderRuleDto[];

  @ApiProperty({
    type: SendWindowDto,
    nullable: true,
    description:
      'Local times (Asia/Ho_Chi_Minh) on working days between which reminders are sent; ' +
      'null sends at any time',
  })
  // Null is an answer (no window); anything else must be a window.
  @ValidateIf((_, value) => value !== null)
  @IsObject({ message: 'sendWindow must be { from, to } or null' })
  @ValidateNested()
  @Type(() => SendWindowDto)
  sendWindow!: SendWindowDto | null;
}

/** `GET /api/reminder-rules`: the rules in force. */
export class ReminderRulesInForceDto extends SetReminderRulesDto {
  @ApiProperty({
    type: String,
    nullable: true,
    example: '2',
    description:
      "The reminder-rules stream's revision the rules were set at (also the ETag, for If-Match); " +
      "null while API.md's defaults are in force",
  })
  revision!: string | null;
}
