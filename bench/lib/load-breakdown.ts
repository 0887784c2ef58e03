/**
 * Where page load -> verified goes (and send -> first token: `replyBreakdown`), from one page's timeline: resource timing (the HTML, the main
 * chunk, the API requests), the bench app's own `bench:main` mark (its module evaluated: the main
 * chunk and everything it imports), the first React commit, and sealkit's `sealkit:*` marks
 * (src/core/timing.ts). Every figure is milliseconds from navigation start, or a duration.
 */

/** What the page's timeline holds, as read by the harness. */
export interface Timeline {
  marks: Array<[name: string, startTime: number]>
  /** `request` / `response`: the request sent and the response's first byte (0 when the browser does not say: a cross-origin response without Timing-Allow-Origin). */
  resources: Array<{ name: string; start: number; end: number; request?: number; response?: number; bytes?: number }>
  /** The navigation's responseEnd: the HTML is in. */
  htmlEnd: number
}

/** Milliseconds; `NaN` when a step did not happen (e.g. a plaintext app has no verifier). */
export interface LoadBreakdown {
  /** HTML in. */
  html_ms: number
  /** The main chunk downloaded. */
  main_chunk_fetched_ms: number
  /** The main chunk and what it imports evaluated (the app's module body runs). */
  main_evaluated_ms: number
  /** React's first commit. */
  first_commit_ms: number
  /** The models list: request sent, response in. */
  models_start_ms: number
  models_end_ms: number
  /** The verification worker started, and loaded (its chunk fetched and evaluated). */
  verifier_start_ms: number
  verifier_ready_ms: number
  /** The attestation request sent, and its body in. */
  report_fetch_start_ms: number
  report_fetched_ms: number
  /** The attestation response's last byte in, by resource timing (the network's clock, not the main thread's). */
  report_response_end_ms: number
  /** Verification inside the worker. */
  worker_verify_start_ms: number
  worker_verify_end_ms: number
  /** The verdict back on the main thread; the E2EE session's key pair made. */
  attestation_verified_ms: number
  session_keyed_ms: number
}

const at = (t: Timeline, name: string): number => t.marks.find(([n]) => n === name)?.[1] ?? NaN
const resource = (t: Timeline, test: RegExp) => t.resources.find((r) => test.test(r.name))

export function loadBreakdown(t: Timeline, firstCommit: number | undefined): LoadBreakdown {
  const main = resource(t, /\/assets\/index-[^/]*\.js$/)
  const models = resource(t, /\/models(\?|$)/)
  return {
    html_ms: t.htmlEnd,
    main_chunk_fetched_ms: main?.end ?? NaN,
    main_evaluated_ms: at(t, 'bench:main'),
    first_commit_ms: firstCommit ?? NaN,
    models_start_ms: models?.start ?? NaN,
    models_end_ms: models?.end ?? NaN,
    verifier_start_ms: at(t, 'sealkit:verifier-start'),
    verifier_ready_ms: at(t, 'sealkit:verifier-ready'),
    report_fetch_start_ms: at(t, 'sealkit:attestation-fetch'),
    report_fetched_ms: at(t, 'sealkit:attestation-fetched'),
    report_response_end_ms: resource(t, /\/(tee\/)?attestation(\/report)?(\?|$)/)?.end ?? NaN,
    worker_verify_start_ms: at(t, 'sealkit:worker-verify-start'),
    worker_verify_end_ms: at(t, 'sealkit:worker-verify-end'),
    attestation_verified_ms: at(t, 'sealkit:attestation-verified'),
    session_keyed_ms: at(t, 'sealkit:session-keyed'),
  }
}

