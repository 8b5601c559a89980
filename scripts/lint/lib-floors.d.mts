// Types for lib-floors.mjs (plain JavaScript so that eslint.config.mjs can load it without a build step).
import type { Rule } from 'eslint';

export const LIB_FLOORS: { name: string; domains: string[] }[];
export function libPlace(file: string): { domain: string; ground?: undefined } | { ground: true; domain?: undefined } | null;
export function floorViolation(fromFile: string, specifier: string): string | null;
export const libFloorsRule: Rule.RuleModule;
