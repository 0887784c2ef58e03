import { sha256, sha384 } from '@noble/hashes/sha2.js'
import { bytesToHex, concatBytes, hexToBytes, utf8Encode } from '../core/crypto/hex.ts'
import { createSimulatedGpuEvidence, simulatorGpuAuthority } from './gpu-evidence.ts'
import { createSimulatedTdxQuote, getSimulatedTdxCa } from './tdx-quote.ts'

/**
 * The simulated enclave's hardware evidence: a TDX quote (v4) whose REPORTDATA is
 * what the caller asks for, NVIDIA GPU evidence carrying the nonce, a replayable
 * event log and dstack-style `info`, in the shapes of the real Venice report
 * (fixtures/real/attestation-reports/venice__*).
 *
 * Everything here is SIMULATED, and structurally real: the quote's PCK chain and
 * the GPUs' device chains end at test roots generated once per process
 * (`simulatorRoots()`), never at Intel's or NVIDIA's. Verifying with the default
 * roots therefore fails; trusting the simulator's roots explicitly makes every
 * check pass and marks the report `simulated`.
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
  /** Which deployment the enclave runs (default 0): another revision is a redeploy with a new image digest and compose hash. */
  deploymentRevision?: number
  /** `false`: a CPU-only TD (NEAR AI Cloud's gateway), with no GPU evidence. Default true. */
  gpus?: boolean
}

/** One event of the simulated TDX event log, in dstack's shape. */
export interface EventLogEntry {
  /** The SHA-384 digest extended into the RTMR, hex. */
  digest: string
  /** The event's name, e.g. `'compose-hash'`. */
  event: string
  /** The event's data, hex. */
  event_payload: string
  /** The TCG event type (`0x08000001` for dstack runtime events). */
  event_type: number
  /** Which RTMR it extends (0-3). */
  imr: number
}

/** The evidence fields of a simulated attestation report. */
export interface Evidence {
  /** TDX quote v4, lowercase hex (as in every real capture). */
  intel_quote: string
  /** A JSON string: `{ arch, evidence_list: [{ arch, certificate, evidence, nonce }], nonce }`; absent for a CPU-only TD. */
  nvidia_payload?: string
  /** The event log that replays to RTMR3. */
  event_log: EventLogEntry[]
  /** dstack's `info` (app compose, TCB info, compose hash). */
  info: Record<string, unknown>
}

/** Byte offset of REPORTDATA in a TDX v4 quote: 48-byte header + 520 bytes into the TD report. */
export const QUOTE_REPORT_DATA_OFFSET = 568
/** TDATTRIBUTES of a production TD (bit 28 SEPT_VE_DISABLE, debug bit 0 clear) and XFAM, as in the real capture. */
const TD_ATTRIBUTES = hexToBytes('0000001000000000')
const XFAM = hexToBytes('e702060000000000')
const TEE_TCB_SVN = '06010400000000000000000000000000'
/** GPUs in the simulated machine (each with its own device certificate and signed SPDM evidence). */
const SIMULATED_GPUS = 2
/** dstack runtime events extend RTMR3 with this event type. */
const DSTACK_EVENT_TYPE = 0x08000001

const label = (s: string): Uint8Array => utf8Encode(`sealkit-simulator/${s}`)
const h256 = (s: string): Uint8Array => sha256(label(s))
const h384 = (s: string): Uint8Array => sha384(label(s))

function u32(n: number): Uint8Array {
  return Uint8Array.of(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff)
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

const measurementsCache = new Map<number, Measurements>()

/** A digest that stands for the image of `name` at a deployment revision (sha256 of a label: fixed, never pulled). */
const imageDigest = (name: string, revision: number): string => `sha256:${bytesToHex(h256(`image:${name}:${revision}`))}`

/**
 * The simulated TD's measurements: fixed for every run, so a policy can pin them. A
 * deployment revision changes what a redeploy changes: the enclave image's digest, hence
 * the compose hash, MRCONFIGID and RTMR3; the OS image (MRTD, RTMR0-2) stays.
 */
function measurements(revision = 0): Measurements {
  const cached = measurementsCache.get(revision)
  if (cached) return cached
  const appCompose = JSON.stringify(
    {
      manifest_version: 2,
      name: 'sealkit-simulator',
      runner: 'docker-compose',
      docker_compose_file: [
        'services:',
        '  inference:',
        `    image: sealkit/simulated-inference@${imageDigest('inference', revision)}`,
        '  enclave-proxy:',
        `    image: sealkit/simulated-proxy@${imageDigest('proxy', 0)}`,
        '    ports:',
        '      - "8000:8000"',
        '',
      ].join('\n'),
      kms_enabled: true,
      gateway_enabled: false,
      local_key_provider_enabled: false,
      key_provider_id: '',
      public_logs: false,
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
    num_gpus: SIMULATED_GPUS,
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

  const built: Measurements = {
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
  measurementsCache.set(revision, built)
  return built
}

function tdxQuote(reportData: Uint8Array, m: Measurements): Uint8Array {
  const [rtmr0, rtmr1, rtmr2, rtmr3] = m.rtmrs
  return createSimulatedTdxQuote({
    reportData,
    measurements: { teeTcbSvn: TEE_TCB_SVN, mrSeam: m.mrseam, mrTd: m.mrtd, mrConfigId: m.mrconfigid, tdAttributes: TD_ATTRIBUTES, xfam: XFAM, rtmr0, rtmr1, rtmr2, rtmr3 },
  }).bytes
}

/** The simulator's test roots, generated once per process: trust them explicitly to accept simulated evidence. */
export interface SimulatorRoots {
  /** The TDX test root (stands in for Intel's SGX Root CA). */
  intel: {
    /** The certificate, PEM. */
    pem: string
    /** SHA-256 of its DER, lowercase hex. */
    fingerprint: string
  }
  /** The GPU test root (stands in for NVIDIA's Device Identity CA). */
  nvidia: {
    /** The certificate, PEM. */
    pem: string
    /** SHA-256 of its DER, lowercase hex. */
    fingerprint: string
  }
}

/** The simulator's test roots (standing in for Intel's SGX Root CA and NVIDIA's device CA), to pass as trusted roots when verifying its evidence: never trust them for a real enclave. */
export function simulatorRoots(): SimulatorRoots {
  const tdx = getSimulatedTdxCa().root
  const gpu = simulatorGpuAuthority().root
  return { intel: { pem: tdx.pem, fingerprint: tdx.fingerprint }, nvidia: { pem: gpu.pem, fingerprint: gpu.fingerprint } }
}

/**
 * Builds the evidence for one attestation answer.
 * @example
 * const { intel_quote } = createEvidence({ reportData: concatBytes(address, new Uint8Array(12), nonce), nonce: nonceHex })
 */
export function createEvidence(input: EvidenceInput): Evidence {
  if (input.reportData.length !== 64) throw new TypeError('reportData must be 64 bytes')
  if (hexToBytes(input.nonce).length !== 32) throw new TypeError('nonce must be 32 bytes (64 hex)')
  const m = measurements(input.deploymentRevision ?? 0)
  const [rtmr0, rtmr1, rtmr2, rtmr3] = m.rtmrs.map(bytesToHex)
  return {
    intel_quote: bytesToHex(tdxQuote(input.reportData, m)),
    ...(input.gpus === false ? {} : { nvidia_payload: createSimulatedGpuEvidence({ nonce: input.nonce, gpus: SIMULATED_GPUS }).payload }),
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
