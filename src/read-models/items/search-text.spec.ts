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
