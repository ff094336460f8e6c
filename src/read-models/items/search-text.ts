/**
 * Text as search compares it: Vietnamese without diacritics, lowercase, single spaces, so
 * "giai ngan", "Giải Ngân" and "giải ngân" all meet. NFD splits a letter from its tone and vowel
 * marks (which are then dropped); đ/Đ are letters of their own in Unicode and are mapped by hand.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** The words of a search, folded; an item matches when its text contains every one. */
export function searchWords(q: string): string[] {
  return foldForSearch(q).split(' ').filter(Boolean);
}
