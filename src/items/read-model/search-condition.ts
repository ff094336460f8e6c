import type { Database, Statement } from 'better-sqlite3';
import { searchTerms } from './search-text';

/**
 * Up to this many items with the words' trigrams, the search index lists them and only those rows
 * are read and sorted. A search matching more (a word found in most titles) is cheaper the other
 * way round: walk the items newest first until the page is full, and count with one scan of the
 * narrow `items` table (about 15 ms for 100,000 items), than collect and sort all the matches.
 */
const INDEXED_MATCHES = 2_000;

export interface SearchCondition {
  /** SQL conditions on `items`, all of which must hold. */
  where: string[];
  params: Record<string, string>;
  /**
   * True when the words must be looked for in every row's text (the index cannot narrow them):
   * such a search is run in slices, so it cannot hold other queries (`listItemsInSlices`).
   */
  scans: boolean;
}

const probes = new WeakMap<Database, Statement>();

/**
 * The conditions for `q`: every folded word is in the item's folded title and description
 * (`instr`: a plain substring test, no LIKE wildcards to escape). When the words have trigrams and
 * few items have them all, the search index narrows the rows first (`searchIndexQuery`).
 */
export function searchCondition(
  db: Database,
  q: string | undefined,
  indexedMatches = INDEXED_MATCHES,
): SearchCondition {
  const words = searchTerms(q ?? '');
  const where: string[] = [];
  const params: Record<string, string> = {};
  words.forEach((word, i) => {
    where.push(`instr(search, @q${i}) > 0`);
    params[`q${i}`] = word;
  });
  const match = searchIndexQuery(words);
  if (match !== undefined && fewMatches(db, match, indexedMatches)) {
    where.unshift('no IN (SELECT rowid FROM items_search WHERE items_search MATCH @match)');
    params.match = match;
    return { where, params, scans: false };
  }
  return { where, params, scans: words.length > 0 };
}

/**
 * An FTS5 query for the items holding every trigram of every word of three letters or more, or
 * undefined when no word is that long. Each trigram is a separate term: the index keeps no
 * positions, so it cannot tell that they follow each other; `instr` on the text does.
 */
export function searchIndexQuery(words: readonly string[]): string | undefined {
  const trigrams = new Set<string>();
  for (const word of words) {
    // Code points, as the trigram tokenizer counts them (not UTF-16 units).
    const chars = Array.from(word);
    for (let i = 0; i + 3 <= chars.length; i++) trigrams.add(chars.slice(i, i + 3).join(''));
  }
  if (trigrams.size === 0) return undefined;
  return [...trigrams].map((t) => `"${t.replace(/"/g, '""')}"`).join(' AND ');
}

/** Whether at most `limit` items have every trigram: counts no further than one past it. */
function fewMatches(db: Database, match: string, limit: number): boolean {
  let probe = probes.get(db);
  if (!probe) {
    probe = db
      .prepare(
        `SELECT COUNT(*) FROM (
           SELECT rowid FROM items_search WHERE items_search MATCH ? LIMIT ?)`,
      )
      .pluck();
    probes.set(db, probe);
  }
  return (probe.get(match, limit + 1) as number) <= limit;
}
