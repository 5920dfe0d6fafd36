import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Manifest } from '../../../src/atlas/manifest.ts';
import { groupPolicies, HEADER_ONLY_DIRECTIVES, serverConfig } from '../../../src/site/security/headers.ts';
import { builtPagePolicies, parsePolicy, policyHeaderValue, policyMetas } from '../../../src/site/security/page-policy.ts';
import { REFERRER_POLICY, WEBASSEMBLY_SOURCE } from '../../../src/site/security/policy.ts';
import { buildAndServeSite, metaContent, readHtmlPages, runNode, type BuiltSite } from '../helpers/built-site.ts';
import { PAGE_TYPES } from './page-types.ts';
import { sha256Source, tags } from './markup.ts';

let site: BuiltSite;
let pages: Array<[string, string]>;

const WEIGHTS_URL = 'https://weights.example/vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5';
const EXAMPLES_URL = 'https://images.example/examples.tar.gz';

/** The fixture with its weights and its example images named by URL, as a real atlas names them: links that leave the site. */
function withExternalSources(manifest: Manifest): Manifest {
  assert.ok(manifest.examplesProtocol, 'the fixture has dataset examples');
  return {
    ...manifest,
    model: { ...manifest.model, weights: { ...manifest.model.weights, source: WEIGHTS_URL } },
    examplesProtocol: { ...manifest.examplesProtocol, source: { kind: 'url', url: EXAMPLES_URL, sha256: '0'.repeat(64) } },
  };
}

before(async () => {
  site = await buildAndServeSite('/', { editManifest: withExternalSources });
  pages = await readHtmlPages(site.distDir);
});

after(() => site?.dispose());

/** The built files of the page types that opt in to WebAssembly, in both languages. */
function webAssemblyFiles(): Set<string> {
  const paths = PAGE_TYPES.filter((type) => type.webAssembly).map((type) => type.path(site.manifest));
  return new Set(paths.flatMap((pagePath) => [`${pagePath}index.html`, `ko/${pagePath}index.html`]));
}

