import { DOMAIN_ERROR_KINDS, DomainError } from './domain-error';

describe('DomainError', () => {
  it('takes its kind from the code, so the HTTP layer maps kinds, not codes', () => {
    expect(new DomainError('ITEM.NOT_FOUND', 'x').kind).toBe('not-found');
    expect(new DomainError('ITEM.ILLEGAL_TRANSITION', 'x').kind).toBe('conflict');
    expect(new DomainError('ITEM.OCCURRED_BEFORE_RAISED', 'x').kind).toBe('invalid');
  });

  it('lets another module bring its own code and kind', () => {
    const error = new DomainError('UNIT.NOT_FOUND', 'no unit', { unitId: 'u' }, 'not-found');
    expect(error).toMatchObject({
      code: 'UNIT.NOT_FOUND',
      kind: 'not-found',
      details: { unitId: 'u' },
    });
    expect(new DomainError('SOMETHING.ELSE', 'x').kind).toBe('invalid');
  });

  it('is an Error with a message and field errors for VALIDATION', () => {
    const error = DomainError.invalidField('title', 'must be a non-empty string');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('DomainError');
    expect(error.code).toBe('VALIDATION');
    expect(error.details).toEqual({
      errors: [{ field: 'title', message: 'must be a non-empty string' }],
    });
  });

  it('keeps every code stable (renaming one breaks clients)', () => {
    expect(Object.keys(DOMAIN_ERROR_KINDS).sort()).toEqual([
      'CALENDAR.INVALID',
      'ITEM.ACT_OUT_OF_ORDER',
      'ITEM.ALREADY_EXISTS',
      'ITEM.EXTENSION_ALREADY_PENDING',
      'ITEM.EXTENSION_NOT_LATER',
      'ITEM.ILLEGAL_TRANSITION',
      'ITEM.LEAD_UNIT_ALSO_SUPPORTING',
      'ITEM.NOT_A_RECOMMENDATION',
      'ITEM.NOT_FOUND',
      'ITEM.NO_COMPLETION_REPORT',
      'ITEM.NO_DEADLINE',
      'ITEM.NO_PENDING_EXTENSION',
      'ITEM.OCCURRED_BEFORE_RAISED',
      'ITEM.PROGRESS_LIMIT',
      'VALIDATION',
    ]);
  });
});
