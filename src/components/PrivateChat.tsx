'use client'
import { forwardRef, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react'
import { loadChatRequest } from '../core/api/load-chat.ts'
import { privacyLevelOf, type PrivacyFilter } from '../core/api/models.ts'
import type { ApiModel } from '../core/api/types.ts'
import type { PolicyName } from '../core/attestation/report.ts'
import type { SealkitUIMessage } from '../core/chat/messages.ts'
import { isVouchedFor } from '../core/chat/provenance.ts'
import type { ChatStorage } from '../core/storage/types.ts'
import type { PrivacyMode } from '../core/session/chat-session.ts'
import { useEncryptedChat, type UseEncryptedChatOptions, type UseEncryptedChatReturnType } from '../hooks/useEncryptedChat.ts'
import { useModels } from '../hooks/useModels.ts'
import { useSealkitConfig } from '../hooks/context.tsx'
import type { AttestationBadgeProps, AttestationState } from './AttestationBadge.tsx'
import { useSealkitLocale } from './i18n/locale.tsx'
import { ConfirmAction } from './internal/ConfirmAction.tsx'
import { ErrorText } from './internal/ErrorText.tsx'
import { HoldIdleLoads, loadWhenIdle } from './internal/idle-loads.ts'
import { ShieldAlertIcon } from './internal/icons.tsx'
import { useServerOrHydrating } from './internal/use-content-in-transition.ts'
import { PrivateChatView, type PrivateChatViewProps } from './PrivateChatView.tsx'
import type { MessageLike } from './StreamingMessage.tsx'

/**
 * Props of {@link PrivateChat}: the whole private chat, wired to the hooks. Everything of
 * {@link PrivateChatViewProps} that the hooks do not drive can be passed through.
 *
 * @example
 * ```tsx
 * <SealkitProvider config={{ apiKey }}>
 *   <PrivateChat minPrivacy="e2ee" storage={createIndexedDBStorage()} style={{ height: 600 }} />
 * </SealkitProvider>
 * ```
 */
export interface PrivateChatProps
  extends Omit<
    PrivateChatViewProps,
    'messages' | 'conversationId' | 'status' | 'error' | 'onSend' | 'onStop' | 'onRegenerate' | 'onRetry' | 'onEdit' | 'onClear' | 'models' | 'model' | 'defaultModel' | 'onModelChange' | 'badge' | 'privacy'
  > {
  /** The model (controlled). */
  model?: string
  /**
   * The model to start with. Default: the config's `defaultModel` (whose attestation started with
   * the config) when the models list has it, else the first end-to-end encrypted model listed,
   * else the first attested one. A stored conversation's model comes first (with `storage`).
   */
  defaultModel?: string
  /** Called when the user picks another model. */
  onModelChange?: (modelId: string) => void
  /**
   * The privacy floor, set by the app, never by the server: `e2ee` (default) chats only end to
   * end encrypted; `tee` also accepts attested enclaves without E2EE; `none` also models without
   * an enclave (with `allowUnattested`). A model the server offers below the floor (even one it
   * lists as `e2ee-…` but flags as TEE only) is refused with `PRIVACY_DOWNGRADE`, never used.
   */
  minPrivacy?: PrivacyMode
  /**
   * Which models the picker offers. Default: those at or above `minPrivacy` (`e2ee`, `tee`, or
   * `any` for `none`). Offering more than the floor only lists models that will be refused.
   */
  privacyFilter?: PrivacyFilter
  /**
   * Attestation policy.
   * @default the provider's (standard unless configured)
   */
  policy?: PolicyName
  /** Allow chatting with models that have no attestation; without it such a model is refused. @default false */
  allowUnattested?: boolean
  /** More `useEncryptedChat` options: `id`, initial `messages`, `onFinish`, `onError`, `timeoutMs`, `signature`... */
  chatOptions?: Omit<UseEncryptedChatOptions, 'model' | 'policy' | 'allowUnattested' | 'minPrivacy'>
  /** Extra props for the attestation badge, or `false` to hide it. */
  badge?: Partial<AttestationBadgeProps> | false
  /**
   * Keep the conversation and the chosen model between visits (`useEncryptedChat({ storage })`):
   * `createIndexedDBStorage()` encrypts at rest in this browser. Adds "Clear conversation" to the
   * header. The conversation is stored under `chatOptions.id` (default `default`).
   *
   * @example <PrivateChat storage={useMemo(() => createIndexedDBStorage(), [])} />
   */
  storage?: ChatStorage
}

const LEVEL_RANK = { e2ee: 0, tee: 1, none: 2 } as const

/** The model a chat starts with: the first E2EE model, else the first TEE one, else the first. */
function preferredModel(models: readonly ApiModel[] | undefined): string | undefined {
  if (!models || models.length === 0) return undefined
  let best: ApiModel | undefined
  for (const m of models) if (!best || LEVEL_RANK[privacyLevelOf(m)] < LEVEL_RANK[privacyLevelOf(best)]) best = m
  return best?.id
}

/**
 * A complete private chat, connected: drop it inside `<SealkitProvider>` (inside the app's
 * `QueryClientProvider`) and it lists the models (`useModels`), attests the chosen one and
 * chats with it (`useEncryptedChat`: E2EE models are encrypted both ways, TEE models have each
 * response's signature verified), shows the attestation in a badge whose popover walks through
 * every check and can verify again, and offers send, stop and regenerate. Sending is off while
 * the enclave fails verification. For a custom layout, use the hooks with `<PrivateChatView>`.
 *
 * @example
 * ```tsx
 * import 'sealkit/styles.css'
 * <QueryClientProvider client={queryClient}>
 *   <SealkitProvider config={{ apiKey }}>
 *     <PrivateChat defaultModel="e2ee-qwen3-5-122b-a10b" style={{ height: 600 }} />
 *   </SealkitProvider>
 * </QueryClientProvider>
 * ```
 */
export const PrivateChat = forwardRef<HTMLElement, PrivateChatProps>(function PrivateChat(
  {
    model: modelProp,
    defaultModel,
    onModelChange,
    minPrivacy = 'e2ee',
    privacyFilter,
    policy,
    allowUnattested,
    chatOptions,
    badge: badgeProps,
    storage,
    disabled,
    notice,
    composerProps,
    modelPickerProps,
    ...props
  },
  ref,
) {
  const { t } = useSealkitLocale()
  const modelsQuery = useModels({ privacy: privacyFilter ?? (minPrivacy === 'none' ? 'any' : minPrivacy) })
  const models = modelsQuery.data
  const [picked, setPicked] = useState<string | undefined>()
  // With storage, the default model waits for the stored conversation: it may name another.
  const [restored, setRestored] = useState<{ model: string | undefined } | undefined>(storage ? undefined : { model: undefined })
  const listed = (id: string | undefined) => (id && models?.some((m) => m.id === id) ? id : undefined)
  const configModel = listed(useSealkitConfig().defaultModel)
  // The stored conversation's model comes first, then the app's defaultModel, then the config's (as documented).
  const model = modelProp ?? picked ?? (restored ? (listed(restored.model) ?? defaultModel ?? configModel ?? preferredModel(models)) : undefined)

  const chat = useEncryptedChat({
    ...chatOptions,
    ...(storage ? { storage } : {}),
    model,
    minPrivacy,
    ...(policy ? { policy } : {}),
    ...(allowUnattested !== undefined ? { allowUnattested } : {}),
  })
  const { session } = chat
  const stored = chat.storage
  // Once, when the stored conversation is loaded (a state update during render, not an effect: no extra commit); again
  // if it answered after its timeout, with its model.
  if (stored && stored.status !== 'loading' && (!restored || (restored.model === undefined && stored.restoredModel !== undefined))) setRestored({ model: stored.restoredModel })
  // The stored conversation is still to come: the model, the idle loads and Send wait for it.
  const storageLoading = storage !== undefined && !restored
  const busy = chat.status === 'submitted' || chat.status === 'streaming'
  const simulatedSession = session.attestationQuery.report?.simulated === true
  // Until the enclave is verified nothing is encrypted to it: a message held for the verdict claims nothing yet.
  const attestationFailed = session.status === 'error'
  const attested = session.privacy === 'e2ee' || (session.privacy === 'tee' && allowUnattested !== true)
  const awaitingVerdict = attested && session.attestationQuery.report?.verdict !== 'passed' && !attestationFailed
  const messages = useMemo(
    () => withUserPrivacy(chat.messages, busy && session.privacy && !awaitingVerdict ? { mode: session.privacy, simulated: simulatedSession } : undefined),
    [chat.messages, busy, session.privacy, simulatedSession, awaitingVerdict],
  )

  // The parts that can wait (markdown, popups, the model list) load at idle once the first verdict
  // is in (or there will be none): their chunks would otherwise evaluate while the enclave is verified.
  const startingUp =
    modelsQuery.status === 'pending' || storageLoading || (model !== undefined && (session.status === 'idle' || session.status === 'pending'))
  const [started, setStarted] = useState(false)
  if (!startingUp && !started) setStarted(true)
  // The first send's code, too (a TEE session has no key to wait for, which loads it for E2EE).
  useEffect(() => (started ? loadWhenIdle(() => loadChatRequest().catch(() => {})) : undefined), [started])

  // While the model is still to come (the list loading, a stored conversation read) the box takes text and Send
  // waits: a user types while sealkit starts up. In the server's HTML and while hydrating the box is off, whatever
  // the model: React may drop text typed before it hydrates.
  const serverOrHydrating = useServerOrHydrating()
  const modelToCome = !model && (modelsQuery.status === 'pending' || storageLoading)

  // One function for as long as the query is the same: the view keeps its badge as it is while a reply streams.
  const { refetch } = session.attestationQuery
  const reverify = useCallback(() => void refetch(), [refetch])
  // While the model is to come the badge's place is held, unseen: at a phone's width the badge has a row of its own,
  // and the header would grow under the reader when it came.
  const badge = badgeProps === false ? undefined : model ? { ...attestationBadge(chat, allowUnattested ?? false, reverify), ...badgeProps } : modelToCome ? HELD_BADGE : undefined

  // A forget that fails is said in stored.error (the alert below), not as a rejection nobody handles.
  const forgetStored = stored && (() => void stored.forget().catch(() => {}))
  let defaultNotice: ReactNode
  if (modelsQuery.status === 'error') {
    // NETWORK_ERROR and the like say "retry": here is the button for it.
    defaultNotice = (
      <span role="alert">
        <ErrorText lead={t.privateChat.modelsFailed} error={modelsQuery.error} />{' '}
        <button type="button" className="sealkit-button" data-size="sm" onClick={() => void modelsQuery.refetch()}>
          {t.message.retry}
        </button>
      </span>
    )
  }
  else if (attestationFailed && session.attestationQuery.report) defaultNotice = <WarningNotice text={t.privateChat.notVerified} />
  else if (attestationFailed)
    defaultNotice = (
      <span role="alert">
        <ErrorText lead={t.privateChat.sendingOff} error={session.error ?? t.privateChat.sessionFailed} />
      </span>
    )
  else if (models?.length === 0) defaultNotice = t.privateChat.noModels
  else if (!model && models) defaultNotice = t.privateChat.chooseModel
  const storageSlow = stored?.error?.code === 'STORAGE_TIMEOUT'
  if (stored?.error) {
    // The conversation could not be read or kept: an alert in the danger tone, as the chat's own errors are, first.
    // What else stands is still said below it (sending off after a failed verification, say).
    defaultNotice = (
      <>
        <span className="sealkit-alert" data-tone={storageSlow ? 'warning' : 'danger'} role="alert">
          <ErrorText error={stored.error} />
          {/* Storage that has not answered yet: nothing to clear (its remove would wait too), only to wait for. */}
          {!storageSlow && (
            <>
              {' '}
              <ConfirmAction
                question={t.chat.clearQuestion}
                confirm={t.chat.clearConfirm}
                onConfirm={forgetStored!}
                trigger={(trigger) => (
                  <button {...trigger} type="button" className="sealkit-button" data-size="sm">
                    {t.chat.clear}
                  </button>
                )}
              />
            </>
          )}
        </span>
        {defaultNotice}
      </>
    )
  }

  return (
    <HoldIdleLoads value={!started}>
      <PrivateChatView
        ref={ref}
        data-privacy={session.privacy}
        {...props}
        messages={messages}
        conversationId={chat.id}
        status={chat.status}
        error={chat.error}
        // The click's task ends with the composer cleared (or the edit closed); the send and the chat's render
        // with the new message run in the next task, so the two do not add up to one long task after the input.
        onSend={(text) => setTimeout(() => void chat.sendMessage({ text }))}
        onStop={() => void chat.stop()}
        onRegenerate={() => void chat.regenerate()}
        onRetry={(messageId) => void chat.regenerate({ messageId })}
        onEdit={(messageId, text) => setTimeout(() => void chat.sendMessage({ text, messageId }))}
        // Not while the storage has not answered: Clear would delete a stored conversation nobody has seen.
        {...(forgetStored && !storageSlow ? { onClear: forgetStored } : {})}
        models={models ?? (modelsQuery.status === 'error' ? [] : undefined)}
        model={model ?? ''}
        onModelChange={(id) => {
          setPicked(id)
          onModelChange?.(id)
        }}
        badge={badge}
        // The held badge verifies nothing: the chat's attestation state is none until the model comes.
        {...(badge === HELD_BADGE ? { 'data-attestation': 'none' } : {})}
        // While the stored conversation is read the chat is not empty, only loading: no "Start a conversation" to announce.
        {...(stored?.status === 'loading' ? { emptyState: <></> } : {})}
        disabled={disabled || attestationFailed || !model}
        notice={notice ?? defaultNotice}
        modelPickerProps={{ ...(simulatedSession ? { simulated: true } : {}), ...modelPickerProps }}
        {...(simulatedSession ? { 'data-simulated': '' } : {})}
        composerProps={{
          // Simulated means simulated everywhere: never the enclave wording over a simulated enclave.
          ...(session.privacy && !attestationFailed
            ? { hint: simulatedSession ? t.privateChat.simulatedHint : awaitingVerdict ? t.privateChat.verifyingHint : t.privateChat.hints[session.privacy] }
            : {}),
          ...(simulatedSession ? { 'data-simulated': '' } : {}),
          // The box alone: editing, retrying or regenerating a message waits for the model too (the view's disabled).
          // Send waits for the stored conversation too, whatever the model: a message sent before it is in would begin a
          // chat the stored one could then neither join nor be saved over.
          ...(serverOrHydrating
            ? { disabled: true }
            : modelToCome || storageLoading
              ? { disabled: Boolean(disabled), sendDisabled: true, sendDisabledHint: t.privateChat.waitingForModel }
              : {}),
          ...composerProps,
        }}
      />
    </HoldIdleLoads>
  )
})

/** A failed verification: a real warning, not grey text. */
function WarningNotice({ text }: { text: string }) {
  return (
    <span className="sealkit-alert" data-tone="danger" role="alert">
      <ShieldAlertIcon />
      <strong>{text}</strong>
    </span>
  )
}

/** The badge's place while the model is to come: its size, out of sight and out of reach. */
const HELD_BADGE: AttestationBadgeProps = { state: 'verifying', style: { visibility: 'hidden' } }

/** The badge for the chat's session: its attestation query's report and error, and re-verify. */
function attestationBadge(chat: UseEncryptedChatReturnType, allowUnattested: boolean, reverify: () => void): AttestationBadgeProps {
  const { session } = chat
  const query = session.attestationQuery
  const unattested = session.privacy === 'none' || (session.privacy === 'tee' && allowUnattested)
  if (unattested) return { state: 'unverifiable', error: session.error }
  const report = query.report
  const error = query.status === 'error' ? query.error : session.status === 'error' ? session.error : undefined
  let state: AttestationState | undefined
  if (query.isFetching || (session.status === 'pending' && !report && !error)) state = 'verifying'
  return {
    ...(state ? { state } : {}),
    report,
    error,
    ...(session.privacy ? { onReverify: reverify } : {}),
    ...(session.keyHolder ? { keyHolder: session.keyHolder } : {}),
  }
}

/**
 * User messages carry no privacy facts of their own: each takes them from the assistant reply
 * that answered it (so switching models never relabels what was already sent); the message
 * on its way takes the live session's. A message that was never answered claims nothing, nor one
 * answered by a reply whose facts sealkit did not establish (handed to the chat by the app, or
 * restored from storage that cannot tell its records from anybody else's): its "e2ee" is data. A
 * message sent to a simulated enclave says so.
 */
function withUserPrivacy(messages: readonly SealkitUIMessage[], sending: { mode: PrivacyMode; simulated: boolean } | undefined): MessageLike[] {
  return messages.map((message, i) => {
    if (message.role !== 'user') return message
    const next = messages[i + 1]
    const answered = next?.role === 'assistant' && next.metadata && isVouchedFor(next) ? { mode: next.metadata.privacy, simulated: next.metadata.attestation?.simulated === true } : undefined
    const facts = answered ?? (i === messages.length - 1 ? sending : undefined)
    if (!facts) return message
    // The same object for the same message and facts, so memoized rows skip it while a reply streams.
    const key = `${facts.mode}:${facts.simulated}`
    let byFacts = LABELLED.get(message)
    if (!byFacts) LABELLED.set(message, (byFacts = new Map()))
    let labelled = byFacts.get(key)
    if (!labelled) {
      labelled = { ...message, privacy: { e2ee: facts.mode === 'e2ee', ...(facts.simulated ? { attestation: 'simulated' as const } : {}) } }
      byFacts.set(key, labelled)
    }
    return labelled
  })
}
const LABELLED = new WeakMap<SealkitUIMessage, Map<string, MessageLike>>()
