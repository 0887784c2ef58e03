/**
 * useShallowStable and useLatestCallback (the steady header's hooks) with the props apps really pass: values that are
 * never equal to themselves, getters, keys that come and go, StrictMode, a handler that comes and goes.
 */
import { render, renderHook, screen } from '@testing-library/react'
import { StrictMode } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { PrivateChatView, type MessageLike } from '../../src/components/index.ts'
import { useLatestCallback, useShallowStable } from '../../src/components/internal/stable-props.ts'
import { models, nonceMismatchReport, verifiedReport } from '../../stories/fixtures.ts'

const reply: MessageLike[] = [{ id: 'u', role: 'user', parts: [{ type: 'text', text: 'Hello' }] }]

describe('useShallowStable', () => {
  it('keeps one object while the values are the same (NaN too), and takes a new one when a key comes or goes', () => {
    let renders = 0
    const { result, rerender } = renderHook(
      ({ value }: { value: Record<string, unknown> | undefined }) => {
        renders++
        return useShallowStable(value)
      },
      { initialProps: { value: { n: NaN, zero: 0 } as Record<string, unknown> | undefined }, wrapper: StrictMode },
    )
    const first = result.current
    rerender({ value: { n: NaN, zero: 0 } })
    expect(result.current).toBe(first)
    // -0 is not 0 for Object.is: a new object, once, and no loop.
    rerender({ value: { n: NaN, zero: -0 } })
    expect(result.current).not.toBe(first)
    const negative = result.current
    rerender({ value: { n: NaN, zero: -0 } })
    expect(result.current).toBe(negative)
    // A key set to undefined is not a missing key: both directions are changes.
    rerender({ value: { n: NaN, zero: -0, extra: undefined } })
    expect(result.current).toHaveProperty('extra', undefined)
    rerender({ value: { n: NaN, zero: -0 } })
    expect(result.current).not.toHaveProperty('extra')
    rerender({ value: undefined })
    expect(result.current).toBeUndefined()
    expect(renders).toBeLessThan(40) // StrictMode renders twice; a loop would throw "Too many re-renders"
  })

  it('a getter that builds a new value on every read neither loops nor is kept stale', () => {
    let built = 0
    const withGetter = () => ({
      get report() {
        built++
        return { ...verifiedReport }
      },
    })
    const { result, rerender } = renderHook(({ value }) => useShallowStable(value), { initialProps: { value: withGetter() }, wrapper: StrictMode })
    const first = result.current
    rerender({ value: withGetter() })
    expect(result.current).not.toBe(first) // its values are never the same: a change each render, never a loop
    expect(built).toBeLessThan(20)
  })
})

describe('useLatestCallback', () => {
  it('calls the latest function after each commit; undefined while there is none, the same function when it is back', () => {
    const a = vi.fn()
    const b = vi.fn()
    const { result, rerender } = renderHook(({ fn }: { fn: ((x: number) => void) | undefined }) => useLatestCallback(fn), { initialProps: { fn: a as ((x: number) => void) | undefined }, wrapper: StrictMode })
    const stable = result.current!
    rerender({ fn: b })
    expect(result.current).toBe(stable)
    stable(1)
    expect(b).toHaveBeenCalledExactlyOnceWith(1)
    expect(a).not.toHaveBeenCalled()
    rerender({ fn: undefined })
    expect(result.current).toBeUndefined()
    rerender({ fn: a })
    expect(result.current).toBe(stable)
    stable(2)
    expect(a).toHaveBeenCalledExactlyOnceWith(2)
  })
})

describe('the steady header follows what it is given', () => {
  it('in StrictMode: a failed report after a verified one, a fallback key agreement, a model list that changed', async () => {
    const view = (badge: Parameters<typeof PrivateChatView>[0]['badge'], list = models, model = 'e2ee-gpt-oss-120b') => (
      <StrictMode>
        <PrivateChatView messages={reply} status="ready" models={list} model={model} onModelChange={() => {}} modelPickerProps={{}} badge={badge} />
      </StrictMode>
    )
    const { rerender } = render(view({ report: verifiedReport }))
    await expect.element(screen.getByRole('button', { name: 'Attestation: Verified' })).toBeVisible()
    rerender(view({ report: nonceMismatchReport }))
    await expect.element(screen.getByRole('button', { name: 'Attestation: Verification failed' })).toBeVisible()
    const holder = { kind: 'worker' as const, reason: 'a worker', ecdh: { name: 'libsecp256k1-wasm' } }
    rerender(view({ report: verifiedReport, keyHolder: holder }))
    const pill = screen.getByRole('button', { name: 'Attestation: Verified' })
    expect(pill).toHaveAttribute('data-ecdh', 'libsecp256k1-wasm')
    rerender(view({ report: verifiedReport, keyHolder: { ...holder, ecdh: { name: 'noble', reason: 'no WebAssembly' } } }))
    expect(screen.getByRole('button', { name: 'Attestation: Verified' })).toHaveAttribute('data-ecdh', 'noble')
    // A list without the current model, then another value.
    const fewer = models.filter((m) => m.id !== 'e2ee-gpt-oss-120b')
    rerender(view({ report: verifiedReport }, fewer, fewer[0]!.id))
    await expect.element(screen.getByRole('combobox', { name: 'Model' })).toHaveTextContent(/^Qwen 3\.5 122B/)
  })
})
