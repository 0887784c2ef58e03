import { accessSync, constants, statSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { AttestationEvidence } from '../../src/core/session/attest.ts'
import { redactKey } from '../../src/core/api/http.ts'
import { escapeField, shellWord } from './escape.ts'
import { UsageError } from './usage.ts'

const codeOf = (error: unknown) => (error as NodeJS.ErrnoException).code ?? (error as Error).message

/**
 * `attest --save FILE`, before anything is fetched: FILE must be a regular file (or not exist yet) in a
 * writable place. A directory or a FIFO would otherwise fail, or block, only after the attestation ran.
 */
export function checkSavePath(file: string): void {
  let exists = true
  try {
    if (!statSync(file).isFile()) throw new UsageError(`--save: ${escapeField(file)} is not a regular file`)
  } catch (error) {
    if (error instanceof UsageError) throw error
    if (codeOf(error) !== 'ENOENT') throw new UsageError(`--save: cannot use ${escapeField(file)}: ${codeOf(error)}`)
    exists = false
  }
  try {
    accessSync(exists ? file : dirname(resolve(file)), constants.W_OK)
  } catch (error) {
    throw new UsageError(`--save: cannot write ${escapeField(file)}: ${codeOf(error)}`)
  }
}

/** What `verify` needs to judge the saved file as this run did. */
export interface VerifyAgain {
  policy: string
  /** The provider, when not Venice: whose rule `verify` applies to the claim NEAR's reports do not make. */
  provider?: string
  /** Set with --trust-simulator. */
  simulatorBaseURL?: string
  pccs?: string
  /** Whether the verdict turned on the code-continuity check, which compares with a file as it was then. */
  continuityDecided?: boolean
}

/**
 * Writes the body as received (the API key, should a server have echoed it, replaced by `[redacted]`: the
 * file is meant to be kept and shared), and returns the lines for stderr: where it went, and the `verify`
 * command that checks it again with this run's nonce and policy. A failed write throws, its message ready for stderr.
 */
export function saveEvidence(file: string, evidence: AttestationEvidence, again: VerifyAgain, apiKey: string | undefined): string[] {
  const body = redactKey(evidence.raw, apiKey)
  try {
    writeFileSync(file, body)
  } catch (error) {
    throw new Error(`--save: cannot write ${escapeField(file)}: ${codeOf(error)}`)
  }
  const lines = [`Saved the attestation as received to ${escapeField(file)}.`]
  if (body !== evidence.raw) lines.push('The response contained your API key: the file has [redacted] in its place.')
  const args = [file.startsWith('-') ? `./${file}` : file, '--nonce', evidence.nonce, '--model', evidence.model, '--policy', again.policy]
  if (again.provider !== undefined) args.push('--provider', again.provider)
  if (again.simulatorBaseURL !== undefined) args.push('--trust-simulator', '--base-url', again.simulatorBaseURL)
  if (again.pccs !== undefined) args.push('--pccs', again.pccs)
  const words = args.map(shellWord)
  if (words.some((w) => w === undefined)) {
    lines.push('Check it again offline with `sealkit verify`; its file name or model has control characters, so no command to paste is printed.')
  } else {
    lines.push(`Check it again offline (the same evidence, nonce and policy):\n  npx sealkit verify ${words.join(' ')}`)
  }
  if (again.continuityDecided) lines.push('Whether the code changed since the last attestation is not checked again: it compared with the measurements file as it was then.')
  return lines
}
