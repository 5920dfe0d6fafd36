/**
 * How big to draw patterns of different native sizes side by side (a 64 px classic and a 96 px
 * enhanced one) so that every source pixel stays an equal square: whole-number enlargements only.
 * Shared by the filter pages and the link-preview cards.
 */

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * On-screen sides for patterns of these native sides, each a whole multiple of its own (so every
 * source pixel is drawn as an equal square), none larger than `box`:
 * - one common side when a common multiple fits and is at least `equalShare` of the side the
 *   smallest of them would get on its own (64 and 96 px in 512: both 384, ×6 and ×4);
 * - otherwise each its own largest multiple (64 and 96 px in 338: 320 and 288).
 * A pattern larger than the box is drawn at the box (the only case that is not whole-number).
 */
export function pixelExactSides(sides: readonly number[], box: number, equalShare = 0.75): number[] {
  if (sides.some((side) => !Number.isInteger(side) || side < 1)) throw new RangeError(`pattern sides must be positive integers, got ${sides.join(', ')}`);
  const own = sides.map((side) => (side <= box ? Math.floor(box / side) * side : box));
  if (sides.length < 2) return own;
  const common = sides.reduce((lcm, side) => (lcm / gcd(lcm, side)) * side);
  const equal = Math.floor(box / common) * common;
  return equal > 0 && equal >= equalShare * Math.min(...own) ? sides.map(() => equal) : own;
}
