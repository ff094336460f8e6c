import { IsInt, IsOptional, IsString, Max, MinLength } from 'class-validator';
import { ProblemException } from './problem';
import { DtoValidationPipe } from './validation';

class NoteRequest {
  @IsString()
  @MinLength(1)
  note!: string;

  @IsOptional()
  @IsInt()
  @Max(100)
  percent?: number;
}

describe('DtoValidationPipe', () => {
  const pipe = new DtoValidationPipe();
  const body = { type: 'body', metatype: NoteRequest } as const;

  async function refusal(value: unknown): Promise<ProblemException> {
    const error = await pipe.transform(value, body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProblemException);
    return error as ProblemException;
  }

  it('turns a valid body into an instance of its DTO', async () => {
    const result = await pipe.transform({ note: 'xong', percent: 40 }, body);
    expect(result).toBeInstanceOf(NoteRequest);
    expect(result).toEqual({ note: 'xong', percent: 40 });
  });

  it('refuses with 400 naming every field at fault, unknown fields included', async () => {
    const error = await refusal({ note: '', percent: 140, extra: 1 });
    expect(error.getStatus()).toBe(400);
    expect(error.errors?.map((e) => e.field).sort()).toEqual(['extra', 'note', 'percent']);
  });

  it('validates a missing body as an empty object', async () => {
    const error = await refusal(undefined);
    expect(new Set(error.errors?.map((e) => e.field))).toEqual(new Set(['note']));
  });

  it('passes plain parameters and custom decorators through untouched', async () => {
    expect(await pipe.transform('ab-12', { type: 'param', metatype: String, data: 'id' })).toBe(
      'ab-12',
    );
    const principal = { sub: 'u1' };
    expect(await pipe.transform(principal, { type: 'custom', metatype: NoteRequest })).toBe(
      principal,
    );
  });
});
