import fc from 'fast-check';
import { instantMs } from './instant';

describe('instantMs', () => {
  it('reads every instant toISOString writes as Date.parse does', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_000_000_000_000, max: 253_000_000_000_000 }), (ms) => {
        const iso = new Date(ms).toISOString();
        expect(instantMs(iso)).toBe(Date.parse(iso));
      }),
      { numRuns: 5_000 },
    );
  });

  it('agrees with Date.parse on malformed and out-of-range strings too', () => {
    const char = fc.constantFrom(...'0123456789-T:.Z+ x'.split(''));
    const nearIso = fc.oneof(
      fc.array(char, { minLength: 24, maxLength: 24 }).map((chars) => chars.join('')),
      // Canonical shape, any digits: 31 February, hour 24, month 13, year 0042...
      fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 17, maxLength: 17 }).map((d) => {
        const s = d.join('');
        return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(8, 10)}:${s.slice(10, 12)}:${s.slice(12, 14)}.${s.slice(14, 17)}Z`;
      }),
    );
    fc.assert(
      fc.property(nearIso, (text) => {
        expect(Object.is(instantMs(text), Date.parse(text))).toBe(true);
      }),
      { numRuns: 5_000 },
    );
  });
});
