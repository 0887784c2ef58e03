'use client'
/**
 * Small inline icons (no icon font, no network). Decorative: always `aria-hidden`;
 * the text next to them carries the meaning.
 */
import type { SVGProps } from 'react'

type IconProps = SVGProps<SVGSVGElement>

function Svg({ children, ...props }: IconProps) {
  return (
    <svg
      width="1em"
      height="1em"
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      {...props}
    >
      {children}
    </svg>
  )
}

export function ShieldCheckIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M8 1.5 2.75 3.5v4c0 3.2 2.2 5.9 5.25 7 3.05-1.1 5.25-3.8 5.25-7v-4L8 1.5Z" />
      <path d="m5.6 8.1 1.7 1.7 3.2-3.3" />
    </Svg>
  )
}

export function ShieldAlertIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M8 1.5 2.75 3.5v4c0 3.2 2.2 5.9 5.25 7 3.05-1.1 5.25-3.8 5.25-7v-4L8 1.5Z" />
      <path d="M8 5v3.4" />
      <path d="M8 10.9h.01" />
    </Svg>
  )
}

export function ShieldOffIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M13.25 8c0 3.1-2.2 5.9-5.25 6.5C4.95 13.4 2.75 10.7 2.75 7.5v-4L8 1.5l5.25 2V8Z" strokeDasharray="2 2" />
    </Svg>
  )
}

export function FlaskIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M6 1.75h4M6.5 1.75v4L2.9 12.4A1.2 1.2 0 0 0 4 14.25h8a1.2 1.2 0 0 0 1.1-1.85L9.5 5.75v-4" />
      <path d="M4.6 9.75h6.8" />
    </Svg>
  )
}

export function ClockIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <circle cx="8" cy="8" r="6.25" />
      <path d="M8 4.5V8l2.4 1.5" />
    </Svg>
  )
}

export function SpinnerIcon(props: IconProps) {
  return (
    <Svg {...props} className={['sealkit-spin', props.className].filter(Boolean).join(' ')}>
      <path d="M8 1.75A6.25 6.25 0 1 1 1.75 8" />
    </Svg>
  )
}

export function CheckIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="m3.5 8.5 3 3 6-7" />
    </Svg>
  )
}

export function CrossIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="m4 4 8 8M12 4l-8 8" />
    </Svg>
  )
}

export function MinusCircleIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <circle cx="8" cy="8" r="6.25" />
      <path d="M5.25 8h5.5" />
    </Svg>
  )
}

export function CopyIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <rect x="5.25" y="5.25" width="8.5" height="8.5" rx="1.5" />
      <path d="M10.75 5.25v-1.5a1.5 1.5 0 0 0-1.5-1.5h-5.5a1.5 1.5 0 0 0-1.5 1.5v5.5a1.5 1.5 0 0 0 1.5 1.5h1.5" />
    </Svg>
  )
}

export function LockIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <rect x="3" y="7" width="10" height="7.25" rx="1.5" />
      <path d="M5.25 7V5a2.75 2.75 0 0 1 5.5 0v2" />
    </Svg>
  )
}

export function UnlockIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <rect x="3" y="7" width="10" height="7.25" rx="1.5" />
      <path d="M5.25 7V5a2.75 2.75 0 0 1 5.3-1" />
    </Svg>
  )
}

export function SignatureIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M2 12.5c1.5-2 2.6-6.5 4-6.5 1.2 0 .2 4.5 1.5 4.5 1 0 1.6-2.2 2.6-2.2.8 0 .7 1.7 1.6 1.7.6 0 1.1-.5 2.3-1" />
      <path d="M2 14.25h12" />
    </Svg>
  )
}

export function ChevronDownIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="m4 6 4 4 4-4" />
    </Svg>
  )
}

export function SendIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M8 13V3.5M3.75 7.5 8 3.25l4.25 4.25" />
    </Svg>
  )
}

export function StopIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <rect x="4.25" y="4.25" width="7.5" height="7.5" rx="1.25" fill="currentColor" stroke="none" />
    </Svg>
  )
}

export function RefreshIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M13.25 8a5.25 5.25 0 1 1-1.6-3.8" />
      <path d="M13.25 2.5v3.25H10" />
    </Svg>
  )
}

export function PencilIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M10.5 2.75 13.25 5.5 5.5 13.25H2.75V10.5l7.75-7.75Z" />
    </Svg>
  )
}

export function TrashIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M2.75 4.25h10.5M6.25 4.25V2.75h3.5v1.5M4.25 4.25l.6 9h6.3l.6-9" />
    </Svg>
  )
}

export function ArrowDownIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M8 3v9.5M3.75 8.5 8 12.75l4.25-4.25" />
    </Svg>
  )
}
