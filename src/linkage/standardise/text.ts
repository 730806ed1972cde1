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

/** A standard value's words in sorted order (house numbers, street words in any order); one word needs no sorting. */
export const sortedWords = (text: string): string =>
  text.includes(' ') ? text.split(' ').sort().join(' ') : text;

/**
 * The tokens of `foldText` in one pass, for the common text that folds to ASCII without apostrophes;
 * null for other text. Addresses are mostly new text, and a million-person county has some 700,000.
 */
export function plainTokens(raw: string): string[] | null {
  const text = raw.toLowerCase();
  const words: string[] = [];
  let wordStart = -1;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57)) {
      if (wordStart < 0) wordStart = at;
      continue;
    }
    // An apostrophe joins the letters either side, and other letters need folding: both as foldText does.
    if (code > 127 || code === 39 || code === 96) return null;
    if (wordStart >= 0) words.push(text.slice(wordStart, at));
    wordStart = -1;
  }
  if (wordStart >= 0) words.push(text.slice(wordStart));
  return words;
}
