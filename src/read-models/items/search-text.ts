/**
 * Text as search compares it: Vietnamese without diacritics, lowercase, single spaces, so
 * "giai ngan", "Giải Ngân" and "giải ngân" all meet. NFD splits a letter from its tone and vowel
 * marks (which are then dropped); đ/Đ are letters of their own in Unicode and are mapped by hand.
 *
 * A rebuild folds 100,000 titles and descriptions, so the fold of every code point up to U+1EFF
 * (Latin, combining marks, Latin Extended Additional: all of Vietnamese) is computed once into a
 * table; other characters are only lowercased.
 */
const TABLE_END = 0x1f00;
const FOLDED: string[] = Array.from({ length: TABLE_END }, (_, code) =>
  slowFold(String.fromCharCode(code)),
);

function slowFold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();
}

export function foldForSearch(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    out += code < TABLE_END ? FOLDED[code] : text[i].toLowerCase();
  }
  return out.replace(/\s+/g, ' ').trim();
}

/** The words of a search, folded; an item matches when its text contains every one. */
export function searchWords(q: string): string[] {
  return foldForSearch(q).split(' ').filter(Boolean);
}
