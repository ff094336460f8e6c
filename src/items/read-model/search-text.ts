import { DomainError } from '../../shared/domain-error';

/**
 * Text as search compares it: Vietnamese without diacritics, lowercase, single spaces, so
 * "giai ngan", "Giải Ngân" and "giải ngân" all meet. NFD splits a letter from its tone and vowel
 * marks (which are then dropped); đ/Đ are letters of their own in Unicode and are mapped by hand.
 *
 * A rebuild folds 100,000 titles and descriptions, so the fold of every code point up to U+1EFF
 * (Latin, combining marks, Latin Extended Additional: all of Vietnamese) is computed once into a
 * table; other characters are only lowercased. The result is gathered as char codes, not by string
 * concatenation, which made the fold three times slower.
 */
const TABLE_END = 0x1f00;
const FOLDED: number[][] = Array.from({ length: TABLE_END }, (_, code) =>
  codesOf(slowFold(String.fromCharCode(code))),
);
/** The fold when it is one char code (nearly always), else -1. */
const FOLDED_TO_ONE = Int32Array.from(FOLDED, (codes) => (codes.length === 1 ? codes[0] : -1));

/** What `\s` matches in a JavaScript regular expression (WhiteSpace and LineTerminator). */
export const WHITESPACE: readonly number[] = [
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005,
  0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff,
];
const IS_SPACE = new Uint8Array(0x10000);
for (const code of WHITESPACE) IS_SPACE[code] = 1;

const SPACE = 0x20;
/** Stays well under the argument count `String.fromCharCode.apply` accepts. */
const CHUNK = 4096;

function slowFold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();
}

function codesOf(text: string): number[] {
  return Array.from({ length: text.length }, (_, i) => text.charCodeAt(i));
}

/** Folds `text`; whitespace runs become one space, none at either end (as `\s+` and `trim`). */
export function foldForSearch(text: string): string {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < TABLE_END) {
      const one = FOLDED_TO_ONE[code];
      if (one >= 0) pushCollapsing(out, one);
      else for (const folded of FOLDED[code]) pushCollapsing(out, folded);
    } else {
      const lower = text[i].toLowerCase();
      for (let j = 0; j < lower.length; j++) pushCollapsing(out, lower.charCodeAt(j));
    }
  }
  if (out[out.length - 1] === SPACE) out.pop();
  if (out.length <= CHUNK) return String.fromCharCode.apply(null, out);
  let result = '';
  for (let i = 0; i < out.length; i += CHUNK) {
    result += String.fromCharCode.apply(null, out.slice(i, i + CHUNK));
  }
  return result;
}

/** Appends `code`, or one space for a run of whitespace (none at the start). */
function pushCollapsing(out: number[], code: number): void {
  if (IS_SPACE[code] === 0) out.push(code);
  else if (out.length > 0 && out[out.length - 1] !== SPACE) out.push(SPACE);
}

/** At most this many words in one search: each is one substring scan per row it reads. */
export const MAX_SEARCH_WORDS = 8;

/**
 * The words a search runs, folded: each once, none contained in another (a text holding "ngan"
 * holds "ng"), and one-character words dropped beside a longer one (a letter narrows nothing but
 * costs a scan). More than `MAX_SEARCH_WORDS` left is a 400 on `q`.
 */
export function searchTerms(q: string): string[] {
  const distinct = [...new Set(searchWords(q))];
  const long = distinct.filter((word) => Array.from(word).length >= 2);
  const kept = long.length > 0 ? long : distinct;
  const terms = kept.filter(
    (word) => !kept.some((other) => other !== word && other.includes(word)),
  );
  if (terms.length > MAX_SEARCH_WORDS) {
    throw DomainError.invalidField('q', `at most ${MAX_SEARCH_WORDS} different words`);
  }
  return terms;
}

/** The words of a search, folded; an item matches when its text contains every one. */
export function searchWords(q: string): string[] {
  return foldForSearch(q).split(' ').filter(Boolean);
}
