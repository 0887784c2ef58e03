import type { VerifierInfo } from '../../core/attestation/report.ts'
import type { KeyHolderInfo } from '../../core/crypto/key-holder.ts'
import type { attestationEn } from '../i18n/attestation-en.ts'

/** One sentence of where the session's work ran; `fallback` when it ran elsewhere than it would by default. */
export interface WhereItRan {
  text: string
  fallback: boolean
}

/**
 * Where the attestation was verified (`report.verifiedIn`) and where the session key lives (`session.keyHolder`), in
 * words: the pill's hover text and the popover's lines. A fallback (the main thread, an app's own key holder, a key
 * agreement in JavaScript instead of WebAssembly, signatures checked on the main thread) is said with its reason, never
 * left to a data attribute.
 */
export function whereItRan(
  keyHolder: KeyHolderInfo | undefined,
  verifiedIn: VerifierInfo | undefined,
  words: Pick<typeof attestationEn, 'keyHolder' | 'verifiedIn'>,
): WhereItRan[] {
  const lines: WhereItRan[] = []
  if (keyHolder) {
    const k = words.keyHolder
    const text = keyHolder.kind === 'worker' ? k.worker : keyHolder.kind === 'main-thread' ? k.mainThread(keyHolder.reason) : k.custom(keyHolder.reason)
    lines.push({ text, fallback: keyHolder.kind !== 'worker' })
    // A key agreement that fell back from WebAssembly is said too, never silently slower.
    if (keyHolder.ecdh?.reason !== undefined) lines.push({ text: k.ecdhFallback(keyHolder.ecdh.name, keyHolder.ecdh.reason), fallback: true })
    // The holder failed to check a response signature (its worker gone) and this thread checked it instead.
    if (keyHolder.signatureCheck) lines.push({ text: k.signatureCheck(keyHolder.signatureCheck.reason), fallback: true })
  }
  if (verifiedIn) lines.push({ text: verifiedIn.kind === 'worker' ? words.verifiedIn.worker : words.verifiedIn.mainThread(verifiedIn.reason), fallback: verifiedIn.kind !== 'worker' })
  return lines
}
