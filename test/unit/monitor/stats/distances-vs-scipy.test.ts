import { describe, it, expect } from 'vitest';

import {
  binCounts,
  binCountsSorted,
  hellinger,
  jensenShannon,
  psi,
  quantileEdges,
  sortSample,
  wassersteinDistance,
} from '../../../../src/monitor/index.js';
import { expectClose, fixture, sample } from './fixture.js';

describe('wassersteinDistance equals scipy.stats.wasserstein_distance', () => {
  for (const c of fixture.wasserstein) {
    it(`${c.a} vs ${c.b}`, () => {
      expectClose(wassersteinDistance(sample(c.a), sample(c.b)), c.distance, 1e-9, 1e-15);
    });
  }
});

describe('jensenShannon equals scipy.spatial.distance.jensenshannon', () => {
  for (const c of fixture.jensenShannon) {
    it(`${JSON.stringify(c.p).slice(0, 30)} vs ${JSON.stringify(c.q).slice(0, 30)}`, () => {
      expectClose(jensenShannon(c.p, c.q), c.distance, 1e-9, 1e-15);
      expectClose(jensenShannon(c.p, c.q, 2), c.distanceBase2, 1e-9, 1e-15);
    });
  }
  it('is at most 1 in base 2, reached by disjoint supports', () => {
    expect(jensenShannon([1, 0], [0, 1], 2)).toBeCloseTo(1, 15);
  });
});

describe('hellinger', () => {
  for (const c of fixture.hellinger) {
    it(`equals sqrt(1 - Σ sqrt(p q)) from numpy for ${JSON.stringify(c.p).slice(0, 30)}`, () => {
      expectClose(hellinger(c.p, c.q), c.distance, 1e-9, 1e-15);
    });
  }
  it('is 0 for proportional histograms and 1 for disjoint ones', () => {
    expect(hellinger([1, 2, 3], [2, 4, 6])).toBe(0);
    expect(hellinger([1, 0, 0], [0, 2, 5])).toBe(1);
  });
});

describe('PSI as ../shared/peers/engine_anchors.py computes it', () => {
  for (const c of fixture.psi) {
    it(`${c.reference} vs ${c.current}, ${c.bins} bins: edges, counts and PSI`, () => {
      const ref = sortSample(sample(c.reference));
      const edges = quantileEdges(ref, c.bins);
      expect(edges.length).toBe(c.bins - 1);
      edges.forEach((e, i) => expectClose(e, c.edges[i] as number, 1e-15, 1e-300));
      const cr = binCounts(sample(c.reference), edges);
      const cc = binCounts(sample(c.current), edges);
      expect(Array.from(cr)).toEqual(c.referenceCounts);
      expect(Array.from(cc)).toEqual(c.currentCounts);
      expect(Array.from(binCountsSorted(sortSample(sample(c.current)), edges))).toEqual(c.currentCounts);
      expectClose(psi(cr, cc), c.psi, 1e-9, 1e-15);
    });
  }
  it('is 0 for identical proportions and grows when the floor meets an empty bin', () => {
    expect(psi([10, 20, 30], [1, 2, 3])).toBe(0);
    expect(psi([10, 10], [20, 0])).toBeGreaterThan(psi([10, 10], [19, 1]));
  });
});
