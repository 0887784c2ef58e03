'use client'
import { forwardRef, useId, useMemo, useState, type ComponentPropsWithoutRef } from 'react'
import { useControllableState } from '@radix-ui/react-use-controllable-state'
import { privacyLevelOf, type PrivacyFilter } from '../core/api/models.ts'
import type { ApiModel, PrivacyLevel } from '../core/api/types.ts'
import { useSealkitLocale } from './i18n/locale.tsx'
import { cx } from './internal/cx.ts'
import { LoadFailed } from './internal/LoadFailed.tsx'
import { ChevronDownIcon, LockIcon, ShieldCheckIcon, UnlockIcon } from './internal/icons.tsx'
import { lazyPart } from './internal/lazy-part.ts'
import type { ModelEntry, ModelSelectProps } from './ModelSelect.tsx'
import type { PrivacyFilterGroupProps } from './PrivacyFilterGroup.tsx'

export type { PrivacyFilter }

/** The list itself (Radix Select and its positioning, ~15 KB gzip) is a chunk of its own, loaded at idle after the picker mounts, or when its stand-in is opened. */
const selectPart = lazyPart(() => import('./ModelSelect.tsx').then((m) => m.ModelSelect))

/** The privacy filter (Radix ToggleGroup and its roving focus) likewise; a stand-in of the same buttons works until it is there. */
const filterPart = lazyPart(() => import('./PrivacyFilterGroup.tsx').then((m) => m.PrivacyFilterGroup))

/** Loads the model list's and the privacy filter's code (Radix Select, ToggleGroup) ahead of the picker's first render. */
export const preloadModelSelect = (): Promise<unknown> => Promise.all([selectPart.preload(), filterPart.preload()])

export const LEVEL_ORDER: PrivacyLevel[] = ['e2ee', 'tee', 'none']
/** As core's getModels filters: `tee` means every attested model, E2EE ones included. */
function matchesFilter(level: PrivacyLevel, filter: PrivacyFilter): boolean {
  if (filter === 'any') return true
  return filter === 'tee' ? level !== 'none' : level === filter
}

/** Props of {@link PrivacyTag}. */
export interface PrivacyTagProps extends ComponentPropsWithoutRef<'span'> {
  /** The privacy level to show: `e2ee`, `tee` or `none`. */
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

/** Props of {@link ModelPicker}: a select of models with their privacy tags, and a privacy filter. */
export interface ModelPickerProps extends Omit<ComponentPropsWithoutRef<'div'>, 'defaultValue' | 'onChange' | 'dir'> {
  /** The models to list (`useModels().data`). */
  models: ApiModel[]
  /** The selected model id (controlled). */
  value?: string
  /** The model selected at first (uncontrolled). */
  defaultValue?: string
  /** Called with the model the user picks (with `value`, to control it). */
  onValueChange?: (modelId: string) => void
  /** Which privacy levels are listed (controlled). */
  privacyFilter?: PrivacyFilter
  /** The privacy filter to start with (uncontrolled). @default any */
  defaultPrivacyFilter?: PrivacyFilter
  /** Called when the user changes the privacy filter (with `privacyFilter`, to control it). */
  onPrivacyFilterChange?: (filter: PrivacyFilter) => void
  /**
   * Show the All / E2EE / TEE / Standard filter (`tee` lists every attested model).
   * @default true when the models span more than one privacy level
   */
  showPrivacyFilter?: boolean
  /**
   * Visible label; pass `hideLabel` to keep it for screen readers only.
   * @default the locale's picker.label ("Model")
   */
  label?: string
  /** Keep the label for screen readers only. */
  hideLabel?: boolean
  /**
   * Shown while no model is selected.
   * @default the locale's picker.placeholder ("Choose a model")
   */
  placeholder?: string
  /** Disables the select. */
  disabled?: boolean
  /** Form field name (Radix renders a native select for forms). */
  name?: string
  /** Whether the list is open (controlled). */
  open?: boolean
  /** Whether the list starts open (uncontrolled). */
  defaultOpen?: boolean
  /** Called when the list opens or closes (with `open`, to control it). */
  onOpenChange?: (open: boolean) => void
  /** Class for the select's trigger button. */
  triggerClassName?: string
  /** Class for the list's popup. */
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

  // Opened before its code arrived: load it now, and open once it has.
  const [openedEarly, setOpenedEarly] = useState(false)
  const { value: Select, error: selectFailed } = selectPart.useState(openedEarly)
  const { value: Filter } = filterPart.useState()

