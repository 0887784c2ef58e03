/**
 * The alias rule for model names: two names are the same model when they are equal after
 * lowercasing and dropping a privacy prefix (`e2ee-`, `tee-`), an organisation (`Qwen/`)
 * and the difference between `.`, `_` and `-`. So `e2ee-qwen3-5-122b-a10b` (Venice's id)
 * is `Qwen/Qwen3.5-122B-A10B` (the upstream name in its reports), and `openai/gpt-oss-120b`
 * is not.
 *
 * @example sameModel('e2ee-qwen3-5-122b-a10b', 'Qwen/Qwen3.5-122B-A10B') // true
 */
export function sameModel(a: string, b: string): boolean {
  const canonical = (name: string) =>
    name
      .toLowerCase()
      .replace(/^.*\//, '')
      .replace(/^(e2ee|tee)-/, '')
      .replace(/[._]/g, '-')
  return canonical(a) === canonical(b)
}

/** Upstream names a requested model id may be attested under, beyond `sameModel`'s rule: `{ 'my-alias': ['org/Real-Model'] }`. */
export type ModelAliases = Readonly<Record<string, readonly string[]>>

/** `name` is `requested` by the alias rule or by the caller's aliases. */
export function namesModel(name: string, requested: string, aliases?: ModelAliases): boolean {
  return sameModel(name, requested) || (aliases?.[requested] ?? []).some((a) => a.toLowerCase() === name.toLowerCase())
}
