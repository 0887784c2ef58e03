import type { SealkitErrorCode } from '../../core/errors.ts'
import { attestationEn } from './attestation-en.ts'

/** A plain-words explanation of an error: what happened, and what to do next. */
export interface ErrorWords {
  /** What happened, for someone who is not a developer. */
  text: string
  /** The next step. */
  next: string
}

/**
 * The English strings of every component. The shape of this object is `SealkitMessages`:
 * a translation is an object of the same shape (`zhCN` beside this file is one). Strings that
 * take values are functions, so word order stays the translation's.
 *
 * @catalog
 */
export const en = {
  /** BCP 47 tag the catalog is written in; `Intl` formats dates and numbers with it. */
  locale: 'en',
  dir: 'ltr' as 'ltr' | 'rtl',
  /** A part of the chat loaded on demand (the model list, the attestation details) that could not load. */
  loadFailed: 'This part of the chat could not be loaded. Reload the page to try again.',
  message: {
    roles: { user: 'You', assistant: 'Assistant', system: 'System' } as Record<string, string>,
    /** The accessible name of a message article; `role` is the translated role (English says "Your message", not "You message"). */
    label: (role: string) => (role === 'You' ? 'Your message' : `${role} message`),
    reasoning: 'Reasoning',
    /** The reasoning of an E2EE reply that the server sent unencrypted (the app allowed it): the rest of the reply was encrypted. */
    reasoningUnencrypted: 'Reasoning (sent unencrypted)',
    generating: 'Generating a response',
    /** A sent message waits for the enclave's verdict before it is encrypted and sent. */
    verifying: 'Waiting for the enclave to be verified',
    stopped: 'Stopped',
    stoppedAfterText: 'Stopped. The text above is what arrived before you stopped it.',
    incomplete: 'The reply ended before it was complete.',
    failed: 'The reply failed.',
    retry: 'Retry',
    /** Above a reply whose authenticity failed; its text is hidden until "Show anyway". */
    unauthentic: 'This reply was not signed by the enclave: it may not come from the model.',
    /** Above a reply a chunk of which failed decryption (or came unencrypted); its text is hidden until "Show anyway". */
    tamperedChunk: 'Part of this reply failed its check on the way: what came before it may not come from the model either.',
    /** Under a refused reply (its signature or a chunk failed, or a required signature never came): the chat leaves it out of the history it sends. */
    leftOut: 'Left out of what the model sees with your next message.',
    showAnyway: 'Show anyway',
    hideUnauthentic: 'Hide',
    /** Before the provider's own (unverified) error text, which follows in quotes. */
    providerSaid: 'The provider said (not verified):',
  },
  /** The privacy chips under a message. "Encrypted" and "Signed by the enclave" are separate facts. */
  chips: {
    label: 'Privacy',
    /** After the label, before the short facts, for screen readers: the language's own colon ("Privacy: ", "隐私："). */
    afterLabel: ': ',
    /** Between the short facts of the compact row, for screen readers ("Privacy: Encrypted, Signed"). */
    separator: ', ',
    encryptedToEnclave: 'Encrypted to the enclave',
    encrypted: 'Encrypted',
    sentWithoutE2ee: 'Sent without E2EE',
    notE2ee: 'Not end-to-end encrypted',
    authenticity: {
      verified: 'Signed by the enclave',
      failed: 'Signature failed',
      pending: 'Signature pending',
      unavailable: 'Not signed by the enclave',
    },
    signedBySimulated: 'Signed by the simulated enclave',
    /** A restored reply whose record claims a signature the storage cannot prove it did not forge. */
    signatureUnproven: 'Signature not provable',
    encryptedToSimulated: 'Encrypted to the simulated enclave',
    /** A reply restored from storage: its signature was checked when it arrived, not since. */
    whenReceived: (fact: string, date: string) => `${fact} when received (${date})`,
    attestation: { passed: 'Enclave verified', failed: 'Enclave not verified', simulated: 'Simulated enclave' },
    /** The compact row: a word or two per fact. */
    short: {
      encryptedToEnclave: 'Encrypted',
      encrypted: 'Encrypted',
      sentWithoutE2ee: 'Not E2EE',
      notE2ee: 'Not E2EE',
      authenticity: { verified: 'Signed', failed: 'Signature failed', pending: 'Checking signature', unavailable: 'Unsigned' },
      /** A reply restored from storage whose signature checked out: as recorded, not live. */
      signedAsRecorded: 'Signed (recorded)',
      /** A restored reply from storage that cannot prove its record was not written by somebody else. */
      signatureUnproven: 'Signature not provable',
      /** A reply cut by a chunk that failed decryption, or came unencrypted: its row and details (explained by `message.tamperedChunk`). */
      tampered: 'Altered on the way',
      attestation: { passed: 'Enclave verified', failed: 'Enclave not verified', simulated: 'Simulated' },
    },
    /** The details on hover or focus: one plain sentence per fact. */
    explain: {
      encryptedToEnclave: 'Your message was encrypted in this browser to the verified enclave key.',
      encrypted: 'The reply was encrypted by the enclave to a key only this browser holds.',
      /** A reply that arrived encrypted but that the enclave's signature has not (yet) proven: anyone on the path could have encrypted it, or read it first. */
      encryptedUnsigned: 'The reply arrived encrypted to a key only this browser holds. Until the enclave signs it, nothing proves the enclave encrypted it, nor that nobody on the way read it first.',
      /** After the explanation of a reply's encryption, when its reasoning came unencrypted (the app allows it). */
      reasoningUnencrypted: 'Its reasoning did not: the server sent that unencrypted, and this app accepts it.',
      sentWithoutE2ee: 'Sent over TLS: the provider could read it.',
      notE2ee: 'Not encrypted end to end: the provider could read it.',
      authenticity: {
        verified: 'The enclave key signed these exact question and answer bytes.',
        failed: 'The signature did not match: this text may not come from the model.',
        pending: 'Not checked yet: the text is not yet proven to be the enclave\'s.',
        unavailable: 'Nothing proves who wrote this text.',
      },
      signedBySimulated: 'Signed by a local test key, not by real enclave hardware.',
      /** After the explanation of a restored reply's signature: what was checked on restore, and what only when it arrived. */
      restored: (explain: string, date: string) =>
        `${explain} Restored from storage: the signature was checked again now, against the enclave key recorded with the reply; that key's enclave was verified when the reply arrived (${date}), not since. The text itself was kept by this app: the signature covers the hashes recorded with it, and the text was compared with them only when it arrived.`,
      /** A reply from storage that cannot prove its record was not written by somebody else, or one the app gave the chat. */
      signatureUnproven:
        'Restored from storage that cannot tell its own records from edited ones, or given to this chat by the app: the record says the enclave signed this reply, but whoever can write that record could have written it, signature and key included. Nothing here proves who wrote this text.',
      encryptedToSimulated: 'Encrypted in this browser to a local test key: no real enclave, not private.',
      attestation: {
        passed: 'Its hardware evidence was checked in this browser before sending.',
        failed: 'Its hardware evidence did not check out: do not trust this reply.',
        simulated: 'Evidence from a local test root, not Intel or NVIDIA: for trying sealkit out, not private.',
      },
    },
  },
  actions: {
    label: 'Message actions',
    copy: 'Copy',
    copyMarkdown: 'Copy as Markdown',
    copyText: 'Copy as text',
    copied: 'Copied',
    copyFailed: 'Could not copy',
    regenerate: 'Regenerate',
    edit: 'Edit',
    editLabel: 'Edit your message',
    saveAndSend: 'Send',
    cancel: 'Cancel',
  },
  markdown: {
    code: 'Code',
    /** Shown for a link whose address is not http, https or mailto: its text stays, the link does not. */
    unsafeLink: 'Link removed: it was not a web or mail address',
    /** Stands in for an image (not loaded); `alt` is its alt text, maybe empty. */
    image: (alt: string): string => (alt ? `Image: ${alt}` : 'Image'),
    /** The button that loads an image from `host`. */
    loadImage: (host: string) => `Load image from ${host}`,
    /** The accessible state of a task-list checkbox. */
    task: (done: boolean): string => (done ? 'Done' : 'Not done'),
    table: 'Table',
  },
  composer: {
    label: 'Message',
    placeholder: 'Send a private message…',
    send: 'Send',
    stop: 'Stop',
    regenerate: 'Regenerate',
    notReady: 'Not ready to send yet. Your message stays here.',
  },
  chat: {
    title: 'Private chat',
    log: 'Messages',
    empty: 'Start a conversation. The badge above shows what protects your messages, and each reply shows how it arrived.',
    jumpToLatest: 'Jump to latest',
    clear: 'Clear conversation',
    /** Asked before clearing: the conversation is deleted here and from storage. */
    clearQuestion: 'Clear this conversation? It cannot be undone.',
    /** The button that clears, once asked. */
    clearConfirm: 'Clear',
    errorDetails: 'Details',
  },
  picker: {
    label: 'Model',
    placeholder: 'Choose a model',
    none: 'No models available',
    filter: 'Filter models by privacy',
    all: 'All',
    /** The filter showing all `n` models. */
    allCount: (n: number) => `All models (${n})`,
    /** The filter showing only the `n` models of privacy `what`. */
    only: (what: string, n: number) => `${what} only (${n})`,
    filters: { e2ee: 'End-to-end encrypted', tee: 'Attested enclave (TEE or E2EE)', none: 'Standard' },
    groups: { e2ee: 'End-to-end encrypted', tee: 'Trusted execution (TEE)', none: 'Standard' },
    /** A model's context window; `tokens` is formatted, e.g. `128K`. */
    context: (tokens: string) => `${tokens} context`,
    /** A model's price; `input` and `output` are formatted amounts, either may be missing. */
    price: (input: string | undefined, output: string | undefined) =>
      `${[input && `${input} in`, output && `${output} out`].filter(Boolean).join(' / ')} per 1M tokens`,
  },
  privacy: {
    labels: { e2ee: 'E2EE', tee: 'TEE', none: 'Standard' },
    descriptions: {
      e2ee: 'End-to-end encrypted to an attested enclave',
      tee: 'Runs in an attested enclave (TLS to the provider)',
      none: 'No enclave, no end-to-end encryption',
    },
  },
  privateChat: {
    hints: {
      e2ee: 'Encrypted in this browser to the attested enclave key',
      tee: 'Sent over TLS to an attested enclave, not end-to-end encrypted',
      none: 'Not private: this model runs outside any enclave',
    },
    simulatedHint: 'Simulated enclave: for trying sealkit out, not private',
    /** While the enclave is being verified: nothing has been encrypted to it yet. */
    verifyingHint: 'Verifying the enclave: a message waits here until it is verified',
    modelsFailed: 'The models could not be loaded',
    sendingOff: 'Sending is off',
    notVerified: 'Do not send private data. Sending is off: this enclave did not pass verification. Open the badge for the details.',
    sessionFailed: 'The session could not start.',
    noModels: 'No model offers this level of privacy.',
    chooseModel: 'Choose a model to start.',
    waitingForModel: 'Starting up. Your message stays here until a model is ready to take it.',
  },
  /** The attestation badge and its parts. */
  attestation: attestationEn,
  copy: {
    /** The copy button's name; `what` says what it copies. */
    copy: (what: string) => `Copy ${what}`,
    /** Announced after `what` was copied. */
    copied: (what: string) => `Copied ${what}`,
    /** Announced when copying `what` failed. */
    failed: (what: string) => `Could not copy ${what}`,
  },
  errors: {
    unknown: { text: 'Something went wrong.', next: 'Try again.' },
    codes: {
      ATTESTATION_FAILED: { text: 'The enclave could not be verified, so nothing was sent to it.', next: 'Do not send private data. Try again later, or pick another model.' },
      ATTESTATION_NONCE_MISMATCH: { text: 'The enclave answered an older verification request: its proof may be replayed.', next: 'Do not send private data. Verify again, or pick another model.' },
      ATTESTATION_KEY_MISSING: { text: 'The enclave gave no key to encrypt to or check replies with.', next: 'Pick another model.' },
      ATTESTATION_KEY_ADDRESS_MISMATCH: { text: 'The enclave’s key does not match the key its proof names.', next: 'Do not send private data. Pick another model.' },
      ATTESTATION_REPORT_DATA_MISMATCH: { text: 'The hardware proof is not tied to this enclave’s key and this request.', next: 'Do not send private data. Verify again, or pick another model.' },
      ATTESTATION_POLICY_FAILED: { text: 'The enclave did not pass the checks this app requires.', next: 'Do not send private data. Open the badge to see which check failed.' },
      ATTESTATION_MALFORMED: { text: 'The enclave’s proof could not be read.', next: 'Try again later, or pick another model.' },
      ATTESTATION_REQUIRED: { text: 'This model offers no proof that it runs in an enclave, so this app will not use it.', next: 'Pick a model marked E2EE or TEE.' },
      ATTESTATION_EVIDENCE_MISSING: { text: 'The enclave’s proof leaves out evidence it must carry, so it proves nothing.', next: 'Do not send private data. Pick another model.' },
      ATTESTATION_MODEL_MISMATCH: { text: 'The proof is for another model than the one you picked.', next: 'Do not send private data. Pick another model.' },
      ATTESTATION_GPU_DUPLICATE: { text: 'The same GPU proof is listed more than once, as if one GPU posed as several.', next: 'Do not send private data. Pick another model.' },
      ATTESTATION_VERIFIER_FAILED: { text: 'The enclave’s proof could not be checked: the verifier stopped before it finished.', next: 'Reload the page and try again.' },
      PRIVACY_DOWNGRADE: { text: 'The provider offered less privacy than this app requires, so nothing was sent.', next: 'Pick a model marked E2EE, or try again later.' },
      TDX_DEBUG_ENCLAVE: { text: 'The enclave runs in debug mode, where its operator can read its memory.', next: 'Do not send private data. Pick another model.' },
      TDX_QUOTE_INVALID: { text: 'The hardware proof is damaged or not a real Intel TDX quote.', next: 'Do not send private data. Pick another model.' },
      NONCE_INVALID: { text: 'The verification request was malformed.', next: 'This is a bug in the app: report it.' },
      DECRYPT_FAILED: { text: 'Part of the reply could not be decrypted: that part was not shown, and the reply stops there.', next: 'Retry, or pick another model.' },
      ENCRYPT_FAILED: { text: 'Your message could not be encrypted, so it was not sent.', next: 'Retry; if it happens again, reload the page.' },
      INVALID_HEX: { text: 'Part of the reply was garbled: that part was not shown, and the reply stops there.', next: 'Retry, or pick another model.' },
      INVALID_PUBLIC_KEY: { text: 'The enclave’s encryption key is not valid, so nothing was sent.', next: 'Verify again, or pick another model.' },
      INVALID_PRIVATE_KEY: { text: 'This browser’s encryption key is not valid.', next: 'Reload the page.' },
      KEY_DESTROYED: { text: 'The key for this conversation was already erased.', next: 'Retry: a new key is made.' },
      KEY_HOLDER_UNAVAILABLE: { text: 'The worker that keeps this conversation’s key could not start, so nothing was sent.', next: 'Reload the page. If it happens again, the app’s worker file is missing or blocked: report it.' },
      E2EE_REQUIRES_STREAMING: { text: 'End-to-end encrypted replies must stream, and this request did not.', next: 'This is a bug in the app: report it.' },
      E2EE_PLAINTEXT_CHUNK: { text: 'Part of the reply arrived unencrypted where it had to be encrypted, so it was refused.', next: 'Do not send private data. Retry, or pick another model.' },
      E2EE_NOT_SUPPORTED: { text: 'This model cannot encrypt end to end.', next: 'Pick a model marked E2EE.' },
      E2EE_UNSUPPORTED_CONTENT: { text: 'Only text can be sent end-to-end encrypted; this message has an attachment.', next: 'Remove the image or file and send the text.' },
      E2EE_UNENCRYPTABLE_FIELD: { text: 'The request carried something end-to-end encryption cannot encrypt (tools, a user id or another extra field), so nothing was sent.', next: 'Send the message without it, or use a TEE model for what end-to-end encryption does not support.' },
      KEY_ROTATED: { text: 'The enclave changed its key.', next: 'Retry: the new key is verified first.' },
      STREAM_ERROR: { text: 'The provider stopped the reply with an error.', next: 'Retry, or pick another model.' },
      STREAM_INCOMPLETE: { text: 'The reply ended before it was complete.', next: 'Retry.' },
      STREAM_MALFORMED: { text: 'The reply arrived in a form that could not be read.', next: 'Retry, or pick another model.' },
      ABORTED: { text: 'Stopped.', next: 'Retry when you want an answer.' },
      SIGNATURE_INVALID: { text: 'The reply’s signature is not valid: it may not come from the enclave.', next: 'Do not trust this reply. Retry, or pick another model.' },
      SIGNATURE_ADDRESS_MISMATCH: { text: 'The reply was signed by a key other than the verified enclave’s.', next: 'Do not trust this reply. Retry, or pick another model.' },
      SIGNATURE_HASH_MISMATCH: { text: 'The signature does not cover this exact question and reply.', next: 'Do not trust this reply. Retry, or pick another model.' },
      SIGNATURE_UNAVAILABLE: { text: 'The enclave did not sign this reply, so it cannot be shown to come from the enclave.', next: 'Retry, or pick another model.' },
      MODEL_NOT_FOUND: { text: 'The provider does not offer this model.', next: 'Pick another model.' },
      UNAUTHORIZED: { text: 'The provider refused the API key.', next: 'Check the API key.' },
      API_KEY_MISSING: { text: 'No API key is set, and the provider requires one.', next: 'Give the config an apiKey (e.g. from VITE_VENICE_API_KEY), or try the simulator.' },
      RATE_LIMITED: { text: 'Too many requests at once.', next: 'Wait a moment, then retry.' },
      HTTP_ERROR: { text: 'The provider answered with an error.', next: 'Retry; if it keeps happening, pick another model.' },
      NETWORK_ERROR: { text: 'The provider could not be reached.', next: 'Check the connection, then retry.' },
      INVALID_RESPONSE: { text: 'The provider sent an answer that could not be read.', next: 'Retry, or pick another model.' },
      INVALID_ARGUMENT: { text: 'The app made a request that could not be sent.', next: 'This is a bug in the app: report it.' },
      STORAGE_FAILED: { text: 'The saved conversation could not be read or saved in this browser.', next: 'Clear the conversation to start afresh; nothing was sent anywhere.' },
      STORAGE_TIMEOUT: { text: 'The saved conversation has not loaded yet.', next: 'You can keep chatting, but nothing is saved until it loads; reload the page to try again.' },
      STORAGE_CONFLICT: {
        text: 'A saved conversation loaded after this one began. It was kept as it was, and this conversation is not saved.',
        next: 'Reload the page to see the saved one (this one is then gone), or clear both to start afresh.',
      },
    } as Partial<Record<SealkitErrorCode, ErrorWords>>,
  },
}

/** Every string the components render. A translation is a complete object of this shape. */
export type SealkitMessages = typeof en
