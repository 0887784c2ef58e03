/**
 * sealkit's React components: presentational, driven by plain props, styled by
 * `sealkit/styles.css` (import it once) and themeable through `--sealkit-*` variables.
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
} from './StreamingMessage.tsx'
export { ChatComposer, type ChatComposerProps, type ChatStatus } from './ChatComposer.tsx'
export { PrivateChat, type PrivateChatProps } from './PrivateChat.tsx'
export { CopyButton, copyText, type CopyButtonProps, type CopyState } from './CopyButton.tsx'
