'use client'
// <PrivateChat> over the simulator in its own process, as bench/apps/sealkit renders it; each page's module
// (chat-default.jsx, chat-served.jsx) makes its config.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { PrivateChat, SealkitProvider } from 'sealkit'

// One per server process: this bench serves one user.
const queryClient = new QueryClient()

const chat = () => document.querySelector('section.sealkit-chat')
const replies = () => document.querySelectorAll('article[data-role="assistant"]')
const textOf = (reply) => [...(reply?.querySelectorAll('.sealkit-message__text') ?? [])].map((t) => t.textContent).join('')
if (typeof window !== 'undefined') {
  window.benchApp = {
    verified: () => /^(verified|simulated)$/.test(document.querySelector('.sealkit-badge')?.getAttribute('data-state') ?? ''),
    ready: () => window.benchApp.verified() && Boolean(chat()?.dataset.privacy) && window.benchApp.typeable(),
    typeable: () => document.querySelector('textarea')?.disabled === false,
    replyText: () => textOf([...replies()].at(-1)),
    done: () => chat()?.dataset.status === 'ready' && window.benchApp.replyText() !== '',
  }
}

export function BenchChat({ config, chatOptions }) {
  return (
    <QueryClientProvider client={queryClient}>
      <SealkitProvider config={config}>
        <PrivateChat style={{ height: '100vh' }} {...(chatOptions ? { chatOptions } : {})} />
      </SealkitProvider>
    </QueryClientProvider>
  )
}
