/**
 * The simulator's "model": deterministic, so tests can assert on exact output.
 * The reply quotes the user's last message verbatim, which proves the enclave
 * really decrypted it, then adds a few fixed sentences.
 *
 * @example
 * simulatedReply('What is 2+2?', 'e2ee') // 'You said: "What is 2+2?". ...'
 */
export function simulatedReply(userMessage: string, mode: 'e2ee' | 'tee' | 'none'): string {
  const how =
    mode === 'e2ee'
      ? 'Your message was decrypted inside the simulated enclave, and every chunk of this reply was encrypted to your session key.'
      : mode === 'tee'
        ? 'This reply was produced inside the simulated enclave and can be checked against its attested signing key.'
        : 'This model runs outside any enclave.'
  return `You said: "${userMessage}". This is the sealkit simulator, not a language model. ${how} No real TEE hardware was involved.`
}

/** The `reasoning_content` a reasoning model emits before its answer. */
export function simulatedReasoning(userMessage: string): string {
  return `The user wrote ${Array.from(userMessage).length} characters. I will quote them back exactly.`
}

/**
 * Splits text into at most `count` pieces of near-equal length, never inside a
 * code point (each piece is valid UTF-8 on its own, as each encrypted chunk must be).
 */
export function splitIntoChunks(text: string, count: number): string[] {
  const points = Array.from(text)
  const n = Math.max(1, Math.min(Math.floor(count), points.length))
  const out: string[] = []
  for (let i = 0; i < n; i++) {
    out.push(points.slice(Math.floor((i * points.length) / n), Math.floor(((i + 1) * points.length) / n)).join(''))
  }
  return out
}
