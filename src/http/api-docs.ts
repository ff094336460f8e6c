import { applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';

/** One field's complaint in a 400 problem document. */
export class FieldErrorDoc {
  @ApiProperty({ example: 'title' })
  field!: string;

  @ApiProperty({ example: 'title must be shorter than or equal to 500 characters' })
  message!: string;
}

/** RFC 7807 problem document (API.md, "Conventions"): every error the API answers. */
export class Problem {
  @ApiProperty({ example: 'urn:follow-up:problem:item.not_found' })
  type!: string;

  @ApiProperty({ example: 'Not Found' })
  title!: string;

  @ApiProperty({ example: 404 })
  status!: number;

  @ApiProperty({ description: 'Stable code', example: 'ITEM.NOT_FOUND' })
  code!: string;

  @ApiProperty({ example: 'No item 7b1c…' })
  detail!: string;

  @ApiPropertyOptional({ type: [FieldErrorDoc] })
  errors?: FieldErrorDoc[];
}

export const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input (problem document with per-field errors)',
  401: 'No token, a bad signature or an expired token',
  403: 'Not allowed for this role or unit',
  404: 'Unknown id',
  409: 'Not allowed in the current state',
  412: 'If-Match names a stale revision',
  413: 'Body over 64 KiB',
  415: 'Body is not JSON',
  422: 'Idempotency-Key reused with a different request',
  429: 'Too many requests (bad tokens from this client, or a rate limit); see Retry-After',
  503: 'Temporarily unavailable (the store, or the read models restarting or behind minPosition); see Retry-After',
};

/** The problem documents an operation (or every operation of a controller) may answer. */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(Problem),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: PROBLEM_DESCRIPTIONS[status] ?? 'Problem document',
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(Problem) } } },
      }),
    ),
  );
}

/**
 * Problems any route behind a bearer token may answer: no or a bad token, a role or unit that may
 * not, too many bad tokens from this client, the store or the read side unavailable.
 */
export const API_PROBLEMS = [401, 403, 429, 503] as const;

/** A bearer-protected read: its summary, and the problems of a token and of a bad query. */
export function ApiRead(summary: string, ...statuses: number[]): MethodDecorator {
  return applyDecorators(ApiOperation({ summary }), ApiProblems(400, ...statuses));
}

/** A route anyone may call: no token (`security: []` overrides the controller's bearer). */
export function ApiPublic(summary: string): MethodDecorator {
  return applyDecorators(ApiOperation({ summary, security: [] }));
}

/** A JSON schema as the OpenAPI document holds it (3.0: `nullable` rather than type lists). */
export type Schema = Record<string, unknown>;

/**
 * Terse builders for response schemas (`@ApiOkResponse({ schema })`), which describe what the
 * query handlers answer (plain objects, not classes). Objects list their properties as required
 * unless named in `optional`; extra properties are allowed, so adding a field is not a break.
 */
export const S = {
  string: (extra: Schema = {}): Schema => ({ type: 'string', ...extra }),
  date: (): Schema => ({ type: 'string', format: 'date' }),
  time: (): Schema => ({ type: 'string', format: 'date-time' }),
  /** A decimal string: log positions and revisions (64-bit, beyond JSON's safe integers). */
  decimal: (): Schema => ({ type: 'string', pattern: '^-?\\d+$' }),
  integer: (extra: Schema = {}): Schema => ({ type: 'integer', ...extra }),
  number: (): Schema => ({ type: 'number' }),
  boolean: (): Schema => ({ type: 'boolean' }),
  enum: (values: readonly string[]): Schema => ({ type: 'string', enum: [...values] }),
  /** Null too (OpenAPI 3.0.3: an enum must then list null among its values). */
  nullable: (schema: Schema): Schema =>
    Array.isArray(schema.enum)
      ? { ...schema, nullable: true, enum: [...(schema.enum as unknown[]), null] }
      : { ...schema, nullable: true },
  array: (items: Schema): Schema => ({ type: 'array', items }),
  /** Any JSON value (an event's data, a field's old and new value). */
  any: (description?: string): Schema => (description ? { description } : {}),
  object: (properties: Record<string, Schema>, optional: readonly string[] = []): Schema => {
    const required = Object.keys(properties).filter((key) => !optional.includes(key));
    return { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
  },
  /** An object keyed by ids or names (a map), each value of `values`. */
  map: (values: Schema): Schema => ({ type: 'object', additionalProperties: values }),
};

/** The `ETag` header of an answer that carries the revision it shows. */
export const ETAG_HEADER = {
  ETag: { description: 'The revision, quoted', schema: { type: 'string' } },
};

/** The media type of the workbooks the lists and reports export. */
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
