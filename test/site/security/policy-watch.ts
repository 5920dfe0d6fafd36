/**
 * What the security tests watch on a page: every `securitypolicyviolation` event the document
 * fires (recorded from before any of the page's own scripts run) and every console error or
 * uncaught exception.
 */
import type { BrowserContext, Page } from 'playwright-core';

export interface Violation {
  readonly directive: string;
  readonly blocked: string;
  readonly source: string;
  readonly sample: string;
}

declare global {
  interface Window {
    __policyViolations?: Violation[];
  }
}

/** Records the violations of every page of `context` in `window.__policyViolations`. */
export async function recordViolations(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    window.__policyViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__policyViolations?.push({
        directive: event.effectiveDirective,
        blocked: event.blockedURI,
        source: `${event.sourceFile}:${event.lineNumber}`,
        sample: event.sample,
      });
    });
  });
}

/** The violations so far on the current document, after the events still queued have fired. */
export async function violationsOf(page: Page): Promise<Violation[]> {
  return page.evaluate(async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    return window.__policyViolations ?? [];
  });
}

export interface ConsoleWatch {
  /** Console errors and uncaught exceptions since the last take(), then forgets them. */
  take(): string[];
}

/**
 * Collects `page`'s console errors and uncaught exceptions. `expected` names the ones that are
 * not problems (the 404 page's own "404" is the server's answer to its address, not an error of it).
 */
export function watchConsole(page: Page, expected: (text: string, url: string) => boolean = () => false): ConsoleWatch {
  let errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !expected(message.text(), message.location().url)) errors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  return {
    take() {
      const taken = errors;
      errors = [];
      return taken;
    },
  };
}
