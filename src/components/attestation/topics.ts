import type { Check } from '../../core/attestation/report.ts'

/**
 * How the badge groups checks: by what they are about, in the order a person asks.
 * The provider's own claims come last: they are its word, not our verification.
 */
export type CheckTopic = 'hardware' | 'freshness' | 'code' | 'gpus' | 'provider' | 'other'

/** The English heading of each check topic in the badge. */
export const TOPIC_TITLES: Record<CheckTopic, string> = {
  hardware: 'Hardware & Intel',
  freshness: 'Freshness & key',
  code: 'Code identity',
  gpus: 'GPUs',
  provider: "Provider's claims",
  other: 'Other checks',
}

export const TOPIC_ORDER: readonly CheckTopic[] = ['hardware', 'freshness', 'code', 'gpus', 'provider', 'other']

/** The topic a check id belongs to. */
export function topicOf(id: string): CheckTopic {
  if (/^server\./.test(id)) return 'provider'
  if (/^gpu\./.test(id)) return 'gpus'
  if (/^(identity|deployment)\.|^tdx\.(mrconfigid|rtmr\.|measurements)/.test(id)) return 'code'
  if (/^(nonce|key|attestation)\.|^tdx\.reportdata$/.test(id)) return 'freshness'
  if (/^tdx\./.test(id)) return 'hardware'
  return 'other'
}

export interface CheckGroup {
  topic: CheckTopic
  title: string
  checks: Check[]
  counts: { passed: number; failed: number; skipped: number }
}

/** Checks grouped by topic, in topic order, each group's checks in report order. Failed checks are not removed from their group. */
export function groupChecks(checks: readonly Check[]): CheckGroup[] {
  const groups = new Map<CheckTopic, Check[]>()
  for (const c of checks) {
    const topic = topicOf(c.id)
    groups.set(topic, [...(groups.get(topic) ?? []), c])
  }
  return TOPIC_ORDER.filter((t) => groups.has(t)).map((topic) => {
    const list = groups.get(topic)!
    const counts = { passed: 0, failed: 0, skipped: 0 }
    for (const c of list) counts[c.status]++
    return { topic, title: TOPIC_TITLES[topic], checks: list, counts }
  })
}

/** One plain line for each piece of jargon the badge shows. */
export const JARGON: Record<string, string> = {
  REPORTDATA: '64 bytes the enclave writes into its quote: here the address of its key and our nonce.',
  TDATTRIBUTES: "The enclave's settings as the CPU enforces them; bit 0 set would mean debug mode.",
  XFAM: 'Which CPU features (e.g. AVX) the enclave may use.',
  SPDM: 'The protocol a GPU uses to prove its identity and sign its measurements.',
  PCK: "Intel's attestation certificate for this CPU (Provisioning Certification Key).",
  MRTD: "Hash of the enclave's firmware, measured when it was built.",
  RTMR: 'Running hashes of what booted: RTMR0 the VM configuration, RTMR1 the kernel, RTMR2 its command line and initrd, RTMR3 the app.',
  MRCONFIGID: 'Set by the host at launch: here the hash of the app compose that describes what runs.',
  TCB: "The platform's security patch level, as Intel rates it.",
}
