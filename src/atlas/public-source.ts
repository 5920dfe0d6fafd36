/**
 * The weights source as the manifest and the site publish it: an http(s) URL without
 * credentials, query or fragment (a signed download link must not leak), or only the file
 * name of a local file or directory, never a path of the machine that built the atlas.
 * The manifest's sha256 identifies the file either way.
 */
export function publicWeightsSource(source: string): string {
  const trimmed = source.trim();
  if (/^https?:\/\//i.test(trimmed)) {
    try {
      const url = new URL(trimmed);
      return `${url.protocol}//${url.host}${url.pathname}`;
    } catch {
      // Not a parseable URL after all: treat it like a path.
    }
  }
  const withoutScheme = trimmed.replace(/^file:\/\//i, '');
  const segments = withoutScheme.split(/[\\/]+/).filter((segment) => segment !== '' && segment !== '.');
  return segments.at(-1) ?? '';
}
