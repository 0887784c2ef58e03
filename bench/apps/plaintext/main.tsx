// The plaintext baseline app: its chat (chat.tsx), with what the bench reads from the page.
import { Profiler } from 'react'
import { createRoot } from 'react-dom/client'
import { PlainChat, type Message } from './chat.tsx'
import { bench, onRender, replyRow } from '../probe.ts'
import { historyTexts } from '../history.ts'


// The main chunk and everything it imports have been evaluated (imports run first).
performance.mark('bench:main')
const { baseURL, history } = bench().config
const conversation = (count: number, newest?: string): Message[] => historyTexts(count, newest).map((content, i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', content }))
const initial = conversation(history)
let openConversation: (messages: Message[]) => void = () => {}

const reply = () => replyRow(document.querySelectorAll('[role="log"] > [data-role]'), (row) => row.textContent ?? '')
window.benchApp = {
  verified: () => window.benchApp.ready(),
  ready: () => document.querySelector('textarea')?.disabled === false,
  typeable: () => window.benchApp.ready(),
  replyText: () => reply()?.textContent ?? '',
  done: () => document.querySelector('main')?.dataset.status === 'ready' && window.benchApp.replyText() !== '',
  open: (count, newest) => openConversation(conversation(count, newest)),
  rendered: () => true,
  rows: () => document.querySelectorAll('[role="log"] > p').length,
  newestRow: () => document.querySelector('[role="log"] > p:last-child')?.textContent ?? '',
}

createRoot(document.getElementById('root')!).render(
  <Profiler id="app" onRender={onRender}>
    <PlainChat baseURL={baseURL} initial={initial} onOpen={(set) => (openConversation = set)} />
  </Profiler>,
)
