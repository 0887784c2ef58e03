import { render, screen } from '@testing-library/react'
import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { commands, userEvent } from 'vitest/browser'
import { chip, detail } from './privacy-row.ts'
import { preloadMarkdown, SealkitLocaleProvider, SEGMENT_MAX, StreamingMessage, messageFacts, splitSegments, type MessageStatus } from '../../src/components/index.ts'
import { toChatMessages, type SealkitMessageMetadata, type SealkitUIMessage } from '../../src/core/chat/messages.ts'
import { markdownAnswer } from '../../stories/fixtures.ts'

const textArb = fc.string({
  unit: fc.constantFrom('a', 'b', ' ', '\n', 'é', '😀', 'の', '.'),
  maxLength: 3000,
})

describe('splitSegments', () => {
  it('loses nothing: committed + tail is the text', () => {
    fc.assert(
      fc.property(textArb, (text) => {
        const { committed, tail } = splitSegments(text)
        expect(committed.join('') + tail).toBe(text)
        for (const s of committed) expect(s.length).toBeLessThanOrEqual(SEGMENT_MAX)
        expect(tail.length).toBeLessThan(SEGMENT_MAX + 2)
      }),
    )
  })

  it('never moves a committed boundary when text is appended', () => {
    fc.assert(
      fc.property(textArb, fc.nat(), (text, cut) => {
        const prefix = text.slice(0, cut % (text.length + 1))
        const before = splitSegments(prefix).committed
        const after = splitSegments(text).committed
        expect(after.slice(0, before.length)).toEqual(before)
      }),
      { numRuns: 300 },
    )
  })

  it('never splits a surrogate pair', () => {
    const { committed } = splitSegments('😀'.repeat(SEGMENT_MAX))
    for (const s of committed) expect(s).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/)
  })

  it('cuts at paragraph breaks first', () => {
    expect(splitSegments('one\n\ntwo\n\nthr')).toEqual({ committed: ['one\n\n', 'two\n\n'], tail: 'thr' })
  })
})

