import type { VerifiedResponseSignature, VerifyResponseSignatureHashesParams } from '../session/response-signature.ts'


/**
 * Custody of one E2EE session's client private key. The session only ever sees
 * the public key and the decrypted text: where the private key lives (the main
 * thread, a Web Worker, a platform keystore) is the holder's business.
 *
 * `decrypt` throws (or rejects with) a `CryptoError`: `INVALID_HEX` for a
 * malformed wire value, `DECRYPT_FAILED` when authentication or UTF-8 decoding
 * fails, `KEY_DESTROYED` after `destroy()`. It never returns unauthenticated text.
 */
/** Where a session's private key lives and its chunks are decrypted. */
export type KeyHolderKind = 'worker' | 'main-thread'

/**
 * What a session reports about its key holder (`session.keyHolder`): where the key lives and why
 * there. `custom`: an app-supplied holder that does not say.
 */
export interface KeyHolderInfo {
  /**
   * `worker` (the key lives in a Web Worker), `main-thread`, or `custom` (an app-supplied holder that does not say).
   */
  readonly kind: KeyHolderKind | 'custom'
  /** Plain words, e.g. why decryption fell back to the main thread. */
  readonly reason: string
  /**
   * The secp256k1 ECDH the key holder runs, where it says: `libsecp256k1-wasm` (constant-time, fast), or
   * `noble` (@noble/curves, several times slower per chunk) with `reason`, e.g. a Content-Security-Policy
   * without `'wasm-unsafe-eval'`. Either way the encryption holds.
   */
  readonly ecdh?: EcdhInfo
  /**
   * Set once the holder failed to check a response signature (its worker gone or crashed) and this thread checked
   * it instead: the verdict is the same function's, but the holder is not doing all it says.
   */
  readonly signatureCheck?: {
    /** Where response signatures are checked instead. */
    readonly where: 'main-thread'
    /** Why: the holder's failure, by its error code or name (never its message). */
    readonly reason: string
  }
}

/** Which ECDH backend runs, and why not the WebAssembly one when it does not. */
export interface EcdhInfo {
  /** `libsecp256k1-wasm`, `noble`, or the name of an app's fallback (`installFastEcdh`). */
  readonly name: string
  /** Why the WebAssembly backend was not taken. */
  readonly reason?: string
}

/** An {@link EcdhInfo} of its two facts alone: `reason` only when there is one. */
export function ecdhInfo(name: string, reason?: string): EcdhInfo {
  return reason === undefined ? { name } : { name, reason }
}

/** The facts about a holder a session may show: never the holder itself. */
export function keyHolderInfo(holder: KeyHolder, ecdh: EcdhInfo | undefined = holder.ecdh): KeyHolderInfo {
  const info: KeyHolderInfo = holder.kind
    ? { kind: holder.kind, reason: holder.reason ?? '' }
    : { kind: 'custom', reason: holder.reason ?? 'a key holder of the app that does not say where its key lives' }
  return ecdh ? { ...info, ecdh: ecdhInfo(ecdh.name, ecdh.reason) } : info
}

/**
 * Holds a session's private key and does the work that needs it (ECDH, decryption), so the key never reaches the
 * caller.
 *
 * @example
 * ```ts
 * const session = createChatSession(client, { model, mode: 'e2ee', keyHolder: () => createWorkerKeyHolder(new URL('/decrypt-worker.js', location.href)) })
 * ```
 */
export interface KeyHolder {
  /** The client public key as the API takes it: 130 hex (secp256k1, uncompressed) for `ecdsa`, 64 hex (Ed25519) for `ed25519`. */
  readonly publicKeyHex: string
  /** The algorithm of the key. Absent means `ecdsa`. */
  readonly algo?: 'ecdsa' | 'ed25519'
  /** Decrypts one wire-format field of the holder's scheme to UTF-8 text. */
  decrypt(wireHex: string): Promise<string> | string
  /** Where the key lives (sealkit's holders say; a holder of your own may). */
  readonly kind?: KeyHolderKind
  /** Why it lives there, in plain words. */
  readonly reason?: string
  /** The ECDH backend it runs (sealkit's worker holder says), see {@link KeyHolderInfo.ecdh}. */
  readonly ecdh?: EcdhInfo
  /** Zeroes the private key. Safe to call more than once; `decrypt` fails with `KEY_DESTROYED` afterwards. */
  destroy(): void
  /**
   * `ecdsa` holders may also encrypt where the key lives: each field to the attested model key
   * (secp256k1 ECDH + HKDF-SHA256 + AES-256-GCM), each with an ephemeral key made and zeroed
   * there. A chat uses it when present, so the caller's thread sees only ciphertext and needs no
   * curve code; without it the chat encrypts on its own thread. Fails with `ENCRYPT_FAILED`
   * or `INVALID_PUBLIC_KEY`.
   */
  encrypt?(plaintexts: readonly string[], recipientPublicKey: string): Promise<string[]>
  /**
   * May check a response signature where the key lives (`verifyResponseSignatureHashes`, whose
   * errors it rejects with): the EIP-191 recovery (secp256k1, keccak) then runs there too.
   */
  verifyResponseSignature?(params: Omit<VerifyResponseSignatureHashesParams, 'verifyEd25519'>): Promise<VerifiedResponseSignature>
}

