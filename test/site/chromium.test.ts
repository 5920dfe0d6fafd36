import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NO_CHROMIUM_MESSAGE, NoChromiumError, resolveChromium } from '../../src/lib/chromium.ts';

const NOWHERE = '/nonexistent/chromium';

describe('which Chromium the browser tests drive', () => {
  it("uses npm's @sparticuz/chromium after `npm ci`, without --single-process and with the quiet flags", async () => {
    const launch = await resolveChromium({ env: {}, systemPath: NOWHERE });
    assert.equal(launch.origin, 'npm');
    assert.match(launch.executablePath, /node_modules\/\.cache\/sparticuz-chromium-[\d.]+\/chromium$/);
    assert.ok(!launch.args.includes('--single-process'), 'a second page fails to open with --single-process');
    assert.ok(!launch.args.includes('--disable-web-security'));
    for (const flag of ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']) {
      assert.ok(launch.args.includes(flag), flag);
    }
  });

  it('prefers CHROMIUM_PATH, and refuses one that does not exist', async () => {
    const launch = await resolveChromium({ env: { CHROMIUM_PATH: process.execPath }, npmPackageDir: undefined, systemPath: NOWHERE });
    assert.deepEqual([launch.origin, launch.executablePath], ['CHROMIUM_PATH', process.execPath]);
    await assert.rejects(resolveChromium({ env: { CHROMIUM_PATH: NOWHERE } }), (error: unknown) => {
      assert.ok(error instanceof NoChromiumError);
      assert.match(error.message, /^CHROMIUM_PATH=\/nonexistent\/chromium does not exist; no Chromium/);
      return true;
    });
  });

  it('falls back to a system Chromium, and with none fails with one line that says how to get one', async () => {
    const system = await resolveChromium({ env: {}, npmPackageDir: undefined, systemPath: process.execPath });
    assert.equal(system.origin, 'system');
    await assert.rejects(resolveChromium({ env: {}, npmPackageDir: undefined, systemPath: NOWHERE }), (error: unknown) => {
      assert.ok(error instanceof NoChromiumError);
      assert.equal(error.message, NO_CHROMIUM_MESSAGE);
      assert.doesNotMatch(error.message, /\n/);
      assert.match(error.message, /npm ci/);
      return true;
    });
  });
});
