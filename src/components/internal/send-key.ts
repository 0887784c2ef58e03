import type { KeyboardEvent } from 'react'

/**
 * Enter without Shift, outside an IME composition: the key that sends a message box. Safari ends a composition
 * before the Enter that confirms it reaches the page: that Enter says `isComposing` false, but keyCode 229.
 * @example if (isSendKey(event)) { event.preventDefault(); send() }
 */
export function isSendKey(event: KeyboardEvent<HTMLElement>): boolean {
  return event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing && event.keyCode !== 229
}
