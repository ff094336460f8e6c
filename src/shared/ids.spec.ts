import { uuidFromKey, uuidv7 } from './ids';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('ids', () => {
  it('derives the same UUID from the same key, and different ones from different keys', () => {
    expect(uuidFromKey('office', 'k1')).toBe(uuidFromKey('office', 'k1'));
    expect(uuidFromKey('office', 'k1')).not.toBe(uuidFromKey('office', 'k2'));
    expect(uuidFromKey('a', 'bc')).not.toBe(uuidFromKey('ab', 'c'));
    expect(uuidFromKey('office', 'k1')).toMatch(UUID);
  });

  it('makes version 7 UUIDs that sort by creation time', () => {
    const ids = [1_700_000_000_000, 1_700_000_000_001, 1_800_000_000_000].map((t) => uuidv7(t));
    ids.forEach((id) =>
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
    );
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(Array.from({ length: 1000 }, () => uuidv7())).size).toBe(1000);
  });
});
