/**
 * Adam (Kingma & Ba 2015, Algorithm 1) for gradient ASCENT: the parameters move along +gradient,
 * because the atlas maximises an activation. Pass ∂loss/∂params as it is; do not negate it.
 *
 *   m ← β₁·m + (1 − β₁)·g          v ← β₂·v + (1 − β₂)·g²
 *   m̂ = m / (1 − β₁ᵗ)              v̂ = v / (1 − β₂ᵗ)
 *   θ ← θ + lr · m̂ / (√v̂ + ε)
 *
 * This is PyTorch's torch.optim.Adam (Lucent). TF's AdamOptimizer (Lucid) adds ε to √v before the
 * bias correction instead, which differs only where √v̂ is near ε (1e-8), i.e. for gradients that
 * are practically zero. Adam's per-parameter step is about lr whatever the gradient's scale, which
 * is why it needs no gradient normalisation, unlike the classic ascent.
 *
 * State is m and v in Float32Array, per instance: use one instance per image (its parameters), so
 * an image's trajectory does not depend on the batch it is in. Arithmetic is float64 per element,
 * rounded to float32 on store, in a fixed order: deterministic.
 */

export interface AdamOptions {
  readonly learningRate?: number;
  /** Decoupled weight decay (AdamW, Loshchilov & Hutter 2019): each step also pulls every parameter towards 0 by lr · decay · θ. */
  readonly weightDecay?: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
}

/** Lucid's learning rate and the usual Adam constants. */
export const ADAM_DEFAULTS = { learningRate: 0.05, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const;

export class Adam {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly weightDecay: number;
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private steps = 0;

  constructor(parameterCount: number, options: AdamOptions = {}) {
    this.learningRate = options.learningRate ?? ADAM_DEFAULTS.learningRate;
    this.beta1 = options.beta1 ?? ADAM_DEFAULTS.beta1;
    this.beta2 = options.beta2 ?? ADAM_DEFAULTS.beta2;
    this.epsilon = options.epsilon ?? ADAM_DEFAULTS.epsilon;
    this.weightDecay = options.weightDecay ?? 0;
    if (!(this.weightDecay >= 0)) throw new RangeError(`weight decay must be 0 or more, got ${this.weightDecay}`);
    if (!(this.learningRate > 0)) throw new RangeError(`learning rate must be positive, got ${this.learningRate}`);
    if (!(this.beta1 >= 0 && this.beta1 < 1 && this.beta2 >= 0 && this.beta2 < 1)) throw new RangeError('betas must be in [0, 1)');
    this.m = new Float32Array(parameterCount);
    this.v = new Float32Array(parameterCount);
  }

  /** Updates taken so far (t). */
  get stepCount(): number {
    return this.steps;
  }

  /**
   * One ascent step: params += lr · scale · m̂ / (√v̂ + ε), in place. `gradient` is ∂loss/∂params;
   * `scale` multiplies the learning rate for this step only (a schedule).
   */
  step(params: Float32Array, gradient: Float32Array, scale = 1): void {
    const n = this.m.length;
    if (params.length !== n || gradient.length !== n) throw new RangeError(`Adam holds ${n} parameters, got params ${params.length} and gradient ${gradient.length}`);
    this.steps++;
    const { beta1, beta2, epsilon, weightDecay, m, v } = this;
    const learningRate = this.learningRate * scale;
    const correction1 = 1 - beta1 ** this.steps;
    const correction2 = 1 - beta2 ** this.steps;
    for (let i = 0; i < n; i++) {
      const g = gradient[i]!;
      const mi = beta1 * m[i]! + (1 - beta1) * g;
      const vi = beta2 * v[i]! + (1 - beta2) * g * g;
      m[i] = mi;
      v[i] = vi;
      const update = (learningRate * (mi / correction1)) / (Math.sqrt(vi / correction2) + epsilon);
      params[i] = weightDecay === 0 ? params[i]! + update : params[i]! + update - learningRate * weightDecay * params[i]!;
    }
  }

  /** Back to t = 0 with zero moments. */
  reset(): void {
    this.m.fill(0);
    this.v.fill(0);
    this.steps = 0;
  }
}
