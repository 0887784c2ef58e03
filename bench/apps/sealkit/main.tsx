// A consumer's app as the README writes it: the drop-in <PrivateChat> over a remote enclave
// (the simulator in another process), with sealkit's stylesheet. An app imports 'sealkit' and
// 'sealkit/styles.css'; this one imports the same entry points from this checkout's source.
import { config } from './config.ts' // first: it starts the attestation before the rest is evaluated
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { Profiler, useEffect, useState } from 'react'
import { createRoot } from 'react-dom/client'
import { PrivateChat, SealkitProvider, type SealkitUIMessage } from '../../../src/index.ts'
import '../../../src/components/styles.css'
import { bench, onRender, replyRow } from '../probe.ts'
import { historyTexts } from '../history.ts'


// The main chunk and everything it imports have been evaluated (imports run first).
performance.mark('bench:main')
const { history } = bench().config
const queryClient = new QueryClient()
/** A conversation of `count` earlier messages, its ids starting with `prefix`; the last one's text `newest` when given. */
const conversation = (prefix: string, count: number, newest?: string): SealkitUIMessage[] =>
  historyTexts(count, newest).map((text, i) => ({ id: `${prefix}${i}`, role: i % 2 === 0 ? 'user' : 'assistant', parts: [{ type: 'text', text }] }))
let openConversation: (chat: { id: string; messages: SealkitUIMessage[] }) => void = () => {}

const chat = () => document.querySelector<HTMLElement>('section.sealkit-chat')
// The reply's own text only: before the first token the message shows a waiting indicator ("Generating…").
const textOf = (reply: Element | undefined) => [...(reply?.querySelectorAll('.sealkit-message__text') ?? [])].map((t) => t.textContent).join('')
const reply = () => replyRow(document.querySelectorAll('.sealkit-chat__log > .sealkit-message'), textOf)
window.benchApp = {
  verified: () => /^(verified|simulated)$/.test(document.querySelector('.sealkit-badge')?.getAttribute('data-state') ?? ''),
  ready: () => window.benchApp.verified() && Boolean(chat()?.dataset.privacy) && window.benchApp.typeable(),
  typeable: () => document.querySelector('textarea')?.disabled === false,
  replyText: () => textOf(reply()),
  done: () => chat()?.dataset.status === 'ready' && window.benchApp.replyText() !== '',
  // Another chat id with its messages: a new chat over the same session (useEncryptedChat), as an app opens a stored one.
  open: (count, newest) => openConversation({ id: `opened-${count}${newest ? '-long' : ''}`, messages: conversation('o', count, newest) }),
  // Text shown as typed: a reply's blocks waiting for their turn, or a reply waiting for the renderer.
  rendered: () => !document.querySelector('.sealkit-chat__log :is(.sealkit-md__raw, .sealkit-md-loading)'),
  rows: () => document.querySelectorAll('.sealkit-chat__log > .sealkit-message').length,
  newestRow: () => textOf([...document.querySelectorAll('.sealkit-chat__log > .sealkit-message')].at(-1)),
}

function App() {
  const [chatOptions, setChatOptions] = useState(() => ({ id: 'first', messages: conversation('h', history) }))
  useEffect(() => {
    openConversation = setChatOptions
  }, [])
  return <PrivateChat style={{ height: '100vh' }} chatOptions={chatOptions} />
}

createRoot(document.getElementById('root')!).render(
  <Profiler id="app" onRender={onRender}>
    <QueryClientProvider client={queryClient}>
      <SealkitProvider config={config}>
        <App />
      </SealkitProvider>
    </QueryClientProvider>
  </Profiler>,
)
