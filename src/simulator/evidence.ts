import { p256, p384 } from '@noble/curves/nist.js'
import { sha256, sha384 } from '@noble/hashes/sha2.js'
import { randomBytes } from '@noble/hashes/utils.js'
import { bytesToHex, concatBytes, hexToBytes, utf8Encode } from '../core/crypto/hex.ts'

/**
 * The simulated enclave's hardware evidence: a TDX quote (v4) whose REPORTDATA is
 * what the caller asks for, NVIDIA GPU evidence carrying the nonce, a replayable
 * event log and dstack-style `info`, in the shapes of the real Venice report
 * (fixtures/real/attestation-reports/venice__*).
 *
 * Everything here is SIMULATED: the quote is signed by a made-up attestation key
 * whose QE report is signed by a made-up PCK key, with no certificate chain, so
 * no genuine-quote check (PROTOCOL.md step 4) can pass. What does hold: the
 * structure parses, the quote and QE report signatures verify with the embedded
 * keys, QE REPORTDATA binds the attestation key, MRCONFIGID binds app_compose,
 * and replaying `event_log` reproduces RTMR0-3.
 *
 * This module is the one seam for evidence: a later upgrade (a chain to a
 * simulator test root) replaces `createEvidence` alone.
 *
 * @example
 * ```ts
 * const evidence = createEvidence({ reportData, nonce })
 * report.intel_quote = evidence.intel_quote
 * ```
 */
export interface EvidenceInput {
  /** The 64 bytes the TD report's REPORTDATA must hold. */
  reportData: Uint8Array
  /** The attestation nonce (64 hex), echoed inside the GPU evidence. */
  nonce: string
}

export interface EventLogEntry {
  digest: string
  event: string
  event_payload: string
  event_type: number
  imr: number
}

export interface Evidence {
  /** TDX quote v4, lowercase hex (as in every real capture). */
  intel_quote: string
  /** A JSON string: `{ arch, evidence_list: [{ arch, certificate, evidence, nonce }], nonce }`. */
  nvidia_payload: string
  event_log: EventLogEntry[]
  info: Record<string, unknown>
}

/** Byte offset of REPORTDATA in a TDX v4 quote: 48-byte header + 520 bytes into the TD report. */
export const QUOTE_REPORT_DATA_OFFSET = 568
const HEADER_LEN = 48
const TD_REPORT_LEN = 584
/** Intel's QE vendor id, as in real quotes. */
const QE_VENDOR_ID = hexToBytes('939a7233f79c4ca9940a0db3957f0607')
/** TDATTRIBUTES of a production TD (bit 28 SEPT_VE_DISABLE, debug bit 0 clear) and XFAM, as in the real capture. */
const TD_ATTRIBUTES = hexToBytes('0000001000000000')
const XFAM = hexToBytes('e702060000000000')
/** dstack runtime events extend RTMR3 with this event type. */
const DSTACK_EVENT_TYPE = 0x08000001

const label = (s: string): Uint8Array => utf8Encode(`sealkit-simulator/${s}`)
const h256 = (s: string): Uint8Array => sha256(label(s))
const h384 = (s: string): Uint8Array => sha384(label(s))

function u16(n: number): Uint8Array {
  return Uint8Array.of(n & 0xff, (n >>> 8) & 0xff)
}
function u32(n: number): Uint8Array {
  return Uint8Array.of(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff)
}

function toBase64(bytes: Uint8Array): string {
  let s = ''
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!)
  return btoa(s)
}

interface Measurements {
  appCompose: string
  composeHash: Uint8Array
  appId: string
  instanceId: string
  deviceId: string
  osImageHash: string
  keyProviderInfo: string
  vmConfig: string
  mrtd: Uint8Array
  mrseam: Uint8Array
  mrconfigid: Uint8Array
  rtmrs: [Uint8Array, Uint8Array, Uint8Array, Uint8Array]
  eventLog: EventLogEntry[]
}

let measurementsCache: Measurements | undefined

