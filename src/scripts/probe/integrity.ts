/**
 * The probe's check of what it downloads: each browser-model file must hash (SHA-256, Web Crypto)
 * to the value the manifest names, or it is not used. Web Crypto exists only in a secure context
 * (https, or localhost): elsewhere nothing can be checked, and nothing is used.
 */

/** A downloaded file is not the one the manifest names (or could not be checked). */
export class IntegrityError extends Error {
  readonly layer: string;
  /** false: the browser has no Web Crypto here (a page not served over https). */
  readonly checkable: boolean;

  constructor(layer: string, checkable: boolean) {
    super(checkable ? `${layer}: the SHA-256 of the downloaded file does not match the manifest` : 'Web Crypto is unavailable (not a secure context)');
    this.name = 'IntegrityError';
    this.layer = layer;
    this.checkable = checkable;
  }
}

function hex(digest: ArrayBuffer): string {
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Resolves when `bytes` hash to `sha256` (64 hex digits); throws IntegrityError otherwise. */
export async function verifySha256(bytes: ArrayBuffer, sha256: string, layer: string): Promise<void> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new IntegrityError(layer, false);
  if (hex(await subtle.digest('SHA-256', bytes)) !== sha256) throw new IntegrityError(layer, true);
}
