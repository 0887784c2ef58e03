'use client'
// This route serves every worker from public/workers/ (copied by `sealkit workers public/workers`), the highlighting
// worker too: said once, at module level, before anything renders (docs/nextjs.md). The decryption worker's is the
// config's key holder (providers.jsx).
import { setHighlightWorker } from 'sealkit'

setHighlightWorker('/workers/highlight-worker.js')

export function ServedWorkers() {
  return null
}
