import { readFileSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';
import { updating } from '../update.js';

/** A file under test/fixtures/report/. */
export const fixture = (name: string) => new URL(`../fixtures/report/${name}`, import.meta.url);

/** Compare with a golden file in test/fixtures/report/; `UPDATE_GOLDEN=1` rewrites it. */
export function golden(name: string, actual: string): void {
  if (updating()) writeFileSync(fixture(name), actual);
  expect(actual).toBe(readFileSync(fixture(name), 'utf8'));
}
