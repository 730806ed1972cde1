import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';

/** A file's identity for idempotent uploads: the SHA-256 of its bytes, and how many there are. */
export interface ExtractFingerprint {
  sha256: string;
  bytes: number;
}

export async function fingerprintExtract(path: string): Promise<ExtractFingerprint> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** A body bigger than the installation accepts; nothing of it is kept. */
export class ExtractTooLarge extends Error {
  readonly limit: number;
  constructor(limit: number) {
    super(
      `The file is larger than ${(limit / 1e6).toLocaleString('en-GB')} MB, the most this service accepts in one upload. ` +
        'Split it, or ask your administrator to raise KINDRED_UPLOAD_MAX_BYTES.',
    );
    this.name = 'ExtractTooLarge';
    this.limit = limit;
  }
}

/**
 * Writes an incoming body (a browser's file, an API request) to `path` as it arrives, fingerprinting it on
 * the way: the file is read twice later (checked, then loaded), and is never held in memory.
 */
export async function spoolExtract(
  input: AsyncIterable<Uint8Array>,
  path: string,
  maxBytes: number,
): Promise<ExtractFingerprint> {
  const hash = createHash('sha256');
  const out = createWriteStream(path, { flags: 'wx', mode: 0o600 });
  let bytes = 0;
  try {
    for await (const chunk of input) {
      bytes += chunk.length;
      if (bytes > maxBytes) throw new ExtractTooLarge(maxBytes);
      hash.update(chunk);
      if (!out.write(chunk)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
  } catch (error) {
    out.destroy();
    await rm(path, { force: true });
    throw error;
  }
  return { sha256: hash.digest('hex'), bytes };
}
