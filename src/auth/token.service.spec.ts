import * as jwt from 'jsonwebtoken';
import { InvalidTokenError, TokenService } from './token.service';

const SECRET = 'spec-secret-spec-secret-spec-secret-0123';

describe('TokenService', () => {
  const tokens = new TokenService(SECRET);

  it('round-trips a principal', () => {
    const token = tokens.sign({ sub: 'alice', name: 'Alice', role: 'unit', unit: 'so-noi-vu' });
    expect(tokens.verify(token)).toEqual({
      sub: 'alice',
      name: 'Alice',
      role: 'unit',
      unit: 'so-noi-vu',
    });
    // A second check of the same token (answered from memory) gives the same principal.
    expect(tokens.verify(token)).toEqual({
      sub: 'alice',
      name: 'Alice',
      role: 'unit',
      unit: 'so-noi-vu',
    });
  });

  it('says a good token has expired, whether or not it was verified before', () => {
    const token = tokens.sign({ sub: 'bob', name: 'Bob', role: 'office' });
    const fresh = tokens.sign({ sub: 'carol', name: 'Carol', role: 'office' });
    tokens.verify(token);
    const later = Date.now() + 10 * 24 * 3600 * 1000;
    const clock = jest.spyOn(Date, 'now').mockReturnValue(later);
    try {
      for (const t of [token, fresh]) {
        const error = catchError(() => tokens.verify(t));
        expect(error).toBeInstanceOf(InvalidTokenError);
        expect((error as InvalidTokenError).expired).toBe(true);
      }
    } finally {
      clock.mockRestore();
    }
    const forged = jwt.sign({ role: 'office', name: 'x' }, `${SECRET}!`, {
      subject: 'x',
      expiresIn: '1h',
    });
    expect((catchError(() => tokens.verify(forged)) as InvalidTokenError).expired).toBe(false);
  });

  it('refuses another algorithm, alg none, a bad signature, a missing expiry or role', () => {
    const now = Math.floor(Date.now() / 1000);
    const bad = [
      jwt.sign({ role: 'office', name: 'x' }, SECRET, {
        subject: 'x',
        algorithm: 'HS384',
        expiresIn: '1h',
      }),
      jwt.sign({ role: 'office', name: 'x', sub: 'x', exp: now + 60 }, '', { algorithm: 'none' }),
      jwt.sign({ role: 'office', name: 'x' }, `${SECRET}!`, { subject: 'x', expiresIn: '1h' }),
      jwt.sign({ role: 'office', name: 'x' }, SECRET, { subject: 'x' }),
      jwt.sign({ role: 'superuser', name: 'x' }, SECRET, { subject: 'x', expiresIn: '1h' }),
      jwt.sign({ role: 'unit', name: 'x' }, SECRET, { subject: 'x', expiresIn: '1h' }),
    ];
    for (const token of bad) expect(() => tokens.verify(token)).toThrow(InvalidTokenError);
  });

  it('stops accepting a remembered token once it expires', () => {
    jest.useFakeTimers({ now: new Date('2026-03-01T00:00:00Z') });
    try {
      const token = tokens.sign({ sub: 'bob', name: 'Bob', role: 'office' }, { expiresIn: '1m' });
      expect(tokens.verify(token).sub).toBe('bob');
      jest.setSystemTime(new Date('2026-03-01T00:01:01Z'));
      expect(() => tokens.verify(token)).toThrow(InvalidTokenError);
    } finally {
      jest.useRealTimers();
    }
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
