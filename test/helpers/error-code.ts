/**
 * What a test asserts about a failure: the SealkitError's code. Anything else thrown comes back as
 * `not a SealkitError: ...`, so a failed assertion shows what came instead.
 * @example
 * expect(thrownCode(() => decrypt('zz', key))).toBe('INVALID_HEX')
 * expect(await rejectedCode(holder.decrypt(wire))).toBe('KEY_DESTROYED')
 */
import { isSealkitError } from '../../src/core/errors.ts'

/** A SealkitError's code, or what was thrown instead, said so. */
export const codeOf = (error: unknown): string => (isSealkitError(error) ? error.code : `not a SealkitError: ${String(error)}`)

/** The code `fn` throws with (see {@link codeOf}); `undefined` when it returns. */
export function thrownCode(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (e) {
    return codeOf(e)
  }
  return undefined
}

/** The code `work` fails with: a promise, or a function that throws or returns one; `undefined` when it succeeds. */
export async function rejectedCode(work: Promise<unknown> | (() => unknown)): Promise<string | undefined> {
  try {
    await (typeof work === 'function' ? work() : work)
  } catch (e) {
    return codeOf(e)
  }
  return undefined
}
