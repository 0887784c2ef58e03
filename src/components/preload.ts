'use client'
import { preloadAttestationPopover } from './AttestationBadge.tsx'
import { preloadMarkdown } from './markdown/lazy.tsx'
import { preloadModelSelect } from './ModelPicker.tsx'

/**
 * Loads every part of the components that arrives on demand: the model list (Radix Select),
 * the attestation badge's popover and details (Radix Popover), and the markdown renderer.
 * The components load each part themselves when they mount; call this to have them even
 * earlier (e.g. on a route's hover), or to render them without a loading frame (tests, screenshots).
 * @example
 * await preloadComponents()
 * render(<PrivateChat />) // the picker and the badge render complete at once
 */
export async function preloadComponents(): Promise<void> {
  await Promise.all([preloadModelSelect(), preloadAttestationPopover(), preloadMarkdown()])
}
