// The few elliptic 6.x types the seed reference uses (elliptic ships no types).
declare module 'elliptic' {
  interface BN {
    toArray(endian: 'be' | 'le', length: number): number[]
  }
  interface BasePoint {
    encode(enc: 'array', compact: boolean): number[]
  }
  interface KeyPair {
    derive(pub: BasePoint): BN
    getPublic(): BasePoint
    getPublic(compact: boolean, enc: 'array'): number[]
    getPublic(enc: 'hex'): string
    getPrivate(): BN
  }
  export class ec {
    constructor(curve: string)
    genKeyPair(): KeyPair
    keyFromPrivate(priv: Uint8Array | number[] | string, enc?: string): KeyPair
    keyFromPublic(pub: Uint8Array | number[] | string, enc?: string): KeyPair
  }
  const elliptic: { ec: typeof ec }
  export default elliptic
}
