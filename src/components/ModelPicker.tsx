'use client'
import { forwardRef, useEffect, useId, useMemo, type ComponentPropsWithoutRef } from 'react'
import * as Select from '@radix-ui/react-select'
import * as ToggleGroup from '@radix-ui/react-toggle-group'
import { useControllableState } from '@radix-ui/react-use-controllable-state'
import { privacyLevelOf, type PrivacyFilter } from '../core/api/models.ts'
import type { ApiModel, PrivacyLevel } from '../core/api/types.ts'
import { useSealkitLocale, type SealkitLocale } from './i18n/locale.tsx'
import { cx } from './internal/cx.ts'
import { CheckIcon, ChevronDownIcon, LockIcon, ShieldCheckIcon, UnlockIcon } from './internal/icons.tsx'

export type { PrivacyFilter }

const LEVEL_ORDER: PrivacyLevel[] = ['e2ee', 'tee', 'none']
/** As core's getModels filters: `tee` means every attested model, E2EE ones included. */
function matchesFilter(level: PrivacyLevel, filter: PrivacyFilter): boolean {
  if (filter === 'any') return true
  return filter === 'tee' ? level !== 'none' : level === filter
}

export interface PrivacyTagProps extends ComponentPropsWithoutRef<'span'> {
  level: PrivacyLevel
}

/** The privacy level of a model as a small tag: E2EE, TEE or Standard. `data-level` for styling. */
export const PrivacyTag = forwardRef<HTMLSpanElement, PrivacyTagProps>(function PrivacyTag(
  { level, className, ...props },
  ref,
) {
  const { t } = useSealkitLocale()
  return (
    <span ref={ref} data-level={level} title={t.privacy.descriptions[level]} className={cx('sealkit-tag', className)} {...props}>
      {level === 'e2ee' ? <LockIcon /> : level === 'tee' ? <ShieldCheckIcon /> : <UnlockIcon />}
      {t.privacy.labels[level]}
    </span>
  )
})

export interface ModelPickerProps extends Omit<ComponentPropsWithoutRef<'div'>, 'defaultValue' | 'onChange' | 'dir'> {
  models: ApiModel[]
  /** The selected model id (controlled). */
  value?: string
  defaultValue?: string
  /** Called with the model the user picks (with `value`, to control it). */
  onValueChange?: (modelId: string) => void
  /** Which privacy levels are listed (controlled). */
  privacyFilter?: PrivacyFilter
  defaultPrivacyFilter?: PrivacyFilter
  /** Called when the user changes the privacy filter (with `privacyFilter`, to control it). */
  onPrivacyFilterChange?: (filter: PrivacyFilter) => void
  /** Show the All / E2EE / TEE / Standard filter (`tee` lists every attested model). Default: true when the models span more than one level. */
  showPrivacyFilter?: boolean
  /** Visible label (default: the locale's `picker.label`); pass `hideLabel` to keep it for screen readers only. */
  label?: string
  hideLabel?: boolean
  placeholder?: string
  disabled?: boolean
  /** Form field name (Radix renders a native select for forms). */
  name?: string
  open?: boolean
  defaultOpen?: boolean
  /** Called when the list opens or closes (with `open`, to control it). */
  onOpenChange?: (open: boolean) => void
  triggerClassName?: string
  contentClassName?: string
  /** The models are served by a simulated enclave: their privacy tags take the simulated colour, never the verified green. */
  simulated?: boolean
}

/**
 * A model select over `GET /models` data: each option shows its privacy level (E2EE / TEE /
 * Standard) as a tag, its context size and pricing when the model gives them; a filter narrows
 * the list by privacy level. Keyboard: the Radix Select keys (arrows, typeahead, Enter, Escape).
 *
 * @example
 * ```tsx
 * const { data: models = [] } = useModels()
 * <ModelPicker models={models} value={model} onValueChange={setModel} defaultPrivacyFilter="e2ee" />
 * ```
 */
