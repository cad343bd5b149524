// Seeded PRNG so demo data and fault draws in the sandbox are reproducible run to run.

export type Rng = () => number;

/** mulberry32: tiny, fast, good enough for test data (not crypto). */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error('pick from empty list');
  return item;
}

export function intBetween(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

function hex32(rng: Rng): string {
  return Math.floor(rng() * 4294967296)
    .toString(16)
    .padStart(8, '0');
}

/** A v4-shaped UUID drawn from the PRNG (deterministic for seeded data). */
export function uuidFrom(rng: Rng): string {
  const h = hex32(rng) + hex32(rng) + hex32(rng) + hex32(rng);
  const variant = '89ab'[parseInt(h.charAt(16), 16) & 3] ?? '8';
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
