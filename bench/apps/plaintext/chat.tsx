// The plaintext baseline's chat: the least a chat can do over the same simulator. It lists the models,
// takes the first attested (TEE) one, and streams the reply with fetch + one setState per chunk, as plain
// text: no attestation, no encryption, no markdown. The Vite app (main.tsx) renders it, and the Next.js bench
// app a copy with its types stripped (lib/next-app.ts): one baseline for both.
import { useEffect, useState, type FormEvent } from 'react'

export type Message = { role: 'user' | 'assistant'; content: string }

export interface PlainChatProps {
  baseURL: string
  /** The conversation it starts with. */
  initial?: Message[]
  /** Called once mounted with what sets its messages (the `open` scenario opens another conversation with it). */
  onOpen?: (setMessages: (messages: Message[]) => void) => void
}

export function PlainChat({ baseURL, initial = [], onOpen }: PlainChatProps) {
  const [model, setModel] = useState<string>()
  const [messages, setMessages] = useState(initial)
  useEffect(() => {
    onOpen?.(setMessages)
  }, [onOpen])
  const [input, setInput] = useState('')
  const [status, setStatus] = useState<'ready' | 'streaming'>('ready')
  useEffect(() => {
    void fetch(`${baseURL}/models`)
      .then((r) => r.json() as Promise<{ data: Array<{ id: string }> }>)
      .then(({ data }) => setModel(data.find((m) => m.id.startsWith('tee-'))?.id))
  }, [baseURL])
  const send = async (event: FormEvent) => {
    event.preventDefault()
    const sent: Message[] = [...messages, { role: 'user', content: input }]
    setMessages([...sent, { role: 'assistant', content: '' }])
    setInput('')
    setStatus('streaming')
    const response = await fetch(`${baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: sent, stream: true }),
    })
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
    let buffer = ''
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      buffer += value
      const events = buffer.split('\n\n')
      buffer = events.pop()!
      for (const event of events) {
        const data = event.replace(/^data: /, '')
        if (data === '[DONE]') continue
        const delta = (JSON.parse(data) as { choices: Array<{ delta: { content?: string } }> }).choices[0]?.delta.content
        if (delta) setMessages((m) => [...m.slice(0, -1), { role: 'assistant', content: m[m.length - 1]!.content + delta }])
      }
    }
    setStatus('ready')
  }
  return (
    <main data-status={status} style={{ display: 'flex', flexDirection: 'column', height: '100vh' }}>
      <div role="log" style={{ flex: 1, overflow: 'auto', whiteSpace: 'pre-wrap' }}>
        {messages.map((m, i) => (
          <p key={i} data-role={m.role}>
            {m.content}
          </p>
        ))}
      </div>
      <form onSubmit={(e) => void send(e)}>
        <textarea aria-label="Message" value={input} onChange={(e) => setInput(e.target.value)} disabled={!model} />
        <button type="submit" disabled={!model || !input.trim() || status !== 'ready'}>
          Send
        </button>
      </form>
    </main>
  )
}
