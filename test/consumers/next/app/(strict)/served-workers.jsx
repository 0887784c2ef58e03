'use client'
// This route serves every worker from public/workers/ (copied by `sealkit workers public/workers`), the highlighting
// worker too: said once, at module level, before anything renders (docs/nextjs.md).
import { PrivateChat, setHighlightWorker } from 'sealkit'
import { createDefaultKeyHolder } from 'sealkit/core'

setHighlightWorker('/workers/highlight-worker.js')

// And the decryption worker, as the README says: a function, so given here, in a client module.
const chatOptions = { keyHolder: () => createDefaultKeyHolder({ worker: '/workers/decrypt-worker.js' }) }

export function ServedWorkers() {
  return null
}

export function ServedWorkersChat() {
  return <PrivateChat style={{ height: 600 }} chatOptions={chatOptions} />
}
