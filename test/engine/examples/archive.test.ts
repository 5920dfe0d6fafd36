/** --examples-url: download once through a temp file, check the sha256, unpack tar, tar.gz or zip. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { it } from 'node:test';
import zlib from 'node:zlib';
import * as tar from 'tar';
import { fetchExamplesArchive, unpackedArchiveDir } from '../../../src/engine/examples/archive.ts';
import { AtlasError } from '../../../src/errors.ts';
import { withTempDir } from '../../helpers/run-atlas.ts';

/** A zip of stored (uncompressed) entries, written by hand: local headers, then the central directory. */
function storedZip(files: Readonly<Record<string, Buffer>>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of Object.entries(files)) {
    const nameBytes = Buffer.from(name);
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const quiet = (): void => undefined;

/** A fetch that serves `bytes` and counts its calls. */
function serving(bytes: Buffer): { fetchImpl: typeof fetch; calls: () => number } {
  let calls = 0;
  const fetchImpl = (async () => {
    calls++;
    return new Response(new Uint8Array(bytes));
  }) as typeof fetch;
  return { fetchImpl, calls: () => calls };
}

it('downloads, checks and unpacks tar, tar.gz and zip archives once; refuses a wrong sha256 and keeps nothing', async () => {
  await withTempDir('atlas-examples-archive-', async (dir) => {
    const source = path.join(dir, 'source');
    await mkdir(path.join(source, 'set', 'cats'), { recursive: true });
    await writeFile(path.join(source, 'set', 'cats', 'a.png'), 'A');
    await writeFile(path.join(source, 'set', 'b.jpg'), 'B');
    const tarPath = path.join(dir, 'set.tar');
    await tar.c({ cwd: source, file: tarPath, portable: true }, ['set']);
    const tgzPath = path.join(dir, 'set.tgz');
    await tar.c({ cwd: source, file: tgzPath, gzip: true, portable: true }, ['set']);
    const archives = {
      tar: await readFile(tarPath),
      tgz: await readFile(tgzPath),
      zip: storedZip({ 'set/cats/a.png': Buffer.from('A'), 'set/b.jpg': Buffer.from('B') }),
    };
    for (const [kind, bytes] of Object.entries(archives)) {
      const cacheDir = path.join(dir, `cache-${kind}`);
      const server = serving(bytes);
      const unpacked = await fetchExamplesArchive(`https://example.invalid/set.${kind}`, sha256(bytes), cacheDir, { fetchImpl: server.fetchImpl, log: quiet });
      assert.equal(unpacked, unpackedArchiveDir(cacheDir, sha256(bytes)));
      assert.equal(await readFile(path.join(unpacked, 'set', 'cats', 'a.png'), 'utf8'), 'A', kind);
      assert.equal(await readFile(path.join(unpacked, 'set', 'b.jpg'), 'utf8'), 'B', kind);
      await fetchExamplesArchive(`https://example.invalid/set.${kind}`, sha256(bytes), cacheDir, { fetchImpl: server.fetchImpl, log: quiet });
      assert.equal(server.calls(), 1, `${kind}: the second run uses the unpacked folder`);
    }
    const cacheDir = path.join(dir, 'cache-wrong');
    await assert.rejects(
      fetchExamplesArchive('https://example.invalid/set.tgz', '0'.repeat(64), cacheDir, { fetchImpl: serving(archives.tgz).fetchImpl, log: quiet }),
      (error: unknown) => error instanceof AtlasError && /has sha256 [0-9a-f]{64}, expected 0{64}/.test(error.message),
    );
    assert.deepEqual(await readdir(path.join(cacheDir, 'examples')), [], 'no temp file or archive is left');
    const notAnArchive = Buffer.from('plain text, not an archive');
    await assert.rejects(fetchExamplesArchive('https://example.invalid/x', sha256(notAnArchive), path.join(dir, 'cache-text'), { fetchImpl: serving(notAnArchive).fetchImpl, log: quiet }), /neither a tar, a tar\.gz nor a zip/);
  });
});
