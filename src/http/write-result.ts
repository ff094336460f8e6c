import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiProperty, ApiResponse } from '@nestjs/swagger';
import { ApiProblems } from './api-docs';
import type { HttpReply } from './http-types';
import type { CommandResult } from '../event-sourcing/command-handler';

/** API.md: every write answers `{ id, revision, position }` with `ETag: "<revision>"`. */
export class WriteResult {
  @ApiProperty({ description: 'Id of the item (or unit, source, calendar year) written' })
  id!: string;

  @ApiProperty({ description: "The stream's new revision, a decimal string", example: '3' })
  revision!: string;

  @ApiProperty({
    description: 'Global log position of the write, a decimal string; pass as minPosition',
  })
  position!: string;
}

export function writeResult(
  id: string,
  result: CommandResult<unknown>,
  reply: HttpReply,
): WriteResult {
  void reply.header('ETag', `"${result.revision}"`);
  return { id, revision: result.revision.toString(), position: result.position.toString() };
}

/** OpenAPI for a write: its answer, the ETag, the headers it honours and the problems it may answer. */
export function ApiWrite(status: 200 | 201 = 200): MethodDecorator {
  return applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Up to 200 visible ASCII characters; a retry returns the first answer',
    }),
    ApiHeader({
      name: 'If-Match',
      required: false,
      description: 'Quoted revision, e.g. "3": write only if the item is still at it (else 412)',
    }),
    ApiResponse({
      status,
      type: WriteResult,
      headers: { ETag: { description: 'The new revision, quoted', schema: { type: 'string' } } },
    }),
    ApiProblems(400, 401, 403, 404, 409, 412, 413, 415, 422, 429, 503),
  );
}