  const entries = useMemo((): ModelEntry[] => models.map((model) => ({ model, level: privacyLevelOf(model) })), [models])
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

  const filterProps: PrivacyFilterGroupProps = {
    labelId: filterLabelId,
    value: activeFilter,
    onValueChange: setFilter,
    disabled,
    dir: locale.dir,
    options: [
      { value: 'any', label: t.picker.all, ariaLabel: t.picker.allCount(models.length), disabled: false },
      ...LEVEL_ORDER.map((level) => ({
        value: level,
        level,
        label: t.privacy.labels[level],
        ariaLabel: t.picker.only(t.picker.filters[level], countFor(level)),
        disabled: countFor(level) === 0,
      })),
    ],
  }

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
            {Filter ? <Filter {...filterProps} /> : <PrivacyFilterStandIn {...filterProps} />}
          </>
        )}
      </div>
      {Select ? (
        <Select
          triggerId={triggerId}
          value={value}
          onValueChange={setValue}
          disabled={disabled || empty}
          name={name}
          open={open}
          defaultOpen={defaultOpen || openedEarly}
          onOpenChange={onOpenChange}
          triggerClassName={triggerClassName}
          contentClassName={contentClassName}
          simulated={simulated}
          placeholder={empty ? t.picker.none : (placeholder ?? t.picker.placeholder)}
          selected={selected}
          visible={visible}
        />
      ) : (
        <SelectPlaceholder
          triggerId={triggerId}
          disabled={disabled || empty}
          triggerClassName={triggerClassName}
          placeholder={empty ? t.picker.none : (placeholder ?? t.picker.placeholder)}
          selected={selected}
          failed={selectFailed !== undefined}
          onOpen={() => setOpenedEarly(true)}
        />
      )}
    </div>
  )
})

/** Stands where the select will be until its code has loaded: the same trigger, box for box, so nothing moves. */
function SelectPlaceholder({
  triggerId,
  disabled,
  triggerClassName,
  placeholder,
  selected,
  failed,
  onOpen,
}: Pick<ModelSelectProps, 'triggerId' | 'disabled' | 'triggerClassName' | 'placeholder' | 'selected'> & { failed: boolean; onOpen: () => void }) {
  return (
    <>
      <button
        type="button"
        role="combobox"
        id={triggerId}
        aria-expanded={false}
        aria-autocomplete="none"
        data-state="closed"
        disabled={disabled}
        data-disabled={disabled ? '' : undefined}
        data-placeholder={selected ? undefined : ''}
        data-privacy={selected?.level}
        data-loading={failed ? undefined : ''}
        className={cx('sealkit-select-trigger', triggerClassName)}
        onClick={onOpen}
      >
        <span style={{ pointerEvents: 'none' }}>{selected ? <SelectedModel entry={selected} /> : placeholder}</span>
        <span aria-hidden="true" className="sealkit-select-trigger__icon">
          <ChevronDownIcon />
        </span>
      </button>
      {failed && <LoadFailed />}
    </>
  )
}

/** The selected model as the trigger shows it: its name and privacy tag. */
export function SelectedModel({ entry }: { entry: ModelEntry }) {
  const displayName = entry.model.model_spec?.name ?? entry.model.id
  return (
    <>
      {/* A model's name is the provider's, nearly always Latin: its own direction, so a right-to-left page cuts its end, not its start. */}
      <span className="sealkit-select-item__name" dir="auto">
        {displayName}
      </span>{' '}
      <PrivacyTag level={entry.level} />
    </>
  )
}

/**
 * The privacy filter until Radix's ToggleGroup is there: the same radio buttons, box for box, that
 * work by click and Tab (the arrow keys come with the loaded group).
 */
function PrivacyFilterStandIn({ labelId, value, onValueChange, disabled, dir, options }: PrivacyFilterGroupProps) {
  return (
    <div dir={dir} role="radiogroup" className="sealkit-segmented" aria-labelledby={labelId} data-loading="">
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          role="radio"
          aria-checked={o.value === value}
          data-state={o.value === value ? 'on' : 'off'}
          data-level={o.level}
          data-disabled={disabled || o.disabled ? '' : undefined}
          disabled={disabled || o.disabled}
          className="sealkit-segmented__item"
          aria-label={o.ariaLabel}
          onClick={() => onValueChange(o.value)}
        >
          {o.label}
        </button>
      ))}
    </div>
  )
}
