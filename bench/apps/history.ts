/** The i-th message of a long earlier conversation: a question, or a short markdown answer. */
export function historyText(i: number): string {
  return i % 2 === 0
    ? `Question ${i / 2 + 1}: how is the enclave's key bound to its attestation?`
    : `Answer ${(i + 1) / 2}: the report's **REPORTDATA** holds the signing address and your nonce.\n\n- the quote is signed by the platform\n- the GPUs attest separately\n\n\`\`\`ts\nconst ok = report.verdict === 'passed'\n\`\`\``
}

/** The texts of a conversation of `count` earlier messages, the last one `newest` when given (the `open_long` scenario's answer). */
export function historyTexts(count: number, newest?: string): string[] {
  return Array.from({ length: count }, (_, i) => (newest !== undefined && i === count - 1 ? newest : historyText(i)))
}
