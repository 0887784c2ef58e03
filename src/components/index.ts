/**
 * sealkit's React components: presentational, driven by plain props, styled by
 * `sealkit/styles.css` (import it once) and themeable through `--sealkit-*` variables.
 * `PrivateChat` is the exception: the drop-in chat, connected to the hooks (it needs
 * `<SealkitProvider>`); `PrivateChatView` is its presentational shell.
 */
export {
  AttestationBadge,
  AttestationDetails,
  resolveAttestationState,
  type AttestationBadgeProps,
  type AttestationDetailsProps,
  type AttestationState,
  type AttestationStateInput,
} from './AttestationBadge.tsx'
export { AttestationSummary, type AttestationSummaryProps } from './attestation/AttestationSummary.tsx'
export { AttestationCheckList, AttestationCheckRow, type AttestationCheckListProps, type AttestationCheckRowProps } from './attestation/CheckList.tsx'
export { DeploymentView, type DeploymentViewProps } from './attestation/DeploymentView.tsx'
export { groupChecks, topicOf, TOPIC_TITLES, JARGON, type CheckGroup, type CheckTopic } from './attestation/topics.ts'
export { ModelPicker, PrivacyTag, type ModelPickerProps, type PrivacyFilter, type PrivacyTagProps } from './ModelPicker.tsx'
export {
  StreamingMessage,
  PrivacyIndicator,
  messageFacts,
  splitSegments,
  SEGMENT_MAX,
  type AttestationVerdict,
  type MessageLike,
  type MessagePart,
  type MessagePrivacy,
  type MessageStatus,
  type PrivacyIndicatorProps,
  type SignatureStatus,
  type StreamingMessageProps,
  type RenderText,
  type RenderTextContext,
  defaultRenderText,
} from './StreamingMessage.tsx'
export { Markdown, preloadMarkdown } from './markdown/lazy.tsx'
export { setHighlightWorker, type HighlightWorkerSource } from './markdown/highlight-worker-source.ts'
export { preloadComponents } from './preload.ts'
export type { MarkdownProps } from './markdown/Markdown.tsx'
export { ChatComposer, type ChatComposerProps, type ChatStatus } from './ChatComposer.tsx'
export { PrivateChat, type PrivateChatProps } from './PrivateChat.tsx'
export { PrivateChatView, type PrivateChatViewProps } from './PrivateChatView.tsx'
export { CopyButton, copyText, type CopyButtonProps, type CopyState } from './CopyButton.tsx'
export {
  SealkitLocaleProvider,
  useSealkitLocale,
  messagesFor,
  mergeMessages,
  describeErrorIn,
  SEALKIT_LOCALES,
  type SealkitLocale,
  type SealkitLocaleProviderProps,
  type SealkitFormat,
  type PartialSealkitMessages,
  type ErrorDescription,
} from './i18n/locale.tsx'
export { en, type SealkitMessages, type ErrorWords } from './i18n/en.ts'
export { zhCN } from './i18n/zh-CN.ts'