/** The simulated TD's measurements: fixed for every run, so a policy can pin them. */
function measurements(): Measurements {
  if (measurementsCache) return measurementsCache
  const appCompose = JSON.stringify(
    {
      manifest_version: 2,
      name: 'sealkit-simulator',
      runner: 'docker-compose',
      docker_compose_file: 'services:\n  enclave:\n    image: sealkit/simulated-enclave\n',
      kms_enabled: true,
      gateway_enabled: false,
      local_key_provider_enabled: false,
      key_provider_id: '',
      public_logs: true,
      public_sysinfo: true,
      allowed_envs: [],
      no_instance_id: false,
      secure_time: false,
      pre_launch_script: '',
    },
    null,
    4,
  )
  const composeHash = sha256(utf8Encode(appCompose))
  const appId = bytesToHex(h256('app-id').subarray(0, 20))
  const instanceId = bytesToHex(h256('instance-id').subarray(0, 20))
  const deviceId = bytesToHex(h256('device-id'))
  const osImageHash = bytesToHex(h256('os-image'))
  const keyProviderInfo = JSON.stringify({ name: 'kms', id: bytesToHex(h256('kms-id')) })
  const vmConfig = JSON.stringify({
    spec_version: 1,
    os_image_hash: osImageHash,
    cpu_count: 8,
    memory_size: 17_179_869_184,
    qemu_version: '9.2.1',
    num_gpus: 1,
    num_nvswitches: 0,
    hotplug_off: true,
    image: 'sealkit-simulator',
  })

  // Firmware/kernel events (RTMR0-2): the digest is whatever was measured; here sha384 of the payload.
  const bootEvent = (imr: number, eventType: number, name: string): EventLogEntry => {
    const payload = h256(name)
    return { digest: bytesToHex(sha384(payload)), event: '', event_payload: bytesToHex(payload), event_type: eventType, imr }
  }
  // dstack runtime events (RTMR3): digest = sha384(le32(type) || ":" || event || ":" || payload).
  const runtimeEvent = (event: string, payloadHex: string): EventLogEntry => {
    const digest = sha384(concatBytes(u32(DSTACK_EVENT_TYPE), utf8Encode(`:${event}:`), hexToBytes(payloadHex)))
    return { digest: bytesToHex(digest), event, event_payload: payloadHex, event_type: DSTACK_EVENT_TYPE, imr: 3 }
  }
  const eventLog: EventLogEntry[] = [
    bootEvent(0, 0x8000000b, 'td-hob'),
    bootEvent(0, 0x8000000a, 'cfv-image'),
    bootEvent(0, 0x80000001, 'secure-boot'),
    bootEvent(1, 0x80000003, 'boot-services'),
    bootEvent(1, 0x80000007, 'kernel'),
    bootEvent(2, 6, 'kernel-cmdline'),
    bootEvent(2, 6, 'initrd'),
    runtimeEvent('system-preparing', ''),
    runtimeEvent('app-id', appId),
    runtimeEvent('compose-hash', bytesToHex(composeHash)),
    runtimeEvent('instance-id', instanceId),
    runtimeEvent('boot-mr-done', ''),
    runtimeEvent('os-image-hash', osImageHash),
    runtimeEvent('key-provider', bytesToHex(utf8Encode(keyProviderInfo))),
    runtimeEvent('system-ready', ''),
  ]
  const rtmrs: [Uint8Array, Uint8Array, Uint8Array, Uint8Array] = [
    new Uint8Array(48),
    new Uint8Array(48),
    new Uint8Array(48),
    new Uint8Array(48),
  ]
  for (const e of eventLog) rtmrs[e.imr] = sha384(concatBytes(rtmrs[e.imr]!, hexToBytes(e.digest)))

  measurementsCache = {
    appCompose,
    composeHash,
    appId,
    instanceId,
    deviceId,
    osImageHash,
    keyProviderInfo,
    vmConfig,
    mrtd: h384('mrtd'),
    mrseam: h384('mrseam'),
    // MRCONFIGID = 0x01 || sha256(app_compose) || zero padding, as dstack sets it.
    mrconfigid: concatBytes(Uint8Array.of(1), composeHash, new Uint8Array(15)),
    rtmrs,
    eventLog,
  }
  return measurementsCache
}

function scalar(curve: typeof p256, seed: Uint8Array): Uint8Array {
  if (!curve.utils.isValidSecretKey(seed)) throw new Error('simulator key derivation produced an invalid scalar')
  return seed
}

// Fixed simulated keys: the quoting enclave's attestation key, the "PCK" key that signs the QE report, a GPU device key.
const ATTESTATION_KEY = scalar(p256, h256('tdx-attestation-key'))
const PCK_KEY = scalar(p256, h256('tdx-pck-key'))
const GPU_KEY = scalar(p384, h384('gpu-device-key'))

let qeCertificationCache: Uint8Array | undefined

