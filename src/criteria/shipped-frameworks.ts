import { readFileSync } from 'node:fs';
import type { CriteriaFramework } from './compile-framework.ts';
import { compileFramework } from './compile-framework.ts';
import type { FrameworkDefinition } from './framework.ts';
import { parseFrameworkText } from './parse-framework.ts';

/** The reference frameworks of spec/criteria.md, shipped as JSON beside this file. */
export const shippedFrameworkIds = ['tf-2015', 'sf-2022', 'dea-2017'] as const;

export type ShippedFrameworkId = (typeof shippedFrameworkIds)[number];

let definitions: FrameworkDefinition[] | undefined;
const compiled = new Map<string, CriteriaFramework>();

/** The shipped definitions, read and checked once. */
export function shippedFrameworkDefinitions(): readonly FrameworkDefinition[] {
  definitions ??= shippedFrameworkIds.map((id) =>
    parseFrameworkText(
      readFileSync(new URL(`./frameworks/${id}.json`, import.meta.url), 'utf8'),
      `${id}.json`,
    ),
  );
  return definitions;
}

/** A shipped framework, compiled (inclusions resolved against the other shipped ones). */
export function shippedFramework(id: ShippedFrameworkId): CriteriaFramework {
  let framework = compiled.get(id);
  if (!framework) {
    const library = shippedFrameworkDefinitions();
    const definition = library.find((candidate) => candidate.id === id);
    if (!definition)
      throw new RangeError(`No shipped framework "${id}"; shipped: ${shippedFrameworkIds.join(', ')}`);
    framework = compileFramework(definition, { file: `${id}.json`, library });
    compiled.set(id, framework);
  }
  return framework;
}
