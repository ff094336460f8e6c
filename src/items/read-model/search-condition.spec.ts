import fc from 'fast-check';
import { MemoryEventStore } from '../../event-store/memory/memory-event-store';
import type { ReadModelSet } from '../../read-side/read-model-set';
import { FollowUpScenario } from '../../../test/support/read-models/follow-up-scenario';
import { projectToHead } from '../../../test/support/read-models/project';
import { searchCondition, searchIndexQuery } from './search-condition';
import { foldForSearch, searchTerms } from './search-text';

const TEXTS = [
  'Đẩy nhanh giải ngân vốn đầu tư công',
  'Bổ sung biên chế công chức cấp xã',
  'Bảo vệ hành lang đê điều "khẩn"',
  'Sửa đường 100% vốn tỉnh, dự án_A',
  'Giải quyết kiến nghị của cử tri',
  '𝔘nicode ngoài BMP: 🌾 lúa',
];

/**
 * The search index is a shortcut: with it or without it (a scan of every row), a search finds the
 * same items, and those are the items whose folded title or description holds every word.
 */
describe('search condition', () => {
  let set: ReadModelSet;
  const texts = new Map<string, string>();

  beforeAll(async () => {
    const store = new MemoryEventStore();
    const scenario = new FollowUpScenario(store);
    for (const [i, title] of TEXTS.entries()) {
      for (const description of [undefined, TEXTS[(i + 1) % TEXTS.length]]) {
        const id = await scenario.raise('2026-02-02T02:00:00Z', {
          kind: 'directive',
          title,
          ...(description ? { description } : {}),
        });
        texts.set(id, foldForSearch(`${title}\n${description ?? ''}`));
      }
    }
    set = await projectToHead(store);
  });

  afterAll(() => set.db.close());

  const found = (q: string, indexedMatches: number): string[] => {
    const { where, params } = searchCondition(set.db, q, indexedMatches);
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    return (
      set.db.prepare(`SELECT id FROM items ${clause}`).pluck().all(params) as string[]
    ).sort();
  };

  // Pieces of the texts (whole words, parts of words, across words; cut between code points, as
  // a person types), and odd strings.
  const query = fc.oneof(
    fc.tuple(fc.constantFrom(...TEXTS), fc.nat(40), fc.nat(12)).map(([text, from, length]) =>
      Array.from(text)
        .slice(from, from + length)
        .join(''),
    ),
    fc.string({ maxLength: 6 }),
    fc.constantFrom('giai ngan', 'GIẢI', 'đê', '"', '100%', '_a', 'x', 'lua', '🌾'),
  );

  it('finds the same items with the index and without it', () => {
    fc.assert(
      fc.property(query, (q) => {
        // The words a search runs: one-letter words beside longer ones are ignored.
        const words = (() => {
          try {
            return searchTerms(q);
          } catch {
            return undefined;
          }
        })();
        if (words === undefined) {
          expect(() => found(q, 0)).toThrow(/at most 8/);
          return;
        }
        const expected = [...texts]
          .filter(([, text]) => words.every((word) => text.includes(word)))
          .map(([id]) => id)
          .sort();
        expect(found(q, Number.MAX_SAFE_INTEGER)).toEqual(expected);
        expect(found(q, 0)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('looks up every trigram of the words of three letters or more, quoted', () => {
    expect(searchIndexQuery(['giai', 'x', 'đê'])).toBe('"gia" AND "iai"');
    expect(searchIndexQuery(['a"bc'])).toBe('"a""b" AND """bc"');
    expect(searchIndexQuery(['ab', 'c'])).toBeUndefined();
  });
});
