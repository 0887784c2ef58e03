import type { MessageLike } from '../StreamingMessage.tsx'

/** The text of a message: its text parts joined (or `content`). */
export function messageText(message: MessageLike): string {
  if (message.parts) return message.parts.reduce((s, p) => (p.type === 'text' && typeof p.text === 'string' ? s + p.text : s), '')
  return message.content ?? ''
}