export const ModelPicker = forwardRef<HTMLDivElement, ModelPickerProps>(function ModelPicker(
  {
    models,
    value: valueProp,
    defaultValue,
    onValueChange,
    privacyFilter: filterProp,
    defaultPrivacyFilter,
    onPrivacyFilterChange,
    showPrivacyFilter,
    label,
    hideLabel,
    placeholder,
    disabled,
    name,
    open,
    defaultOpen,
    onOpenChange,
    className,
    triggerClassName,
    contentClassName,
    simulated,
    ...props
  },
  ref,
) {
  const locale = useSealkitLocale()
  const { t } = locale
  const triggerId = useId()
  const filterLabelId = useId()
  const [value, setValue] = useControllableState({
    prop: valueProp,
    defaultProp: defaultValue ?? '',
    onChange: onValueChange,
    caller: 'ModelPicker',
  })
  const [filter, setFilter] = useControllableState<PrivacyFilter>({
    prop: filterProp,
    defaultProp: defaultPrivacyFilter ?? 'any',
    onChange: onPrivacyFilterChange,
    caller: 'ModelPicker',
  })

  const entries = useMemo(() => models.map((model) => ({ model, level: privacyLevelOf(model) })), [models])
  const counts = useMemo(() => {
    const c: Record<PrivacyLevel, number> = { e2ee: 0, tee: 0, none: 0 }
    for (const e of entries) c[e.level]++
    return c
  }, [entries])
  const levelsPresent = LEVEL_ORDER.filter((l) => counts[l] > 0)
  const withFilter = showPrivacyFilter ?? levelsPresent.length > 1
  const activeFilter: PrivacyFilter = withFilter ? filter : 'any'
  // The selected model stays listed even when the filter hides its level, so the trigger can show it.
  const visible = entries.filter((e) => matchesFilter(e.level, activeFilter) || e.model.id === value)
  const countFor = (filter: PrivacyLevel) => entries.filter((e) => matchesFilter(e.level, filter)).length
  const selected = entries.find((e) => e.model.id === value)
  const empty = models.length === 0

  return (
    <div
      ref={ref}
      className={cx('sealkit-model-picker', className)}
      data-disabled={disabled || empty ? '' : undefined}
      data-filter={activeFilter}
      data-simulated={simulated ? '' : undefined}
      {...props}
    >
      <div className="sealkit-model-picker__bar">
        <label htmlFor={triggerId} className={cx('sealkit-field-label', hideLabel && 'sealkit-sr-only')}>
          {label ?? t.picker.label}
        </label>
        {withFilter && (
          <>
            <span id={filterLabelId} className="sealkit-sr-only">
              {t.picker.filter}
            </span>
            <ToggleGroup.Root
              type="single"
              className="sealkit-segmented"
              aria-labelledby={filterLabelId}
              value={activeFilter}
              onValueChange={(v) => {
                if (v) setFilter(v as PrivacyFilter)
              }}
              disabled={disabled}
            >
              <ToggleGroup.Item value="any" className="sealkit-segmented__item" aria-label={t.picker.allCount(models.length)}>
                {t.picker.all}
              </ToggleGroup.Item>
              {LEVEL_ORDER.map((level) => (
                <ToggleGroup.Item
                  key={level}
                  value={level}
                  className="sealkit-segmented__item"
                  data-level={level}
                  disabled={countFor(level) === 0}
                  aria-label={t.picker.only(t.picker.filters[level], countFor(level))}
                >
                  {t.privacy.labels[level]}
                </ToggleGroup.Item>
              ))}
            </ToggleGroup.Root>
          </>
        )}
      </div>
      <Select.Root
        value={value}
        onValueChange={setValue}
        disabled={disabled || empty}
        name={name}
        open={open}
        defaultOpen={defaultOpen}
        onOpenChange={onOpenChange}
      >
        <Select.Trigger
          id={triggerId}
          className={cx('sealkit-select-trigger', triggerClassName)}
          data-privacy={selected?.level}
        >
          <Select.Value placeholder={empty ? t.picker.none : (placeholder ?? t.picker.placeholder)} />
          <Select.Icon className="sealkit-select-trigger__icon">
            <ChevronDownIcon />
          </Select.Icon>
        </Select.Trigger>
        <Select.Portal>
          <Select.Content position="popper" sideOffset={6} collisionPadding={8} className={cx('sealkit-popover', 'sealkit-select-content', contentClassName)}
            data-simulated={simulated ? '' : undefined}
          >
            <InertOutside />
            <Select.Viewport className="sealkit-select-viewport">
              {LEVEL_ORDER.map((level) => {
                const group = visible.filter((e) => e.level === level)
                if (group.length === 0) return null
                return (
                  <Select.Group key={level} className="sealkit-select-group">
                    <Select.Label className="sealkit-select-label">{t.picker.groups[level]}</Select.Label>
                    {group.map(({ model }) => (
                      <ModelOption key={model.id} model={model} level={level} locale={locale} />
                    ))}
                  </Select.Group>
                )
              })}
            </Select.Viewport>
          </Select.Content>
        </Select.Portal>
      </Select.Root>
    </div>
  )
})

function ModelOption({ model, level, locale }: { model: ApiModel; level: PrivacyLevel; locale: SealkitLocale }) {
  const spec = model.model_spec
  const { t, format } = locale
  const context = typeof spec?.availableContextTokens === 'number' ? t.picker.context(format.tokens(spec.availableContextTokens)) : undefined
  const pricing = pricingOf(model, locale)
  const displayName = spec?.name ?? model.id
  return (
    // The option's name is all its visible text (name, level, id, context, price): Radix would
    // name it by the ItemText alone, which hides the facts a screen-reader user picks by.
    <Select.Item value={model.id} textValue={displayName} className="sealkit-select-item" data-privacy={level} aria-labelledby={undefined}>
      <span className="sealkit-select-item__main">
        <Select.ItemText>
          <span className="sealkit-select-item__name">{displayName}</span> <PrivacyTag level={level} />
        </Select.ItemText>
      </span>
      <span className="sealkit-select-item__meta">
        {(displayName !== model.id || context) && (
          <span>{[displayName !== model.id ? model.id : undefined, context].filter(Boolean).join(' · ')}</span>
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
