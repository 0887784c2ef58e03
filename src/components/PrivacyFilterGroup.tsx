'use client'
import * as ToggleGroup from '@radix-ui/react-toggle-group'
import type { PrivacyFilter } from '../core/api/models.ts'
import type { PrivacyLevel } from '../core/api/types.ts'

/** One choice of the privacy filter. */
export interface PrivacyFilterOption {
  value: PrivacyFilter
  /** Styling hook (`data-level`) for the level choices. */
  level?: PrivacyLevel
  label: string
  ariaLabel: string
  disabled: boolean
}

/** What `ModelPicker` hands its privacy filter. */
export interface PrivacyFilterGroupProps {
  labelId: string
  value: PrivacyFilter
  onValueChange: (filter: PrivacyFilter) => void
  disabled: boolean | undefined
  /** The catalog's direction: which way the arrow keys move. */
  dir: 'ltr' | 'rtl'
  options: PrivacyFilterOption[]
}

/**
 * The All / E2EE / TEE / Standard filter of `ModelPicker`: a Radix ToggleGroup (one choice, arrow keys
 * between them), in a chunk of its own loaded at idle after the picker mounts.
 */
export function PrivacyFilterGroup({ labelId, value, onValueChange, disabled, dir, options }: PrivacyFilterGroupProps) {
  return (
    <ToggleGroup.Root
      type="single"
      dir={dir}
      className="sealkit-segmented"
      aria-labelledby={labelId}
      value={value}
      onValueChange={(v) => {
        if (v) onValueChange(v as PrivacyFilter)
      }}
      disabled={disabled}
    >
      {options.map((o) => (
        <ToggleGroup.Item key={o.value} value={o.value} className="sealkit-segmented__item" data-level={o.level} disabled={o.disabled} aria-label={o.ariaLabel}>
          {o.label}
        </ToggleGroup.Item>
      ))}
    </ToggleGroup.Root>
  )
}
