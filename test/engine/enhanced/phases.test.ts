/** Which activation each image of the enhanced ascent maximises, update by update. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FIRING_PROBE_PERIOD, ObjectivePhases } from '../../../src/engine/method/enhanced.ts';
import type { ActivationSite } from '../../../src/engine/runtime/types.ts';

const sitesAt = (phases: ObjectivePhases, count: number, update: number): ActivationSite[] => Array.from({ length: count }, (_, b) => phases.site(b, update));

describe('objective phases', () => {
  it('starts before the ReLU and reads after it on every probe update', () => {
    const phases = new ObjectivePhases(2, { objective: 'post-relu', preReluStart: true });
    const probes: number[] = [];
    for (let update = 0; update < 3 * FIRING_PROBE_PERIOD; update++) {
      const sites = sitesAt(phases, 2, update);
      assert.equal(sites[0], sites[1]);
      if (sites[0] === 'post-relu') probes.push(update);
      phases.observe(new Float32Array([-40, 0]));
    }
    assert.deepEqual(probes, [FIRING_PROBE_PERIOD - 1, 2 * FIRING_PROBE_PERIOD - 1, 3 * FIRING_PROBE_PERIOD - 1], 'a zero post-ReLU probe leaves the image asleep');
  });

  it('a positive pre-ReLU mean, or a positive probe, moves that image to the objective for good', () => {
    const phases = new ObjectivePhases(3, { objective: 'post-relu', preReluStart: true });
    phases.observe(new Float32Array([0.5, -3, -3]));
    assert.deepEqual(sitesAt(phases, 3, 1), ['post-relu', 'pre-relu', 'pre-relu']);
    const probe = FIRING_PROBE_PERIOD - 1;
    assert.deepEqual(sitesAt(phases, 3, probe), ['post-relu', 'post-relu', 'post-relu']);
    phases.observe(new Float32Array([7, 0.01, 0]));
    phases.observe(new Float32Array([-1, -5, -5]));
    assert.deepEqual(sitesAt(phases, 3, probe + 1), ['post-relu', 'post-relu', 'pre-relu'], 'awake images stay awake whatever they read next');
  });

  it('without the pre-ReLU start, or for a pre-ReLU objective, every update reads the objective', () => {
    for (const [objective, preReluStart] of [['post-relu', false], ['pre-relu', true], ['pre-relu', false]] as const) {
      const phases = new ObjectivePhases(1, { objective, preReluStart });
      for (let update = 0; update < 2 * FIRING_PROBE_PERIOD; update++) assert.equal(phases.site(0, update), objective);
    }
  });
});
