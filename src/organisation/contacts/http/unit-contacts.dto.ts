import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsObject,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  ValidateBy,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { webhookUrlProblem } from '../../../shared/webhook-url';
import { MAX_CONTACT_EMAILS } from '../unit-contacts.registry';

const MAX_URL_LENGTH = 2000;

/** A URL the webhook channel will post to: https, or http to this machine only. */
function IsWebhookUrl(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isWebhookUrl',
      validator: {
        validate: (value) => typeof value === 'string' && webhookUrlProblem(value) === undefined,
        defaultMessage: (args) => {
          const value: unknown = args?.value;
          const problem = typeof value === 'string' ? webhookUrlProblem(value) : 'must be a string';
          return `${args?.property ?? 'url'} ${problem}`;
        },
      },
    },
    options,
  );
}

export class WebhookDto {
  @ApiProperty({
    example: 'https://hooks.noivu.gov.vn/follow-up',
    maxLength: MAX_URL_LENGTH,
    description: 'https:// (http:// only to localhost); no credentials in the URL',
  })
  @IsString()
  @MaxLength(MAX_URL_LENGTH)
  @IsWebhookUrl()
  url!: string;

  @ApiProperty({
    minLength: 16,
    maxLength: 200,
    writeOnly: true,
    description: 'Key of the HMAC-SHA256 in X-Signature. Stored encrypted and never answered back.',
  })
  @IsString()
  @Length(16, 200)
  secret!: string;
}

/** `PUT /api/units/{id}/contacts`: the unit's contacts, replacing those in force. */
export class SetUnitContactsDto {
  @ApiProperty({
    type: [String],
    maxItems: MAX_CONTACT_EMAILS,
    example: ['vanthu@noivu.gov.vn'],
    description: 'Addresses of the email digests, each once (without regard to case); may be empty',
  })
  @IsArray()
  @ArrayMaxSize(MAX_CONTACT_EMAILS)
  @IsEmail({}, { each: true, message: 'each of emails must be an email address' })
  emails!: string[];

  @ApiPropertyOptional({
    type: WebhookDto,
    nullable: true,
    description: 'Absent or null: the unit takes no webhook',
  })
  @IsOptional()
  @IsObject({ message: 'webhook must be { url, secret } or null' })
  @ValidateNested()
  @Type(() => WebhookDto)
  webhook?: WebhookDto | null;
}

export class WebhookSummaryDto {
  @ApiProperty({ example: 'https://hooks.noivu.gov.vn/follow-up' })
  url!: string;

  @ApiProperty({ enum: [true], description: 'A secret is set; it is never answered' })
  secretSet!: true;
}

/** `GET /api/units/{id}/contacts`. */
export class UnitContactsDto {
  @ApiProperty({ example: 'so-noi-vu' })
  unitId!: string;

  @ApiProperty({ type: [String], example: ['vanthu@noivu.gov.vn'] })
  emails!: string[];

  @ApiProperty({ type: WebhookSummaryDto, nullable: true })
  webhook!: WebhookSummaryDto | null;
}
