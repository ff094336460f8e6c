import { foldForSearch, searchWords } from './search-text';

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