/** The durations a reader wants: how long each step took (ms); and when the critical path's requests and workers started. */
export function stepDurations(b: LoadBreakdown, verified: number) {
  return {
    /** Navigation -> the attestation request sent (with the config's `defaultModel`: at its module evaluation). */
    report_fetch_start_ms: b.report_fetch_start_ms,
    /** Navigation -> the models list requested. */
    models_start_ms: b.models_start_ms,
    /** Navigation -> the verification worker started. */
    verifier_start_ms: b.verifier_start_ms,
    /** Navigation -> the E2EE session's key pair made (in the decryption worker). */
    session_keyed_ms: b.session_keyed_ms,
    /** Navigation -> React's first commit. */
    first_commit_ms: b.first_commit_ms,
    main_chunk_eval_ms: b.main_evaluated_ms - b.main_chunk_fetched_ms,
    mount_ms: b.first_commit_ms - b.main_evaluated_ms,
    models_fetch_ms: b.models_end_ms - b.models_start_ms,
    verify_worker_start_ms: b.verifier_ready_ms - b.verifier_start_ms,
    report_fetch_ms: b.report_fetched_ms - b.report_fetch_start_ms,
    /** The same to the response's last byte by resource timing: the server and the network, without the wait for the main thread to read it. */
    report_network_ms: b.report_response_end_ms - b.report_fetch_start_ms,
    verify_worker_ms: b.worker_verify_end_ms - b.worker_verify_start_ms,
    /** From the worker's answer to the badge saying verified (React, the session). */
    verified_to_badge_ms: verified - b.attestation_verified_ms,
    /**
     * From the attestation response's last byte in (resource timing) to the badge saying verified: what the client
     * adds once the evidence is in, whatever the server and the network took. Verification, and any of the
     * worker's loading still left then.
     */
    after_report_ms: verified - b.report_response_end_ms,
  }
}

/**
 * Where send -> first token goes (ms), from sealkit's chat marks (src/core/timing.ts) around the page's first reply:
 * `send` is the harness's submit, `onScreen` the first text of the reply in the DOM.
 */
export function replyBreakdown(t: Timeline, send: number, onScreen: number) {
  const stored = at(t, 'sealkit:chat-send')
  const session = at(t, 'sealkit:chat-session')
  const encrypted = at(t, 'sealkit:chat-encrypted')
  const request = at(t, 'sealkit:chat-request')
  const firstChunk = at(t, 'sealkit:chat-first-chunk')
  const firstWords = at(t, 'sealkit:chat-first-words')
  return {
    /** Submit -> the request sent: the chat's store, the session, encrypting the messages (in the key holder). */
    send_to_request_ms: request - send,
    /** Of that: submit -> the chat's store starts the request (the composer, React's event). */
    send_to_store_ms: stored - send,
    /** -> the store has its session (attested, keyed: a wait only when sent before the verdict). */
    store_to_session_ms: session - stored,
    /** -> the messages encrypted (in the key holder worker). */
    session_to_encrypted_ms: encrypted - session,
    /** -> the request sent (the chat request's code: a chunk loaded once the session is keyed). */
    encrypted_to_request_ms: request - encrypted,
    /** The request sent -> the reply's first chunk in: the server (the simulator decrypts the prompt and encrypts a chunk) and the network. */
    request_to_first_chunk_ms: firstChunk - request,
    /** That chunk in -> its words out of the session: decryption (in the key holder) and the order they are handed on in. */
    first_chunk_to_words_ms: firstWords - firstChunk,
    /** The first words in the chat's store -> on screen: React and the markdown renderer. */
    words_to_screen_ms: onScreen - firstWords,
  }
}

/** One line for the log: each step as start..end. */
export function formatBreakdown(b: LoadBreakdown, verified: number): string {
  const f = (x: number) => (Number.isNaN(x) ? '-' : x.toFixed(0))
  return (
    `html ${f(b.html_ms)}, main chunk ${f(b.main_chunk_fetched_ms)}, evaluated ${f(b.main_evaluated_ms)}, first commit ${f(b.first_commit_ms)}, ` +
    `models ${f(b.models_start_ms)}..${f(b.models_end_ms)}, verifier ${f(b.verifier_start_ms)}..${f(b.verifier_ready_ms)}, ` +
    `report ${f(b.report_fetch_start_ms)}..${f(b.report_fetched_ms)} (network ..${f(b.report_response_end_ms)}), worker verify ${f(b.worker_verify_start_ms)}..${f(b.worker_verify_end_ms)}, ` +
    `verdict ${f(b.attestation_verified_ms)}, keyed ${f(b.session_keyed_ms)}, badge ${f(verified)}`
  )
}
