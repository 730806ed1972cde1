import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChunkDecoder, firstInvalidUtf8, InvalidUtf8 } from './text-decoding.ts';

describe('firstInvalidUtf8', () => {
  it('accepts valid UTF-8 of every length', () => {
    assert.equal(firstInvalidUtf8(Buffer.from('a é € 😀')), -1);
  });

  it('finds stray, overlong, surrogate and cut-off sequences', () => {
    assert.equal(firstInvalidUtf8(Buffer.from([0x61, 0xe9, 0x62])), 1);
    assert.equal(firstInvalidUtf8(Buffer.from([0x61, 0xc0, 0xaf])), 1);
    assert.equal(firstInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80])), 0);
    assert.equal(firstInvalidUtf8(Buffer.from([0x61, 0x62, 0xe2, 0x82])), 2);
  });
});

describe('ChunkDecoder', () => {
  it('joins a character cut between chunks', () => {
    const decoder = new ChunkDecoder('utf-8');
    const bytes = Buffer.from('😀é');
    const text = [...bytes].map((byte) => decoder.decode(Uint8Array.of(byte))).join('');
    decoder.end();
    assert.equal(text, '😀é');
  });

  it('reports the line feeds before an invalid byte', () => {
    const decoder = new ChunkDecoder('utf-8');
    assert.throws(
      () => decoder.decode(Buffer.concat([Buffer.from('a\nb\n'), Buffer.from([0xff])])),
      (error) => error instanceof InvalidUtf8 && error.lineFeedsBefore === 2 && error.byte === 0xff,
    );
  });
});
