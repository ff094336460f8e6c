import fc from 'fast-check';
import { foldForSearch, searchWords, WHITESPACE } from './search-text';

describe('foldForSearch', () => {
  it('drops tone and vowel marks and maps đ to d', () => {
    expect(foldForSearch('Đẩy nhanh GIẢI NGÂN vốn đầu tư công')).toBe(
      'day nhanh giai ngan von dau tu cong',
    );
  });

  it('folds precomposed and decomposed spellings alike', () => {
    const precomposed = 'giải ngân'.normalize('NFC');
    const decomposed = 'giải ngân'.normalize('NFD');
    expect(foldForSearch(precomposed)).toBe(foldForSearch(decomposed));
  });

  it('splits a query into folded words', () => {
    expect(searchWords('  Giải   ngân ')).toEqual(['giai', 'ngan']);
  });
});

describe('foldForSearch on every Vietnamese letter', () => {
  it('agrees with the NFD definition, upper and lower case', () => {
    const letters =
      'aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ';
    const all = letters + letters.toUpperCase();
    const slow = all
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[đĐ]/g, 'd')
      .toLowerCase();
    expect(foldForSearch(all)).toBe(slow);
  });
});

describe('foldForSearch on any text', () => {
  /** The definition: each character folded alone, then whitespace runs collapsed and trimmed. */
  function reference(text: string): string {
    let out = '';
    for (const char of text.split('')) {
      out +=
        char.charCodeAt(0) < 0x1f00
          ? char
              .normalize('NFD')
              .replace(/[\u0300-\u036f]/g, '')
              .replace(/[đĐ]/g, 'd')
              .toLowerCase()
          : char.toLowerCase();
    }
    return out.replace(/\s+/g, ' ').trim();
  }

  it('agrees with the definition, whitespace of every kind included', () => {
    const spaces = fc.constantFrom(...WHITESPACE.map((code) => String.fromCharCode(code)));
    const text = fc
      .array(fc.oneof(fc.string({ unit: 'binary', maxLength: 4 }), spaces), { maxLength: 12 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (t) => expect(foldForSearch(t)).toBe(reference(t))),
      { numRuns: 2_000 },
    );
  });

  it('knows exactly the characters \\s matches', () => {
    const matched = Array.from({ length: 0x10000 }, (_, code) => code).filter((code) =>
      /\s/.test(String.fromCharCode(code)),
    );
    expect(matched).toEqual(WHITESPACE);
  });
});
