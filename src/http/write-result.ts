import type { Response } from 'express';
import type { CommandResult } from '../event-store/handle-command';

/** API.md: every write answers `{ id, revision, position }` with `ETag: "<revision>"`. */
export interface WriteResult {
  id: string;
  revision: string;
  position: string;
}

export function writeResult(
  id: string,
  result: CommandResult<unknown>,
  response: Response,
): WriteResult {
  response.setHeader('ETag', `"${result.revision}"`);
  return { id, revision: result.revision.toString(), position: result.position.toString() };
}
