// A consumer's app as the README writes it: the drop-in <PrivateChat> over a remote enclave
// (the simulator in another process), with sealkit's stylesheet. An app imports 'sealkit' and
// 'sealkit/styles.css'; this one imports the same entry points from this checkout's source.
import { config } from './config.ts' // first: it starts the attestation before the rest is evaluated
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { Profiler } from 'react'
import { createRoot } from 'react-dom/client'
import { PrivateChat, SealkitProvider, type SealkitUIMessage } from '../../../src/index.ts'
import '../../../src/components/styles.css'
import { bench, onRender } from '../probe.ts'
import { historyText } from '../history.ts'


// The main chunk and everything it imports have been evaluated (imports run first).
performance.mark('bench:main')
const { history } = bench().config
const queryClient = new QueryClient()
const messages: SealkitUIMessage[] = Array.from({ length: history }, (_, i) => ({
  id: `h${i}`,
  role: i % 2 === 0 ? 'user' : 'assistant',
  parts: [{ type: 'text', text: historyText(i) }],
}))

const chat = () => document.querySelector<HTMLElement>('section.sealkit-chat')
const replies = () => document.querySelectorAll('article[data-role="assistant"]')
// The reply's own text only: before the first token the message shows a waiting indicator ("Generating…").
const textOf = (reply: Element | undefined) => [...(reply?.querySelectorAll('.sealkit-message__text') ?? [])].map((t) => t.textContent).join('')
window.benchApp = {
  verified: () => /^(verified|simulated)$/.test(document.querySelector('.sealkit-badge')?.getAttribute('data-state') ?? ''),
  ready: () => window.benchApp.verified() && Boolean(chat()?.dataset.privacy) && document.querySelector('textarea')?.disabled === false,
  replyText: () => (replies().length > history / 2 ? textOf(replies()[replies().length - 1]) : ''),
  done: () => chat()?.dataset.status === 'ready' && window.benchApp.replyText() !== '',
}

createRoot(document.getElementById('root')!).render(
  <Profiler id="app" onRender={onRender}>
    <QueryClientProvider client={queryClient}>
      <SealkitProvider config={config}>
        <PrivateChat style={{ height: '100vh' }} chatOptions={{ messages }} />
      </SealkitProvider>
    </QueryClientProvider>
  </Profiler>,
)
