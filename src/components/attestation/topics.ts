import type { Check } from '../../core/attestation/report.ts'
import { attestationEn } from '../i18n/attestation-en.ts'

/**
 * How the badge groups checks: by what they are about, in the order a person asks.
 * The provider's own claims come last: they are its word, not our verification.
 */
export type CheckTopic = 'hardware' | 'freshness' | 'code' | 'gpus' | 'provider' | 'other'

/** The English heading of each check topic in the badge. */
/** English group titles (the badge words them through its catalog: `attestation.topics`). */
export const TOPIC_TITLES: Record<CheckTopic, string> = attestationEn.topics

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

/** Checks of one topic (hardware, freshness, code, ...), for the details view. */
export interface CheckGroup {
  /** The topic. */
  topic: CheckTopic
  /** Its title, in English. */
  title: string
  /** Its checks, in report order. */
  checks: Check[]
  /** How many of its checks passed, failed and were skipped. */
  counts: {
    /** Passed. */
    passed: number
    /** Failed. */
    failed: number
    /** Skipped. */
    skipped: number
  }
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

/** One plain line for each piece of jargon the badge shows (English; the badge uses its catalog's `attestation.jargon`). */
export const JARGON: Record<string, string> = attestationEn.jargon
