/**
 * A Uint8Array, from this realm or another (as @noble checks), not any other array-like: what the encryption paths
 * take, so that every backend refuses the same inputs. A module of its own so that only those paths carry it.
 */
export function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array || (ArrayBuffer.isView(value) && value.constructor.name === 'Uint8Array')
}
