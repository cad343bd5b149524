// The parts of a name Atlas CRM's `contains` can be asked for whatever the stored accents.
import { accentFreeParts, withoutLegalForm } from '../../src/backend/services/name-parts';

/** Does Atlas CRM's `contains` (case aside) list the stored name for one of the parts? */
const listed = (typed: string, stored: string) =>
  accentFreeParts(typed).some((part) => stored.toLowerCase().includes(part.toLowerCase()));

describe('accent-free parts', () => {
  it.each([
    ['Chloe', 'Chloé Wilson'],
    ['Muller', 'Daan Müller'],
    ['Müller', 'Jan Muller'],
    ['Chloe Wilson', 'Chloé Wilson'],
    ['Francois', 'François Dubois'],
    ['Garcia', 'María García'],
    ['Nordbridge Logistics', 'Nordbridge Logistics LLC'],
  ])('%s lists %s', (typed, stored) => {
    expect(listed(typed, stored)).toBe(true);
  });

  it('asks few parts, none inside another, each long enough to choose', () => {
    expect(accentFreeParts('Chloe')).toEqual(['hloe', 'Chl']);
    expect(accentFreeParts('Muller')).toEqual(['ller', 'Mull']);
    for (const name of ['Chloe Wilson', 'Nordbridge Logistics', 'Femke Zwart'])
      expect(accentFreeParts(name).every((part) => part.length >= 3)).toBe(true);
  });

  it('finds one accented letter, not two far apart (every part then holds one)', () => {
    expect(listed('Zoe Novak', 'Zoë Novák')).toBe(false);
  });

  it('keeps the digits of a numbered name, so its siblings are not listed', () => {
    expect(accentFreeParts('Bench Company 7')).toEqual(['y 7']);
    expect(listed('Bench Company 7', 'Bench Company 6')).toBe(false);
  });

  it('asks nothing for a name too short to have a part, or without a letter to accent', () => {
    expect(accentFreeParts('an')).toEqual([]);
    expect(accentFreeParts('Eva')).toEqual([]);
    expect(accentFreeParts('12345')).toEqual([]);
  });

  it('never spans punctuation, which may be stored otherwise', () => {
    expect(accentFreeParts("O'Brien Consulting").some((part) => part.includes("'"))).toBe(false);
    expect(listed("O'Brien Consulting", 'OBrien Consulting')).toBe(true);
  });
});

describe('the name without its legal form', () => {
  it.each([
    ['Nordbridge Logistics LLC', 'Nordbridge Logistics'],
    ['Nordbridge Logistics, L.L.C.', 'Nordbridge Logistics,'],
    ['Acme Co., Ltd.', 'Acme'],
    ['PT Maju Jaya', 'Maju Jaya'],
    ['Nordbridge Logistics', 'Nordbridge Logistics'],
    ['Bench Company 7', 'Bench Company 7'],
  ])('%s -> %s', (name, core) => {
    expect(withoutLegalForm(name)).toBe(core);
  });
});