describe('StreamingMessage', () => {
  const message = (text: string) => ({ id: 'a', role: 'assistant', parts: [{ type: 'text', text }] })
  const paragraph = 'The enclave decrypts your prompt and encrypts every chunk back to you. '.repeat(3) + '\n\n'

  it('appends text without touching the DOM of committed segments (markdown blocks)', async () => {
    await preloadMarkdown()
    const text = paragraph.repeat(6)
    const { container, rerender } = render(<StreamingMessage message={message(text.slice(0, 10))} status="streaming" />)
    const mutated = new Set<Node>()
    let segmentsSeen: Element[] = []
    for (let n = 10; n <= text.length; n += 7) {
      rerender(<StreamingMessage message={message(text.slice(0, n))} status="streaming" />)
      // Every paragraph but the last (the live tail) is committed.
      const segments = [...container.querySelectorAll('.sealkit-md p')].slice(0, -1)
      // Segments already there are the very same nodes, with the same text.
      segmentsSeen.forEach((el, i) => expect(segments[i]).toBe(el))
      if (segments.length > segmentsSeen.length) {
        const observer = new MutationObserver((records) => records.forEach((r) => mutated.add(r.target)))
        for (const el of segments.slice(segmentsSeen.length)) observer.observe(el, { subtree: true, characterData: true, childList: true })
        segmentsSeen = segments
      }
    }
    rerender(<StreamingMessage message={message(text)} status="done" />)
    await new Promise((r) => setTimeout(r, 0))
    expect(segmentsSeen.length).toBeGreaterThanOrEqual(5)
    expect(mutated.size).toBe(0)
    expect(container.querySelector('article')).toHaveTextContent(text.replace(/\s+/g, ' ').trim(), { normalizeWhitespace: true })
  })

  it('before the first word: a waiting indicator that says so (a status), then the cursor follows the text', () => {
    const { container, rerender } = render(<StreamingMessage message={{ id: 'p', role: 'assistant', parts: [] }} status="streaming" />)
    expect(screen.getByRole('status')).toHaveTextContent('Generating a response')
    expect(screen.getByRole('status')).toBeVisible()
    expect(container.querySelectorAll('.sealkit-waiting__dots > span')).toHaveLength(3)
    expect(container.querySelector('.sealkit-cursor')).toBeNull()
    rerender(<StreamingMessage message={message('Hi')} status="streaming" />)
    expect(screen.queryByRole('status')).toBeNull()
    expect(container.querySelector('.sealkit-cursor')).not.toBeNull()
  })

  it('shows a cursor only while streaming and marks the article busy', () => {
    const { container, rerender } = render(<StreamingMessage message={message('Hello')} status="streaming" />)
    expect(container.querySelector('.sealkit-cursor')).not.toBeNull()
    expect(screen.getByRole('article')).toHaveAttribute('aria-busy', 'true')
    rerender(<StreamingMessage message={message('Hello there')} status="done" />)
    expect(container.querySelector('.sealkit-cursor')).toBeNull()
    expect(screen.getByRole('article')).not.toHaveAttribute('aria-busy')
  })

  describe('the streaming cursor sits at the end of the last line of text, not on a line of its own', () => {
    /** The box of the last line of the last text there is (a Range over the last text node). */
    const lastLine = (root: Element): DOMRect => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, { acceptNode: (n) => (n.textContent!.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP) })
      let last: Node | null = null
      while (walker.nextNode()) last = walker.currentNode
      const range = document.createRange()
      range.selectNodeContents(last!)
      const lines = range.getClientRects()
      return lines[lines.length - 1]!
    }

    it.each([
      ['a paragraph', 'The enclave decrypts your prompt.\n\nIt encrypts every chunk back to you, so the host sees ciphertext only.'],
      ['a paragraph just ended', 'The enclave decrypts your prompt.\n\n'],
      ['a list item', 'Two steps:\n\n- attest the enclave\n- encrypt to its key'],
      ['a loose list item', '- attest the enclave\n\n- encrypt to its key'],
      ['a nested list item', '- attest the enclave\n  - check the quote'],
      ['a heading', 'Intro.\n\n### How it works'],
      ['a quote', '> The host sees **ciphertext** only'],
      ['a code block', 'Run:\n\n```sh\nnpx sealkit simulate\nnpm start'],
      ['a table', '| Fact | Proof |\n| --- | --- |\n| Encrypted | ECDH key |'],
    ])('%s', async (_, text) => {
      await preloadMarkdown()
      render(<StreamingMessage message={message(text)} status="streaming" />)
      const article = screen.getByRole('article')
      await expect.poll(() => article.querySelector('.sealkit-md')).not.toBeNull()
      const cursors = article.querySelectorAll('.sealkit-cursor')
      expect(cursors).toHaveLength(1)
      const cursor = cursors[0]!.getBoundingClientRect()
      const line = lastLine(article.querySelector('.sealkit-message__text')!)
      // On the last line (its top inside that line's box), after its last character.
      expect(cursor.top).toBeGreaterThanOrEqual(line.top - 2)
      expect(cursor.top).toBeLessThan(line.bottom)
      expect(cursor.left).toBeGreaterThanOrEqual(line.right - 1)
    })

    it('one cursor at every step of a reply with every kind of block', async () => {
      await preloadMarkdown()
      const { rerender } = render(<StreamingMessage message={message('')} status="streaming" />)
      for (let n = 1; n <= markdownAnswer.length; n += 3) {
        rerender(<StreamingMessage message={message(markdownAnswer.slice(0, n))} status="streaming" />)
        expect(document.querySelectorAll('.sealkit-cursor').length, markdownAnswer.slice(0, n)).toBe(1)
      }
    })

    it('a table whose first row is held back: one cursor, after the blocks; none once the reply is done', async () => {
      await preloadMarkdown()
      const { rerender } = render(<StreamingMessage message={message('Intro.\n\n| Fact | Proof |')} status="streaming" />)
      await expect.poll(() => document.querySelector('.sealkit-md')?.textContent).toBe('Intro.')
      expect(document.querySelectorAll('.sealkit-cursor')).toHaveLength(1)
      rerender(<StreamingMessage message={message('Intro.\n\n| Fact | Proof |')} status="done" />)
      expect(document.querySelectorAll('.sealkit-cursor')).toHaveLength(0)
    })

    it('in a message rendered as typed (a user\'s), after its last character', () => {
      render(<StreamingMessage message={{ id: 'u', role: 'user', parts: [{ type: 'text', text: 'First line\nsecond line' }] }} status="streaming" />)
      const cursor = document.querySelector('.sealkit-cursor')!.getBoundingClientRect()
      const line = lastLine(document.querySelector('.sealkit-message__text')!)
      expect(cursor.top).toBeGreaterThanOrEqual(line.top - 2)
      expect(cursor.top).toBeLessThan(line.bottom)
    })
  })

  it.each<[MessageStatus, RegExp]>([
    ['stopped', /Stopped\./],
    ['incomplete', /ended before it was complete/],
    ['error', /DECRYPT_FAILED/],
  ])('renders the %s state', (status, text) => {
    render(<StreamingMessage message={message('partial')} status={status} error={{ code: 'DECRYPT_FAILED', message: 'Failed to decrypt field' }} />)
    expect(screen.getByRole('article')).toHaveAttribute('data-status', status)
    expect(screen.getByText(text)).toBeVisible()
  })

  it('reads status and privacy from the message when not given as props', () => {
    render(<StreamingMessage message={{ ...message('x'), status: 'incomplete', privacy: { e2ee: false, signature: 'failed' } }} />)
    const article = screen.getByRole('article')
    expect(article).toHaveAttribute('data-status', 'incomplete')
    expect(article).toHaveAttribute('data-e2ee', 'false')
    expect(article).toHaveAttribute('data-signature', 'failed')
    expect(screen.getByRole('button', { name: 'Privacy: Not E2EE, Signature failed' })).toBeVisible()
    expect(detail(article, 'e2ee')).toHaveTextContent('Not end-to-end encrypted')
    expect(detail(article, 'authenticity')).toHaveTextContent('Signature failed')
  })

  it('accepts a plain content string', () => {
    render(<StreamingMessage message={{ role: 'user', content: 'hi there' }} />)
    expect(screen.getByRole('article', { name: 'Your message' })).toHaveTextContent('hi there')
  })

  describe('with useEncryptedChat messages (metadata)', () => {
    const attestation = {
      model: 'e2ee-qwen3-5-122b-a10b',
      nonce: 'd2f37ab51f93f80365506fcc09119b28bd9c521be89ba25e3aa439912bbba732',
      signingAddress: '0x6525e128afcffebf7eed05d485d7be983cdae934',
      verdict: 'passed' as const,
      policy: 'standard' as const,
      verifiedAt: '2026-06-10T01:47:07.000Z',
    }
    const hookMessage = (meta: Partial<SealkitMessageMetadata>, state: 'streaming' | 'done' = 'done'): SealkitUIMessage => ({
      id: 'a1',
      role: 'assistant',
      parts: [{ type: 'text', text: 'Intel TDX keeps', state }],
      // authenticity left to follow the signature unless a case sets it
      metadata: { model: attestation.model, privacy: 'e2ee', signature: 'verified', attestation, ...meta } as SealkitMessageMetadata,
    })

    it.each<[string, Partial<SealkitMessageMetadata>, 'streaming' | 'done', MessageStatus]>([
      ['streaming parts', { signature: 'pending' }, 'streaming', 'streaming'],
      ['a finished answer', {}, 'done', 'done'],
      ['ABORTED', { incomplete: true, errorCode: 'ABORTED', signature: 'unavailable' }, 'done', 'stopped'],
      ['STREAM_INCOMPLETE', { incomplete: true, errorCode: 'STREAM_INCOMPLETE' }, 'done', 'incomplete'],
      ['incomplete without a code', { incomplete: true }, 'done', 'incomplete'],
      ['DECRYPT_FAILED', { incomplete: true, errorCode: 'DECRYPT_FAILED' }, 'done', 'error'],
    ])('reads the status of %s', (_, meta, state, status) => {
      expect(messageFacts(hookMessage(meta, state)).status).toBe(status)
    })

    it("labels reasoning the server sent unencrypted (allowed by the app), and only that reasoning", () => {
      const withReasoning = (meta: Partial<SealkitMessageMetadata>): SealkitUIMessage => {
        const m = hookMessage(meta)
        return { ...m, parts: [{ type: 'reasoning', text: 'Thinking it over', state: 'done' }, ...m.parts] }
      }
      const { unmount } = render(<StreamingMessage message={withReasoning({ plaintextReasoning: true })} />)
      expect(screen.getByText('Thinking it over').closest('details')!.querySelector('summary')).toHaveTextContent('Reasoning (sent unencrypted)')
      // The reply's "Encrypted" is not green, and its explanation says what was not.
      const article = screen.getByRole('article')
      expect(chip(article, 'e2ee')).toHaveAttribute('data-tone', 'warning')
      expect(detail(article, 'e2ee')).toHaveTextContent('Its reasoning did not: the server sent that unencrypted')
      unmount()
      render(<StreamingMessage message={withReasoning({})} />)
      expect(screen.getByText('Thinking it over').closest('details')!.querySelector('summary')).toHaveTextContent(/^Reasoning$/)
      expect(chip(screen.getByRole('article'), 'e2ee')).toHaveAttribute('data-tone', 'success')
    })

    // A plain message's metadata is the app's data: facts of another type rendered (or threw) as they were.
    it.each<[string, Record<string, unknown>]>([
      ['errorCode an object', { errorCode: { toString: 1 } }],
      ['errorCode a prototype key', { errorCode: 'constructor', incomplete: true }],
      ['serverMessage an object', { errorCode: 'HTTP_ERROR', serverMessage: { text: 'x' } }],
      ['receivedAt an object', { restored: { receivedAt: { toString: 1 } } }],
    ])('a fact of another type (%s) renders, never throws', (_, meta) => {
      render(<StreamingMessage message={hookMessage(meta as Partial<SealkitMessageMetadata>)} />)
      expect(screen.getByRole('article')).toHaveTextContent('Intel TDX keeps')
    })

    it('renders privacy facts and errors from metadata', () => {
      render(<StreamingMessage message={hookMessage({ incomplete: true, errorCode: 'DECRYPT_FAILED', signature: 'unavailable' })} />)
      const article = screen.getByRole('article')
      expect(article).toHaveAttribute('data-e2ee', 'true')
      expect(article).toHaveAttribute('data-attestation', 'passed')
      expect(screen.getByRole('alert')).toHaveTextContent('DECRYPT_FAILED Failed to decrypt field')
    })

    it('a reply cut by a chunk that failed decryption says so, not that a signature failed', () => {
      render(<StreamingMessage message={hookMessage({ authenticity: 'failed', signature: 'unavailable', errorCode: 'DECRYPT_FAILED' })} />)
      expect(document.querySelector('.sealkit-message__unauthentic')).toHaveTextContent('Part of this reply failed its check on the way: what came before it may not come from the model either.')
      expect(document.querySelector('.sealkit-message__unauthentic')).toBeVisible()
      expect(screen.queryByText(/not signed by the enclave/)).toBeNull()
      expect(screen.getByRole('alert')).toHaveTextContent('Part of the reply could not be decrypted: that part was not shown, and the reply stops there.')
      expect(screen.getByRole('button', { name: 'Show anyway' })).toBeVisible()
      // One box: the warning is the alert and says the error; no status line repeats it in red below.
      expect(screen.getByRole('alert')).toBe(document.querySelector('.sealkit-message__unauthentic'))
      expect(document.querySelector('.sealkit-message__status')).toBeNull()
      // The privacy row too: no signature ran on that chunk, so none "failed".
      const article = screen.getByRole('article')
      expect(chip(article, 'authenticity')).toHaveTextContent('Altered on the way')
      expect(chip(article, 'authenticity')).toHaveAttribute('data-tone', 'danger')
      expect(detail(article, 'authenticity')).toHaveTextContent('Altered on the way Part of this reply failed its check on the way')
      expect(article.textContent).not.toMatch(/Signature failed|signature did not match/)
    })

    it('a chunk that came unencrypted is named the same way; a failed signature still says so', () => {
      const { unmount } = render(<StreamingMessage message={hookMessage({ authenticity: 'failed', signature: 'unavailable', errorCode: 'E2EE_PLAINTEXT_CHUNK' })} />)
      expect(chip(screen.getByRole('article'), 'authenticity')).toHaveTextContent('Altered on the way')
      unmount()
      render(<StreamingMessage message={hookMessage({ authenticity: 'failed', signature: 'failed', errorCode: 'SIGNATURE_INVALID' })} />)
      expect(chip(screen.getByRole('article'), 'authenticity')).toHaveTextContent('Signature failed')
      expect(detail(screen.getByRole('article'), 'authenticity')).toHaveTextContent('The signature did not match')
    })

    it('a reply still streaming is never shown signed, whatever its facts say: a signature covers the whole reply', () => {
      render(<StreamingMessage message={hookMessage({ signature: 'verified', authenticity: 'verified' }, 'streaming')} />)
      const article = screen.getByRole('article')
      expect(article).toHaveAttribute('data-status', 'streaming')
      expect(article).toHaveAttribute('data-authenticity', 'pending')
      expect(chip(article, 'authenticity')).toHaveTextContent('Checking signature')
      expect(chip(article, 'authenticity')).not.toHaveAttribute('data-tone', 'success')
    })

    it('Retry hands the app nothing: no click event', async () => {
      const onRetry = vi.fn()
      render(<StreamingMessage message={hookMessage({ incomplete: true, errorCode: 'NETWORK_ERROR', signature: 'unavailable' })} onRetry={onRetry} />)
      await userEvent.click(screen.getByRole('button', { name: 'Retry' }))
      expect(onRetry).toHaveBeenCalledExactlyOnceWith()
    })

    it('a refused reply says it is left out of what the model sees next, as the chat leaves it out; no other reply says so', () => {
      const cases: Array<[Partial<SealkitMessageMetadata>, boolean]> = [
        [{ authenticity: 'failed', signature: 'failed', errorCode: 'SIGNATURE_HASH_MISMATCH' }, true],
        [{ authenticity: 'failed', signature: 'unavailable', errorCode: 'DECRYPT_FAILED' }, true],
        // A signature the session required that never came: the text stays shown, the line follows its error.
        [{ signature: 'unavailable', errorCode: 'SIGNATURE_UNAVAILABLE' }, true],
        // The attacker's pass: a failed signature without its authenticity (an app's setMessages, a stored record) is
        // shown failed, and was sent back.
        [{ signature: 'failed' }, true],
        [{}, false],
        [{ incomplete: true, errorCode: 'ABORTED', signature: 'unavailable' }, false],
        [{ signature: 'unavailable' }, false],
      ]
      const user: SealkitUIMessage = { id: 'u', role: 'user', parts: [{ type: 'text', text: 'Hi' }] }
      for (const [meta, leftOut] of cases) {
        const message = hookMessage(meta)
        // What the chat sends with the next message is the rule the line tells.
        expect(toChatMessages([user, message]).length, JSON.stringify(meta)).toBe(leftOut ? 1 : 2)
        const { unmount } = render(<StreamingMessage message={message} />)
        const line = screen.queryByText('Left out of what the model sees with your next message.')
        expect(!!line, JSON.stringify(meta)).toBe(leftOut)
        if (line) expect(line).toBeVisible()
        unmount()
      }
      render(
        <SealkitLocaleProvider locale="zh-CN">
          <StreamingMessage message={hookMessage({ authenticity: 'failed', signature: 'failed', errorCode: 'SIGNATURE_INVALID' })} />
        </SealkitLocaleProvider>,
      )
      expect(screen.getByText('发送下一条消息时，这条回复不会作为上下文发给模型。')).toBeVisible()
    })

    it('a reply whose authenticity failed is collapsed behind a loud warning, with Show anyway; nothing is green', async () => {
      render(<StreamingMessage message={hookMessage({ authenticity: 'failed', signature: 'failed', errorCode: 'SIGNATURE_HASH_MISMATCH' })} />)
      const article = screen.getByRole('article')
      expect(article).toHaveAttribute('data-authenticity', 'failed')
      expect(screen.getByText('This reply was not signed by the enclave: it may not come from the model.')).toBeVisible()
      expect(screen.queryByText('Intel TDX keeps')).toBeNull()
      expect(article.querySelectorAll('.sealkit-chip[data-tone="success"]')).toHaveLength(0)
      expect(chip(article, 'authenticity')).toHaveTextContent('Signature failed')
      screen.getByRole('button', { name: 'Show anyway' }).click()
      await expect.poll(() => screen.getByText('Intel TDX keeps')).toBeVisible()
      expect(screen.getByRole('button', { name: 'Hide' })).toHaveAttribute('aria-expanded', 'true')
    })

    // Who encrypted the reply, and that nobody on the way read it first, only the enclave's signature proves: the key it
    // was encrypted to travels in a header (test/attacks/relay-on-the-path.test.ts).
    const UNSIGNED = 'Until the enclave signs it, nothing proves the enclave encrypted it, nor that nobody on the way read it first.'
    it.each<[string, Partial<SealkitMessageMetadata>, string, string, string]>([
      ['pending', { authenticity: 'pending', signature: 'pending' }, 'Signature pending', 'neutral', UNSIGNED],
      ['unavailable (E2EE without a signature)', { authenticity: 'unavailable', signature: 'unavailable' }, 'Not signed by the enclave', 'warning', UNSIGNED],
      ['verified', { authenticity: 'verified' }, 'Signed by the enclave', 'success', 'The reply was encrypted by the enclave to a key only this browser holds.'],
      ['verified by a simulated enclave', { authenticity: 'verified', attestation: { ...attestation, simulated: true } }, 'Signed by the simulated enclave', 'simulated', 'a local test key'],
    ])('"Encrypted" and the signature are separate facts: %s', (_, meta, label, tone, encryption) => {
      render(<StreamingMessage message={hookMessage(meta)} />)
      const article = screen.getByRole('article')
      expect(chip(article, 'e2ee')).toHaveTextContent('Encrypted')
      expect(detail(article, 'e2ee')).toHaveTextContent(encryption)
      if (encryption !== UNSIGNED) expect(detail(article, 'e2ee')).not.toHaveTextContent(UNSIGNED)
      expect(detail(article, 'authenticity')).toHaveTextContent(label)
      expect(chip(article, 'authenticity')).toHaveAttribute('data-tone', tone)
      expect(detail(article, 'authenticity')).toHaveAttribute('data-tone', tone)
      // Green only when the enclave (a real one) signed these exact bytes.
      const greens = article.querySelectorAll('.sealkit-chip[data-tone="success"]').length
      expect(greens > 0).toBe(tone === 'success')
      expect(screen.getByText('Intel TDX keeps')).toBeVisible()
    })

    it.each([
      ['en', /^Privacy: Encrypted, Signed, Enclave verified$/],
      // The language's own colon, no space after it; a chip's box may put one after 、 (a pause, not a wrong word).
      ['zh-CN', /^隐私：已加密、 ?已签名、 ?飞地已验证$/],
    ] as const)('the privacy row is named as a list, with no stray space before a separator, in Chromium\'s own accessibility tree (%s)', async (locale, expected) => {
      render(
        <SealkitLocaleProvider locale={locale}>
          <StreamingMessage message={hookMessage({ authenticity: 'verified' })} />
        </SealkitLocaleProvider>,
      )
      const names = (await commands.accessibleNames('button')).filter((name) => name.startsWith(locale === 'en' ? 'Privacy' : '隐私'))
      expect(names).toHaveLength(1)
      expect(names[0]).toMatch(expected)
      expect(names[0]).not.toMatch(/\s[,，、]/)
      expect(names[0]).not.toMatch(/\s{2}/)
    })

    it('the privacy facts are one compact row, one tab stop; details on focus, hover or tap; Escape closes them', async () => {
      render(
        <>
          <button type="button">before</button>
          <StreamingMessage message={hookMessage({ authenticity: 'verified' })} />
          <button type="button">after</button>
        </>,
      )
      const row = screen.getByRole('button', { name: /^Privacy: Encrypted, Signed, Enclave verified$/ })
      const details = document.getElementById(row.getAttribute('aria-controls')!)!
      expect(row).toHaveAttribute('aria-describedby', details.id)
      expect(details).not.toBeVisible()
      // Full words and a plain explanation for each fact, there for screen readers even while closed.
      expect(details).toHaveTextContent('Signed by the enclave The enclave key signed these exact question and answer bytes.')
      expect(detail(details.parentElement!, 'attestation')).toHaveTextContent('Enclave verified')

      screen.getByRole('button', { name: 'before' }).focus()
      await userEvent.tab()
      expect(row).toHaveFocus()
      await expect.poll(() => details).toBeVisible()
      expect(row).toHaveAttribute('aria-expanded', 'true')
      await userEvent.keyboard('{Escape}')
      await expect.poll(() => details).not.toBeVisible()
      // One tab stop: the next is past the message.
      await userEvent.tab()
      expect(screen.getByRole('button', { name: 'after' })).toHaveFocus()

      await userEvent.hover(row)
      await expect.poll(() => details).toBeVisible()
      await userEvent.unhover(row)
      await expect.poll(() => details).not.toBeVisible()
      // A tap pins them open.
      await userEvent.click(row)
      await expect.poll(() => details).toBeVisible()
      expect(chip(row, 'e2ee')).toHaveAttribute('data-tone', 'success')
    })

    describe('hover opens the details on a move of the pointer, not when the row moves under a still one', () => {
      const frames = (n = 3) => new Promise<void>((resolve) => { const step = (k: number) => (k === 0 ? resolve() : requestAnimationFrame(() => step(k - 1))); step(n) })

      it('the browser\'s enter and over events with no movement (what a layout shift sends) leave them closed', async () => {
        render(<StreamingMessage message={hookMessage({ authenticity: 'verified' })} />)
        const row = screen.getByRole('button', { name: /^Privacy:/ })
        const details = document.getElementById(row.getAttribute('aria-controls')!)!
        const box = row.getBoundingClientRect()
        const at = (dx = 0) => ({ bubbles: true, clientX: box.x + 4 + dx, clientY: box.y + 4, screenX: box.x + 4 + dx, screenY: box.y + 4, pointerType: 'mouse' })
        // The pointer came to rest over something else; then the row moved under it.
        document.body.dispatchEvent(new PointerEvent('pointermove', at()))
        for (const type of ['pointerover', 'pointerenter', 'mouseover', 'mouseenter']) row.dispatchEvent(new (type.startsWith('pointer') ? PointerEvent : MouseEvent)(type, at()))
        // The move WebKit makes up after a layout change: the same place.
        row.dispatchEvent(new PointerEvent('pointermove', at()))
        await frames()
        expect(details).not.toBeVisible()
        expect(row).toHaveAttribute('aria-expanded', 'false')
        // A finger dragging over it: touch has no hover (a tap pins them).
        row.dispatchEvent(new PointerEvent('pointermove', { ...at(3), pointerType: 'touch' }))
        await frames(1)
        expect(details).not.toBeVisible()
        // The mouse moves: they open.
        row.dispatchEvent(new PointerEvent('pointermove', at(3)))
        await expect.poll(() => details).toBeVisible()
      })

      it('a real layout shift under a still mouse leaves them closed; the mouse moving over the row opens them', async () => {
        const Log = ({ pushed }: { pushed: boolean }) => (
          <div>
            {pushed && <div style={{ height: 60 }}>a new line above</div>}
            <StreamingMessage message={hookMessage({ authenticity: 'verified' })} />
          </div>
        )
        const { rerender } = render(<Log pushed={false} />)
        const row = screen.getByRole('button', { name: /^Privacy:/ })
        const details = document.getElementById(row.getAttribute('aria-controls')!)!
        // The real mouse parks where the row will be once a line is added above it (a marker there, then gone).
        const box = row.getBoundingClientRect()
        const marker = document.createElement('div')
        Object.assign(marker.style, { position: 'fixed', left: `${box.x + 8}px`, top: `${box.y + 60 + box.height / 2 - 2}px`, width: '4px', height: '4px' })
        document.body.append(marker)
        await userEvent.hover(marker)
        marker.remove()
        await frames()
        rerender(<Log pushed />)
        await frames(6)
        const moved = row.getBoundingClientRect()
        expect(moved.y).toBeCloseTo(box.y + 60, 0)
        expect(row.matches(':hover')).toBe(true) // the row is under the pointer now
        expect(details).not.toBeVisible()
        // The user moves the mouse over the row: now they open.
        await userEvent.hover(row)
        await expect.poll(() => details).toBeVisible()
        await userEvent.unhover(row)
        await expect.poll(() => details).not.toBeVisible()
      })

      it('Escape closes them for good while the pointer stays; leaving and coming back opens them again', async () => {
        render(<StreamingMessage message={hookMessage({ authenticity: 'verified' })} />)
        const row = screen.getByRole('button', { name: /^Privacy:/ })
        const details = document.getElementById(row.getAttribute('aria-controls')!)!
        await userEvent.hover(row)
        await expect.poll(() => details).toBeVisible()
        row.focus()
        await userEvent.keyboard('{Escape}')
        await expect.poll(() => details).not.toBeVisible()
        const box = row.getBoundingClientRect()
        row.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, clientX: box.x + 6, clientY: box.y + 4, screenX: box.x + 6, screenY: box.y + 4, pointerType: 'mouse' }))
        await frames()
        expect(details).not.toBeVisible()
        await userEvent.unhover(row)
        await userEvent.hover(row)
        await expect.poll(() => details).toBeVisible()
      })
    })

    it('a simulated enclave: no fact is green, the row is in the simulated colour', () => {
      render(<StreamingMessage message={hookMessage({ authenticity: 'verified', attestation: { ...attestation, simulated: true } })} />)
      const article = screen.getByRole('article')
      expect(article.querySelectorAll('[data-tone="success"]')).toHaveLength(0)
      expect(article.querySelector('.sealkit-privacy')).toHaveAttribute('data-tone', 'simulated')
      expect(chip(article, 'attestation')).toHaveTextContent('Simulated')
      expect(detail(article, 'e2ee')).toHaveTextContent('Encrypted to the simulated enclave')
    })

    it("the provider's mid-stream error text is quoted as theirs, not as ours", () => {
      render(<StreamingMessage message={hookMessage({ incomplete: true, errorCode: 'STREAM_ERROR', serverMessage: '<b>Log in at evil.example</b>', authenticity: 'unavailable', signature: 'unavailable' })} />)
      const said = document.querySelector('[data-unauthenticated]')!
      expect(said).toHaveTextContent('The provider said (not verified): <b>Log in at evil.example</b>')
      expect(said.querySelector('q')).toHaveTextContent('<b>Log in at evil.example</b>')
      expect(said.querySelector('b')).toBeNull()
    })

    it('reads a TEE (not E2EE) and a simulated attestation', () => {
      const facts = messageFacts(hookMessage({ privacy: 'tee', signature: 'skipped', attestation: { ...attestation, simulated: true } }))
      expect(facts.privacy).toMatchObject({ e2ee: false, signature: 'skipped', attestation: 'simulated' })
    })
  })
})
