/** Examples input the CLI refuses: one error line, a hint, a non-zero exit. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { it } from 'node:test';
import { assertCleanFailure, runCli } from '../../reliability/support.ts';
import { withTempDir, writeTinyModel } from '../../helpers/run-atlas.ts';

const base = (dir: string, weights: string): string[] => ['--weights', weights, '--layers', 'block1_conv1', '--filters', '0', '--methods', 'classic', '--steps', '1', '--no-tuning', '--out', path.join(dir, 'out')];

it('a glob that matches nothing, an all-bad set, a URL without its sha256, and globs with a URL', async () => {
  await withTempDir('atlas-examples-cli-', async (dir) => {
    const weights = await writeTinyModel(dir);
    const cacheDir = path.join(dir, 'cache');
    assertCleanFailure(await runCli([...base(dir, weights), '--examples', `${dir}/nothing/**/*`], { cacheDir }), /--examples .* matched no files/, /quote the glob/);
    await mkdir(path.join(dir, 'bad'));
    await writeFile(path.join(dir, 'bad', 'a.png'), 'not a png');
    await writeFile(path.join(dir, 'bad', 'b.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]));
    assertCleanFailure(await runCli([...base(dir, weights), '--examples', `${dir}/bad/*`], { cacheDir }), /every one of the 2 image file\(s\) .* was skipped: a\.png \(not an image\)/, /photographs/);
    assertCleanFailure(await runCli([...base(dir, weights), '--examples-url', 'https://example.invalid/set.tgz'], { cacheDir }), /--examples-url needs --examples-sha256/, /--examples-sha256/);
    assertCleanFailure(
      await runCli([...base(dir, weights), '--examples', 'x/*', '--examples-url', 'https://example.invalid/set.tgz', '--examples-sha256', '0'.repeat(64)], { cacheDir }),
      /both --examples globs and --examples-url/,
      /not both/,
    );
  });
});
