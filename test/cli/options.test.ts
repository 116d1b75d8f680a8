// Numeric flags of serve and worker: a value outside the range, a fraction or an empty string is
// refused with a message naming the flag and what it accepts (an empty --port used to mean port 0).
import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { wholeNumber } from '../../src/cli/options.js';

describe('wholeNumber', () => {
  const port = wholeNumber('--port', 0, 65535);
  const ms = wholeNumber('--grace', 100, undefined, ' of milliseconds');

  it('accepts whole numbers in the range', () => {
    expect(port('8000')).toBe(8000);
    expect(port('0')).toBe(0);
    expect(ms('100000')).toBe(100_000);
  });

  it('refuses empty, fractional, out-of-range and non-numeric values, naming flag and range', () => {
    for (const bad of ['', ' ', '1.5', '-1', '65536', 'http']) {
      expect(() => port(bad)).toThrow(InvalidArgumentError);
      expect(() => port(bad)).toThrow('--port must be a whole number from 0 to 65535');
    }
    expect(() => ms('99')).toThrow('--grace must be a whole number of milliseconds ≥ 100');
  });
});
