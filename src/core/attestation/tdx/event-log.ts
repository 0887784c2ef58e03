import { sha384 } from '@noble/hashes/sha2.js'
import { bytesEqual, bytesToHex, concatBytes, hexToBytes, utf8Encode } from '../../crypto/hex.ts'
import type { Check } from '../report.ts'
import type { TdReport } from './quote.ts'

/**
 * RTMR replay (PROTOCOL.md check 7). Each RTMR starts at 48 zero bytes and every
 * measured event extends it: RTMR = sha384(RTMR || digest). Replaying the event log
 * must land exactly on RTMR0..3 of the quote; then the log's entries (the dstack
 * app id, compose hash, instance id, OS image...) are what the TD measured.
 *
 * RTMR0..2 digests come from firmware and the boot loader and can only be replayed.
 * RTMR3 events are dstack's runtime events, whose digests we recompute:
 * sha384(le32(event_type) || ":" || event || ":" || payload bytes).
 *
 * @example
 * ```ts
 * const events = parseEventLog(report.event_log)          // array or JSON string
 * replayRtmrs(events)                                      // ['…rtmr0 hex', …, '…rtmr3 hex']
 * checkRtmrReplay(quote.body, report.event_log).status    // 'passed'
 * ```
 */

/** One event of the TDX event log, as dstack reports it: the RTMRs replay from these. */
export interface TdxEvent {
  /** Which RTMR the event extends (0-3). */
  imr: number
  /** The TCG event type (dstack's runtime events use `0x08000001`). */
  event_type: number
  /** The SHA-384 digest extended into the RTMR, hex. */
  digest: string
  /** The event's name, for runtime events (e.g. `'compose-hash'`, `'key-provider'`). */
  event?: string
  /** The event's data, hex; a runtime event's digest is computed from its name and this. */
  event_payload?: string
}

/** Accepts the array or its JSON string (the NEAR gateway sends a string); throws Error on bad shapes. */
export function parseEventLog(input: unknown): TdxEvent[] {
  const value = typeof input === 'string' ? (JSON.parse(input) as unknown) : input
  if (!Array.isArray(value)) throw new Error('the event log is not an array')
  return value.map((e: unknown, i) => {
    const ev = e as Partial<TdxEvent> | null
    if (!ev || typeof ev !== 'object' || typeof ev.imr !== 'number' || typeof ev.digest !== 'string') throw new Error(`event ${i} has no imr / digest`)
    if (ev.imr < 0 || ev.imr > 3) throw new Error(`event ${i} extends IMR ${ev.imr}; only RTMR0..3 exist`)
    return { ...ev, event_type: Number(ev.event_type ?? 0) } as TdxEvent
  })
}

/** RTMR0..3 after replaying `events`, lowercase hex. */
export function replayRtmrs(events: readonly TdxEvent[]): [string, string, string, string] {
  const rtmrs = [0, 1, 2, 3].map(() => new Uint8Array(48))
  for (const e of events) {
    const digest = hexToBytes(e.digest)
    if (digest.length !== 48) throw new Error(`event digest of ${e.event || `type ${e.event_type}`} is ${digest.length} bytes, not 48`)
    rtmrs[e.imr] = sha384(concatBytes(rtmrs[e.imr]!, digest))
  }
  return rtmrs.map(bytesToHex) as [string, string, string, string]
}

/** The digest dstack extends RTMR3 with for a runtime event. */
export function runtimeEventDigest(eventType: number, event: string, payloadHex: string): Uint8Array {
  const type = new Uint8Array(4)
  new DataView(type.buffer).setUint32(0, eventType >>> 0, true)
  return sha384(concatBytes(type, utf8Encode(':'), utf8Encode(event), utf8Encode(':'), hexToBytes(payloadHex)))
}

/** Replays the event log and checks that it reproduces RTMR0-3 of the quote. */
export function checkRtmrReplay(body: Pick<TdReport, 'rtmr0' | 'rtmr1' | 'rtmr2' | 'rtmr3'>, eventLog: unknown): Check {
  const base = { id: 'tdx.rtmr.replay', label: 'Event log replays to RTMR0-3' }
  if (eventLog === undefined || eventLog === null || eventLog === '') return { ...base, status: 'skipped', detail: 'No event log was given.' }
  let events: TdxEvent[]
  let replayed: string[]
  try {
    events = parseEventLog(eventLog)
    replayed = replayRtmrs(events)
  } catch (e) {
    return { ...base, status: 'failed', detail: `The event log is malformed: ${(e as Error).message}.` }
  }
  const quoted = [body.rtmr0, body.rtmr1, body.rtmr2, body.rtmr3]
  const evidence: Record<string, string> = {}
  const mismatched: number[] = []
  for (let i = 0; i < 4; i++) {
    evidence[`rtmr${i}`] = quoted[i]!
    if (replayed[i] !== quoted[i]!.toLowerCase()) {
      mismatched.push(i)
      evidence[`replayed${i}`] = replayed[i]!
    }
  }
  // RTMR3 runtime events must carry the digest of their own content.
  const badDigests: string[] = []
  for (const e of events) {
    if (e.imr !== 3) continue
    try {
      if (!bytesEqual(runtimeEventDigest(e.event_type, e.event ?? '', e.event_payload ?? ''), hexToBytes(e.digest))) badDigests.push(e.event || `type ${e.event_type}`)
    } catch {
      badDigests.push(e.event || `type ${e.event_type}`)
    }
  }
  const rtmr3Events = events.filter((e) => e.imr === 3)
  evidence.rtmr3Events = rtmr3Events.map((e) => e.event ?? '').join(', ')
  if (mismatched.length || badDigests.length) {
    const parts = [
      ...(mismatched.length ? [`replaying ${events.length} events does not reproduce ${mismatched.map((i) => `RTMR${i}`).join(', ')}`] : []),
      ...(badDigests.length ? [`RTMR3 event digest(s) do not match their content: ${badDigests.join(', ')}`] : []),
    ]
    return { ...base, status: 'failed', detail: `${parts.join('; ')}.`, evidence }
  }
  return {
    ...base,
    status: 'passed',
    detail: `Replaying ${events.length} events reproduces RTMR0-3; the ${rtmr3Events.length} RTMR3 runtime event digests match their content.`,
    evidence,
  }
}

/** Payload of the first RTMR3 event with this name (e.g. 'compose-hash', 'app-id'), lowercase hex. */
export function runtimeEventPayload(eventLog: unknown, name: string): string | undefined {
  try {
    return parseEventLog(eventLog)
      .find((e) => e.imr === 3 && e.event === name)
      ?.event_payload?.toLowerCase()
  } catch {
    return undefined
  }
}
