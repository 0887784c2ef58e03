'use client'
/**
 * The blinking cursor of a reply that is still arriving. Drawn inline, inside the text's last block (a
 * paragraph, list item, heading, cell), so that it sits at the end of the last line: after a block, it
 * took a line of its own.
 */
export function Cursor() {
  return <span className="sealkit-cursor" aria-hidden="true" />
}
