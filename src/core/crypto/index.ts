export * from './hex.ts'
export * from './keys.ts'
export * from './ecdh.ts'
export * from './e2ee.ts'
export * from './eth.ts'
export * from './random.ts'
export * from './scheme.ts'
export type { Ed25519SchemeVersion } from './ed25519-e2ee.ts'

