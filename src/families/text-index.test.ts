import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextIndex } from './text-index.ts';

describe('text index', () => {
  it('numbers texts in the order first seen, the same text keeping its number', () => {
    const index = new TextIndex();
    assert.deepEqual(
      ['b', 'a', 'b', '', 'a'].map((text) => index.add(text)),
      [0, 1, 0, 2, 1],
    );
    assert.deepEqual(index.texts, ['b', 'a', '']);
  });

  it('keeps every number while growing far past its first size', () => {
    const index = new TextIndex(4);
    for (let number = 0; number < 50_000; number++) assert.equal(index.add(`P${number}`), number);
    for (let number = 0; number < 50_000; number += 997) assert.equal(index.add(`P${number}`), number);
    assert.equal(index.size, 50_000);
  });

  it('gives a text written as code units the number of the same string', () => {
    const index = new TextIndex();
    const codes = (text: string): Uint16Array => Uint16Array.from(text, (letter) => letter.charCodeAt(0));
    assert.equal(index.add('10 high street\u0000ME141XX'), 0);
    assert.equal(index.addCodes(codes('10 high street\u0000ME141XX'), 22), 0);
    assert.equal(index.addCodes(codes('11 high street\u0000ME141XX'), 22), 1);
    assert.equal(
      index.addCodes(codes('11 high street\u0000ME141XXjunk'), 22),
      1,
      'only the given length counts',
    );
    assert.equal(index.add('11 high street\u0000ME141XX'), 1);
    assert.deepEqual(index.texts, ['10 high street\u0000ME141XX', '11 high street\u0000ME141XX']);
  });
});