describe('the content security policy in the built pages', () => {
  it('is on every page, once, in the head before any script or stylesheet', () => {
    assert.ok(pages.length > 20);
    for (const [name, html] of pages) {
      assert.equal(policyMetas(html).length, 1, name);
      const head = html.slice(0, html.indexOf('</head>'));
      const meta = head.indexOf('http-equiv="content-security-policy"');
      assert.ok(meta > 0, `${name}: the policy is in the head`);
      // Astro puts the meta at the end of the head: what comes before it is not governed by it.
      for (const first of ['<script', '<link rel="stylesheet"', '<style', '<base']) {
        const at = html.indexOf(first);
        assert.ok(at === -1 || at > meta, `${name}: ${first} comes before the policy`);
      }
      assert.equal(metaContent(html, 'referrer'), REFERRER_POLICY, `${name}: referrer policy`);
    }
  });

  it('allows scripts and styles only from the site or by hash, WebAssembly only on the pages that opt in, no eval', () => {
    const wasmFiles = webAssemblyFiles();
    assert.ok(wasmFiles.size > 0);
    for (const [name, html] of pages) {
      const directives = parsePolicy(policyMetas(html)[0] ?? '');
      assert.deepEqual(directives.get('default-src'), ["'self'"], name);
      assert.deepEqual(directives.get('object-src'), ["'none'"], name);
      assert.deepEqual(directives.get('base-uri'), ["'self'"], name);
      assert.deepEqual(directives.get('form-action'), ["'self'"], name);
      assert.deepEqual(directives.get('img-src'), ["'self'", 'blob:'], name);
      const allowed = wasmFiles.has(name) ? ["'self'", WEBASSEMBLY_SOURCE] : ["'self'"];
      for (const directive of ['script-src', 'style-src']) {
        const sources = directives.get(directive) ?? [];
        const expected = directive === 'script-src' ? allowed : ["'self'"];
        assert.deepEqual(sources.filter((source) => !/^'sha256-[A-Za-z0-9+/]+={0,2}'$/.test(source)), expected, `${name}: ${directive}`);
      }
      for (const narrower of ['script-src-elem', 'script-src-attr', 'style-src-elem', 'style-src-attr']) assert.equal(directives.has(narrower), false, `${name}: ${narrower}`);
    }
  });

  it('hashes every inline script and style a page has', () => {
    let checked = 0;
    for (const [name, html] of pages) {
      const directives = parsePolicy(policyMetas(html)[0] ?? '');
      for (const { element, attributes, content } of tags(html, ['script', 'style'])) {
        if (element === 'script' && (attributes.has('src') || attributes.get('type') === 'application/json')) continue;
        const directive = element === 'script' ? 'script-src' : 'style-src';
        assert.ok(directives.get(directive)?.includes(sha256Source(content)), `${name}: an inline <${element}> without its hash in ${directive}`);
        checked++;
      }
    }
    assert.ok(checked > pages.length, `only ${checked} inline scripts and styles`);
  });

  it('has no inline event handler, javascript: URL or style attribute anywhere', () => {
    for (const [name, html] of pages) {
      for (const { element, attributes } of tags(html)) {
        for (const [attribute, value] of attributes) {
          assert.doesNotMatch(attribute, /^on/, `${name}: <${element} ${attribute}>`);
          assert.notEqual(attribute, 'style', `${name}: <${element} style>`);
          assert.doesNotMatch(value, /^\s*javascript:/i, `${name}: <${element} ${attribute}="${value}">`);
        }
      }
    }
  });

  it('opens links that leave the site with rel="noopener"', () => {
    const siteHost = new URL(site.rootUrl).host;
    const leaving: string[] = [];
    for (const [name, html] of pages) {
      for (const { attributes } of tags(html, ['a'])) {
        const href = attributes.get('href') ?? '';
        if (!/^https?:\/\//i.test(href) || new URL(href).host === siteHost) continue;
        leaving.push(href);
        assert.ok((attributes.get('rel') ?? '').split(/\s+/).includes('noopener'), `${name}: <a href="${href}"> without rel="noopener"`);
      }
    }
    assert.ok(leaving.includes(WEIGHTS_URL) && leaving.includes(EXAMPLES_URL), 'the weights and the examples link out');
  });

  it('exports the same policy per page as server headers (nginx map, Caddy matchers)', async () => {
    const built = await builtPagePolicies(site.distDir);
    const groups = groupPolicies(built, '/atlas');
    const nginx = serverConfig(groups, 'nginx');
    const caddy = serverConfig(groups, 'caddy');
    const nginxDefault = nginx.match(/^ {4}default "([^"]+)";$/m)?.[1];
    const nginxCases = [...nginx.matchAll(/^ {4}"~([^"]+)" "([^"]+)";$/gm)].map((match) => ({ pattern: new RegExp(match[1] ?? ''), policy: match[2] ?? '' }));
    const caddyMatchers = new Map([...caddy.matchAll(/^@(\S+) path (.+)$/gm)].map((match) => [match[1] ?? '', (match[2] ?? '').split(' ')]));
    const caddyPolicies = [...caddy.matchAll(/^header @(\S+) Content-Security-Policy "([^"]+)"$/gm)].map((match) => ({ matcher: match[1] ?? '', policy: match[2] ?? '' }));
    assert.ok(nginxCases.length > 0 && caddyMatchers.size > 0, 'the opted-in pages have their own policy');
    for (const page of built) {
      const url = `/atlas/${page.pagePath}`;
      const expected = [policyHeaderValue(page.policy), ...HEADER_ONLY_DIRECTIVES].join('; ');
      assert.equal(nginxCases.find((entry) => entry.pattern.test(url))?.policy ?? nginxDefault, expected, `nginx: ${url}`);
      const caddyPolicy = caddyPolicies.find(({ matcher }) => caddyMatchers.get(matcher)?.includes(url))?.policy ?? caddyPolicies.find(({ matcher }) => matcher === 'atlas_csp_default')?.policy;
      assert.equal(caddyPolicy, expected, `caddy: ${url}`);
    }
  });

  it('prints that configuration with npm run csp-headers, and refuses a bad command line in one line with a hint', async () => {
    const printed = await runNode(['scripts/csp-headers.ts', '--dist', site.distDir, '--format', 'caddy'], { ATLAS_BASE: '/atlas' });
    assert.equal(printed.code, 0, printed.stderr);
    assert.equal(printed.stdout, serverConfig(groupPolicies(await builtPagePolicies(site.distDir), '/atlas'), 'caddy'));
    for (const args of [['--format', 'apache', '--dist', site.distDir], ['--dist', `${site.distDir}-missing`]]) {
      const refused = await runNode(['scripts/csp-headers.ts', ...args]);
      assert.notEqual(refused.code, 0, args.join(' '));
      assert.match(refused.stderr, /^error: .+\n {2}hint: .+\n$/, args.join(' '));
    }
  });
});
