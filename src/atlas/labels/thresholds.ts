/**
 * Every threshold a label or a family name depends on, named, in one place: the labels protocol
 * records them all (LABEL_THRESHOLDS), and a change to any of them bumps LABELS_VERSION. Values
 * were chosen by looking at the measured distributions of real block1_conv1 and block2_conv1
 * (docs/labels.md has the figures).
 */

/** OSI (tuning orientationSelectivity) at or above which a label names the orientation in degrees (the rule). */
export const ORIENTATION_SELECTIVITY_MIN = 0.3;
/** OSI at or above which the orientation is called sharp. */
export const SHARP_ORIENTATION_MIN = 0.7;
/** The frequency curve's (max − min)/(max + min) at or above which its preferred frequency is named. */
export const FREQUENCY_MODULATION_MIN = 0.6;
/** Hue selectivity (vector strength of the hue curve) at or above which the preferred hue is named. */
export const HUE_SELECTIVITY_MIN = 0.5;
/** …and only when the best hue patch gets at least this share of the filter's largest response to any stimulus. */
export const HUE_RESPONSE_SHARE_MIN = 0.5;
/** Colour opponency at or above which a filter is called colour-opponent. */
export const OPPONENCY_MIN = 0.6;
/** (R_lightest − R_darkest)/(R_lightest + R_darkest) of the gray patches whose size names a brightness preference. */
export const BRIGHTNESS_CONTRAST_MIN = 0.6;
/** …and only when the best gray patch gets at least this share of the filter's largest response. */
export const BRIGHTNESS_RESPONSE_SHARE_MIN = 0.25;
/** A fire rate at or below this is said ("fires on only 4% of images"). */
export const RARE_FIRE_RATE_MAX = 0.1;
/** The share of the images with the largest maxima whose share of the response measures sparsity. */
export const SPARSITY_TOP_SHARE = 0.1;
/** Share of the positive response carried by that top tenth at or above which a filter is called sparse. */
export const SPARSE_RESPONSE_SHARE_MIN = 0.5;
/** A class named in a label holds at least this many of the top examples … */
export const CLASS_MIN_COUNT = 3;
/** … and at least this many times its share of the whole set. */
export const CLASS_LIFT_MIN = 2;
/** A family is named after a trait that at least this share of its members have. */
export const FAMILY_TRAIT_SHARE_MIN = 0.5;
/** At most this many facts make a label's text (the most telling first). */
export const FACTS_IN_TEXT_MAX = 3;
/** Nearest filters per filter. */
export const SIMILAR_COUNT = 6;
/** The family counts tried, bounded by the number of live filters. */
export const FAMILY_COUNT_MIN = 3;
export const FAMILY_COUNT_MAX = 16;

export const LABEL_THRESHOLDS: Readonly<Record<string, number>> = {
  orientationSelectivityMin: ORIENTATION_SELECTIVITY_MIN,
  sharpOrientationMin: SHARP_ORIENTATION_MIN,
  frequencyModulationMin: FREQUENCY_MODULATION_MIN,
  hueSelectivityMin: HUE_SELECTIVITY_MIN,
  hueResponseShareMin: HUE_RESPONSE_SHARE_MIN,
  opponencyMin: OPPONENCY_MIN,
  brightnessContrastMin: BRIGHTNESS_CONTRAST_MIN,
  brightnessResponseShareMin: BRIGHTNESS_RESPONSE_SHARE_MIN,
  rareFireRateMax: RARE_FIRE_RATE_MAX,
  sparsityTopShare: SPARSITY_TOP_SHARE,
  sparseResponseShareMin: SPARSE_RESPONSE_SHARE_MIN,
  classMinCount: CLASS_MIN_COUNT,
  classLiftMin: CLASS_LIFT_MIN,
  familyTraitShareMin: FAMILY_TRAIT_SHARE_MIN,
  factsInTextMax: FACTS_IN_TEXT_MAX,
  similarCount: SIMILAR_COUNT,
  familyCountMin: FAMILY_COUNT_MIN,
  familyCountMax: FAMILY_COUNT_MAX,
};
