'use client'
// The plaintext baseline, bench/apps/plaintext's chat (copied in as plain-chat-view.jsx by lib/next-app.ts):
// the models list, the first TEE model, fetch + one setState per chunk, plain text.
import { PlainChat as Chat } from './plain-chat-view.jsx'
import { BASE_URL } from './bench.generated.js'

const last = () => [...document.querySelectorAll('[data-role="assistant"]')].at(-1)
if (typeof window !== 'undefined') {
  window.benchApp = {
    verified: () => window.benchApp.ready(),
    ready: () => document.querySelector('textarea')?.disabled === false,
    typeable: () => window.benchApp.ready(),
    replyText: () => last()?.textContent ?? '',
    done: () => document.querySelector('main')?.dataset.status === 'ready' && window.benchApp.replyText() !== '',
  }
}

export function PlainChat() {
  return <Chat baseURL={BASE_URL} />
}
