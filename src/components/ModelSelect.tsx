'use client'
import { useEffect, useState } from 'react'
import * as Select from '@radix-ui/react-select'
import type { ApiModel, PrivacyLevel } from '../core/api/types.ts'
import { useSealkitLocale, type SealkitLocale } from './i18n/locale.tsx'
import { cx } from './internal/cx.ts'
import { useContentInTransition } from './internal/use-content-in-transition.ts'
import { CheckIcon, ChevronDownIcon } from './internal/icons.tsx'
import { LEVEL_ORDER, SelectedModel } from './ModelPicker.tsx'

/** A model with its privacy level, as the picker lists it. */
export interface ModelEntry {
  model: ApiModel
  level: PrivacyLevel
}

/** What `ModelPicker` hands its list. */
export interface ModelSelectProps {
  triggerId: string
  value: string
  onValueChange: (modelId: string) => void
  disabled: boolean | undefined
  name: string | undefined
  open: boolean | undefined
  defaultOpen: boolean | undefined
  onOpenChange: ((open: boolean) => void) | undefined
  triggerClassName: string | undefined
  contentClassName: string | undefined
  simulated: boolean | undefined
  placeholder: string
  selected: ModelEntry | undefined
  /** The models listed, grouped here by level. */
  visible: ModelEntry[]
}

/**
 * The model list of `ModelPicker`: a Radix Select, in a chunk of its own so the initial
 * bundle does not carry Radix's positioning and focus code (the picker loads it when it mounts).
 */
export function ModelSelect({
  triggerId,
  value,
  onValueChange,
  disabled,
  name,
  open,
  defaultOpen,
  onOpenChange,
  triggerClassName,
  contentClassName,
  simulated,
  placeholder,
  selected,
  visible,
}: ModelSelectProps) {
  const locale = useSealkitLocale()
  const { t } = locale
  // Closed, Radix still renders every option (into a detached fragment, to find the selected one's
  // text): their details (context, price) wait until the list opens, as the page's first Intl
  // number format costs ~40 ms (ICU data) and would otherwise be built while the chat starts up.
  const [openHere, setOpenHere] = useState(defaultOpen ?? false)
  const listOpen = open ?? openHere
  // Radix renders the closed list's options in a render of their own that its first commit spawns
  // (synchronous, the same task): with the options in it, mounting the list was one long task.
  // The trigger names the selected model itself, so the options can follow in a transition; in a
  // form (`name`) they come at once: the form's value is the selected option of Radix's native select.
  const optionsReady = useContentInTransition() || listOpen || name !== undefined
  return (
    // The catalog's direction: Radix lays out and moves by the keys with its own, `ltr` unless told.
    <Select.Root
      dir={locale.dir}
      value={value}
      onValueChange={onValueChange}
      disabled={disabled}
      name={name}
      open={open}
      defaultOpen={defaultOpen}
      onOpenChange={(next) => {
        setOpenHere(next)
        onOpenChange?.(next)
      }}
    >
      <Select.Trigger
        id={triggerId}
        className={cx('sealkit-select-trigger', triggerClassName)}
        data-privacy={selected?.level}
      >
        <Select.Value placeholder={placeholder}>{selected ? <SelectedModel entry={selected} /> : value}</Select.Value>
        <Select.Icon className="sealkit-select-trigger__icon">
          <ChevronDownIcon />
        </Select.Icon>
      </Select.Trigger>
      <Select.Portal>
        {/* Portalled to <body>: the catalog's language said here, as the chat's own lang does not reach it. */}
        <Select.Content position="popper" sideOffset={6} collisionPadding={8} className={cx('sealkit-popover', 'sealkit-select-content', contentClassName)}
          lang={locale.locale}
          data-simulated={simulated ? '' : undefined}
        >
          <InertOutside />
          <Select.Viewport className="sealkit-select-viewport">
            {optionsReady && LEVEL_ORDER.map((level) => {
              const group = visible.filter((e) => e.level === level)
              if (group.length === 0) return null
              return (
                <Select.Group key={level} className="sealkit-select-group">
                  <Select.Label className="sealkit-select-label">{t.picker.groups[level]}</Select.Label>
                  {group.map(({ model }) => (
                    <ModelOption key={model.id} model={model} level={level} locale={locale} details={listOpen} />
                  ))}
                </Select.Group>
              )
            })}
          </Select.Viewport>
        </Select.Content>
      </Select.Portal>
    </Select.Root>
  )
}

/** `details`: render the context size and price (the list is open). */
function ModelOption({ model, level, locale, details }: { model: ApiModel; level: PrivacyLevel; locale: SealkitLocale; details: boolean }) {
  const spec = model.model_spec
  const { t, format } = locale
  const context = details && typeof spec?.availableContextTokens === 'number' ? t.picker.context(format.tokens(spec.availableContextTokens)) : undefined
  const pricing = details ? pricingOf(model, locale) : undefined
  const displayName = spec?.name ?? model.id
  // The id, shown when the name is not already it.
  const id = displayName !== model.id ? model.id : undefined
  return (
    // The option's name is all its visible text (name, level, id, context, price): Radix would
    // name it by the ItemText alone, which hides the facts a screen-reader user picks by.
    <Select.Item value={model.id} textValue={displayName} className="sealkit-select-item" data-privacy={level} aria-labelledby={undefined}>
      <span className="sealkit-select-item__main">
        <Select.ItemText>
          <SelectedModel entry={{ model, level }} />
        </Select.ItemText>
      </span>
      <span className="sealkit-select-item__meta">
        {(id || context) && (
          <span>
            {id && <bdi>{id}</bdi>}
            {id && context && ' · '}
            {context}
          </span>
        )}
        {pricing && <span>{pricing}</span>}
      </span>
      <Select.ItemIndicator className="sealkit-select-item__indicator">
        <CheckIcon />
      </Select.ItemIndicator>
    </Select.Item>
  )
}

/** Pricing per million tokens as one line, or undefined when the model gives none. */
function pricingOf(model: ApiModel, { t, format }: SealkitLocale): string | undefined {
  const p = model.model_spec?.pricing
  const input = typeof p?.input?.usd === 'number' ? format.usd(p.input.usd) : undefined
  const output = typeof p?.output?.usd === 'number' ? format.usd(p.output.usd) : undefined
  if (input === undefined && output === undefined) return undefined
  return t.picker.price(input, output)
}

/**
 * While the list is open Radix hides the rest of the page from assistive technology with
 * `aria-hidden`, but what it hides stays focusable (axe: aria-hidden-focus). Making the same
 * elements `inert` while the list is open takes them out of the tab order too, as a modal
 * list means. Runs a frame after mount: Radix hides the page in its own (parent) effect.
 */
function InertOutside() {
  useEffect(() => {
    const made: Element[] = []
    const frame = requestAnimationFrame(() => {
      for (const el of document.querySelectorAll('[data-aria-hidden="true"]')) {
        if (el.hasAttribute('inert')) continue
        el.setAttribute('inert', '')
        made.push(el)
      }
    })
    return () => {
      cancelAnimationFrame(frame)
      for (const el of made) el.removeAttribute('inert')
    }
  }, [])
  return null
}
