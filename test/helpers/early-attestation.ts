import { vi } from 'vitest'
import { EARLY_ATTESTATION, earlyAttestationScript, type EarlyAttestationTarget } from '../../src/core/api/early-attestation.ts'

/**
 * The page's side of the attestation request its HTML starts, in tests: the script run as the page
 * runs it, what it leaves, and a page `fetch` that records what is asked.
 * @example
 * const asked: PageRequest[] = []
 * stubPageFetch(asked, sim.fetch)
 * const early = await runEarlyScript({ baseURL, model })
 */

type Body = { status: number; text: string; end: number }

/** What the script leaves under `Symbol.for('sealkit.earlyAttestation')`. */
export interface EarlySlot {
  url: string
  nonce: string
  at: number
  start: number
  body: Promise<Body>
  settled?: Body
}

/** One request the page's fetch was asked for. */
export interface PageRequest {
  url: string
  headers: Record<string, string>
}

export const earlySlot = (): EarlySlot | undefined => (globalThis as unknown as Record<symbol, EarlySlot | undefined>)[EARLY_ATTESTATION]

/** Runs the script as the page's HTML would, and waits for its body to be read. */
export async function runEarlyScript(target: EarlyAttestationTarget): Promise<EarlySlot | undefined> {
  new Function(earlyAttestationScript(target))()
  await earlySlot()?.body.catch(() => {})
  return earlySlot()
}

/** Stubs the page's `fetch`: `answer` when given, else `fallback` (a simulator's); each request is added to `asked`. */
export function stubPageFetch(asked: PageRequest[], fallback: (input: string, init?: RequestInit) => Promise<Response>, answer?: (url: string) => Response | Promise<Response>): void {
  vi.stubGlobal('fetch', (input: string, init?: RequestInit) => {
    asked.push({ url: String(input), headers: { ...(init?.headers as Record<string, string>) } })
    return answer ? Promise.resolve().then(() => answer(String(input))) : fallback(input, init)
  })
}
