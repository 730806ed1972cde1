/** Letters that Unicode decomposition leaves whole but English records write plainly. */
const plainLetters: Record<string, string> = {
  ł: 'l',
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

const combiningMarks = /[\u0300-\u036f]/g;
const notLetterOrDigit = /[^a-z0-9]+/g;

/** Lower case, accents removed, apostrophes dropped (O'Brien → obrien), other punctuation a space. */
export function foldText(raw: string): string {
  let text = raw.toLowerCase();
  // Fast path: most values are already plain ASCII.
  if (/[^\x00-\x7f]/.test(text)) {
    text = text.normalize('NFD').replace(combiningMarks, '');
    text = text.replace(/[łøæœßđðþı]/g, (letter) => plainLetters[letter] ?? letter);
  }
  return text
    .replace(/['’‘`]/g, '')
    .replace(notLetterOrDigit, ' ')
    .trim();
}

export function tokens(folded: string): string[] {
  return folded === '' ? [] : folded.split(' ');
}
