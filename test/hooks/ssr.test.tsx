// @vitest-environment node
import { expect, test } from 'vitest'

/**
 * Server rendering: the hooks module imports without a DOM, and the provider and
 * every hook render with renderToString. Nothing is fetched and no key is made
 * on the server (sessions open in effects, which do not run there).
 */
test('imports without window and renders with renderToString', async () => {
  expect(typeof window).toBe('undefined')
  expect(typeof document).toBe('undefined')

  const hooks = await import('../../src/hooks/index.ts')
  const { renderToString } = await import('react-dom/server')
  const { QueryClient, QueryClientProvider } = await import('@tanstack/react-query')
  const { createSimulator } = await import('../../src/simulator/index.ts')

  const sim = createSimulator({ seed: 'ssr' })
  const requests: string[] = []
  const fetch = (url: string, init: RequestInit) => {
    requests.push(url)
    return sim.fetch(url, init)
  }
  const model = 'e2ee-qwen3-5-122b-a10b'

  function App() {
    const models = hooks.useModels({ privacy: 'e2ee' })
    const attestation = hooks.useAttestation(model)
    const session = hooks.useE2EESession(model)
    const chat = hooks.useEncryptedChat({
      model,
      id: 'ssr-chat',
      messages: [{ id: 'm1', role: 'user', parts: [{ type: 'text', text: 'rendered on the server' }] }],
    })
    const signature = hooks.useResponseSignature({ message: undefined })
    return (
      <main>
        <p id="state">{[models.status, attestation.status, session.status, chat.status, signature.fetchStatus].join('|')}</p>
        {chat.messages.map((m) => (
          <p key={m.id}>{m.parts.map((p) => p.text).join('')}</p>
        ))}
      </main>
    )
  }

  const queryClient = new QueryClient()
  const html = renderToString(
    <QueryClientProvider client={queryClient}>
      <hooks.SealkitProvider config={{ baseURL: 'http://simulator.test/api/v1', fetch }}>
        <App />
      </hooks.SealkitProvider>
    </QueryClientProvider>,
  )
  // The session: pending on the server (a model is chosen; its session opens in an effect), as in the first client render.
  expect(html).toContain('pending|pending|pending|ready|idle')
  expect(html).toContain('rendered on the server')
  expect(requests).toEqual([])
})

test('the provider renders alone', async () => {
  const { SealkitProvider } = await import('../../src/hooks/index.ts')
  const { renderToString } = await import('react-dom/server')
  expect(renderToString(<SealkitProvider config={{ apiKey: 'k' }}>ok</SealkitProvider>)).toBe('ok')
})
