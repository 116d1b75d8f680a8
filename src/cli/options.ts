// Parsers for numeric command-line flags, shared by the commands: commander prints the thrown
// message after the flag's name, so a bad value is one line that says what would be accepted.
import { InvalidArgumentError } from 'commander';

/** A whole number in [min, max]; the message names the flag and the range. */
export function wholeNumber(flag: string, min: number, max?: number, unit = '') {
  const range = max === undefined ? `≥ ${min}` : `from ${min} to ${max}`;
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isInteger(n) || n < min || (max !== undefined && n > max)) {
      throw new InvalidArgumentError(`${flag} must be a whole number${unit} ${range}`);
    }
    return n;
  };
}