/** Signature data after the quote signature: attestation key + QE report certification data (type 6). Constant. */
function qeCertification(): Uint8Array {
  if (qeCertificationCache) return qeCertificationCache
  const attPub = p256.getPublicKey(ATTESTATION_KEY, false).subarray(1)
  const qeAuth = h256('qe-auth-data')
  // SGX report body (384 bytes): REPORTDATA (offset 320) = sha256(attestation key || QE auth data) || 32 zero bytes.
  const qeReport = new Uint8Array(384)
  qeReport.set(h256('qe-mrenclave'), 64)
  qeReport.set(h256('qe-mrsigner'), 128)
  qeReport.set(sha256(concatBytes(attPub, qeAuth)), 320)
  const qeReportSig = p256.sign(qeReport, PCK_KEY)
  // Certification data type 5 (PCK chain) left empty: a chain to a simulator root is a later upgrade.
  const inner = concatBytes(qeReport, qeReportSig, u16(qeAuth.length), qeAuth, u16(5), u32(0))
  qeCertificationCache = concatBytes(attPub, u16(6), u32(inner.length), inner)
  return qeCertificationCache
}

function tdxQuote(reportData: Uint8Array): Uint8Array {
  const m = measurements()
  const header = concatBytes(u16(4), u16(2), u32(0x81), u16(0), u16(0), QE_VENDOR_ID, h256('header-user-data').subarray(0, 20))
  const teeTcbSvn = hexToBytes('06010400000000000000000000000000')
  const zeros48 = new Uint8Array(48)
  const body = concatBytes(
    teeTcbSvn,
    m.mrseam,
    zeros48, // MRSIGNERSEAM
    new Uint8Array(8), // SEAMATTRIBUTES
    TD_ATTRIBUTES,
    XFAM,
    m.mrtd,
    m.mrconfigid,
    zeros48, // MROWNER
    zeros48, // MROWNERCONFIG
    ...m.rtmrs,
    reportData,
  )
  if (header.length !== HEADER_LEN || body.length !== TD_REPORT_LEN) throw new Error('simulated quote layout is wrong')
  const quoteSig = p256.sign(concatBytes(header, body), ATTESTATION_KEY)
  const sigData = concatBytes(quoteSig, qeCertification())
  return concatBytes(header, body, u32(sigData.length), sigData)
}

/** SPDM GET_MEASUREMENTS request + signed response; the request nonce sits at bytes 4..36 as in real GPU evidence. */
function gpuEvidence(nonce: Uint8Array): Uint8Array {
  const request = concatBytes(Uint8Array.of(0x11, 0xe0, 0x01, 0xff), nonce, Uint8Array.of(0))
  const value = h384('gpu-measurement')
  const block = concatBytes(Uint8Array.of(1, 1), u16(3 + value.length), Uint8Array.of(0), u16(value.length), value)
  const response = concatBytes(
    Uint8Array.of(0x11, 0x60, 0x00, 0x00, 1),
    u32(block.length).subarray(0, 3),
    block,
    randomBytes(32), // responder nonce
    u16(0), // opaque data length
  )
  const signature = p384.sign(concatBytes(request, response), GPU_KEY)
  return concatBytes(request, response, signature)
}

/**
 * Builds the evidence for one attestation answer.
 * @example
 * const { intel_quote } = createEvidence({ reportData: concatBytes(address, new Uint8Array(12), nonce), nonce: nonceHex })
 */
export function createEvidence(input: EvidenceInput): Evidence {
  if (input.reportData.length !== 64) throw new TypeError('reportData must be 64 bytes')
  const nonceBytes = hexToBytes(input.nonce)
  if (nonceBytes.length !== 32) throw new TypeError('nonce must be 32 bytes (64 hex)')
  const m = measurements()
  const nvidia = {
    arch: 'HOPPER',
    evidence_list: [{ arch: 'HOPPER', certificate: '', evidence: toBase64(gpuEvidence(nonceBytes)), nonce: input.nonce }],
    nonce: input.nonce,
  }
  const [rtmr0, rtmr1, rtmr2, rtmr3] = m.rtmrs.map(bytesToHex)
  return {
    intel_quote: bytesToHex(tdxQuote(input.reportData)),
    nvidia_payload: JSON.stringify(nvidia),
    event_log: m.eventLog.map((e) => ({ ...e })),
    info: {
      simulated: true,
      app_cert: '',
      app_id: m.appId,
      app_name: 'sealkit-simulator',
      compose_hash: bytesToHex(m.composeHash),
      device_id: m.deviceId,
      instance_id: m.instanceId,
      key_provider_info: m.keyProviderInfo,
      os_image_hash: m.osImageHash,
      tcb_info: {
        app_compose: m.appCompose,
        compose_hash: bytesToHex(m.composeHash),
        device_id: m.deviceId,
        event_log: m.eventLog.map((e) => ({ ...e })),
        mrtd: bytesToHex(m.mrtd),
        os_image_hash: m.osImageHash,
        rtmr0,
        rtmr1,
        rtmr2,
        rtmr3,
      },
      vm_config: m.vmConfig,
    },
  }
}
