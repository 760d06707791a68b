/** `T` written as a literal: each of its keys, its value possibly undefined. */
export type Literal<T> = { [Key in keyof Required<T>]: T[Key] | undefined };

/**
 * The object of `literal`'s defined values, in the literal's key order: an
 * absent value is no key (events never hold `undefined`). `complete`: that
 * every value is defined, which the caller knows for free; the literal
 * itself is the object then: one allocation of one shape, where adding keys
 * one by one would grow its storage key after key, for most records.
 * `defined.test.ts` holds the mappings to it: no event holds `undefined`.
 */
export function defined<T extends object>(literal: Literal<T>, complete: boolean): T {
  if (complete) return literal as T;
  const object: Record<string, unknown> = {};
  for (const key in literal) if (literal[key] !== undefined) object[key] = literal[key];
  return object as T;
}
