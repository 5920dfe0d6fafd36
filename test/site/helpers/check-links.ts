import { LinkChecker, LinkState } from 'linkinator';

export interface BrokenLink {
  readonly url: string;
  readonly status: number | undefined;
  readonly parent: string | undefined;
  /** Why the request failed, when it got no status (status 0). */
  readonly failure?: string;
}

export interface LinkReport {
  readonly checked: number;
  readonly broken: readonly BrokenLink[];
}

/**
 * Crawls the served site from `startUrl` with linkinator: every page, link, image,
 * script, stylesheet and meta URL (og:image) on the same origin, and #fragments.
 * Links to other hosts are skipped: the tests run offline.
 */
export async function checkSiteLinks(startUrl: string): Promise<LinkReport> {
  const origin = new URL(startUrl).origin;
  const checker = new LinkChecker();
  const result = await checker.check({
    path: startUrl,
    recurse: true,
    concurrency: 8,
    timeout: 10_000,
    checkFragments: true,
    // A request that gets no response (status 0) or a 5xx is tried again, twice: with other work
    // running beside it the crawl's first request has failed with status 0 a few times. A 404 is
    // never retried, so a broken link still fails.
    retryErrors: true,
    retryErrorsCount: 2,
    retryErrorsJitter: 200,
    linksToSkip: async (link) => !link.startsWith(origin),
  });
  const broken = result.links
    .filter((link) => link.state === LinkState.BROKEN)
    .map((link) => ({
      url: link.url,
      status: link.status,
      parent: link.parent,
      ...(link.failureDetails?.length ? { failure: link.failureDetails.map((detail) => (detail instanceof Error ? `${detail.name}: ${detail.message} ${String((detail as Error & { cause?: unknown }).cause ?? '')}` : JSON.stringify(detail))).join('; ') } : {}),
    }));
  const checked = result.links.filter((link) => link.state === LinkState.OK).length;
  return { checked, broken };
}
