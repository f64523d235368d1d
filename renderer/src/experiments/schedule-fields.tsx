/** Form fields bound to a path of the schedule JSON, each showing the issues at its path. */
import { MultiSelect, NumberInput, Select, TagsInput, Textarea, TextInput, Tooltip } from '@mantine/core'
import { IconLink } from '@tabler/icons-react'
import { createContext, use, useState } from 'react'
import type { FieldIssue } from '../../../shared/validation-error'
import { fieldError } from './issue-paths'
import { getAt, pathText, type Json, type PathKey } from './schedule-value'

export interface FormState {
  value: Json
  issues: readonly FieldIssue[]
  /** Sets a field; `fresh` lists paths whose derived fields start following their source anew (a kind just picked). */
  set(path: readonly PathKey[], next: Json | undefined, fresh?: readonly (readonly PathKey[])[]): void
  /** True while a derived field (warm-up, decay end, checkpoint steps) follows its source. */
  follows(path: readonly PathKey[]): boolean
}

export const FormContext = createContext<FormState | null>(null)

export function useForm(): FormState {
  const form = use(FormContext)
  if (!form) throw new Error('schedule fields need a <FormContext>')
  return form
}

interface FieldProps {
  path: readonly PathKey[]
  label: string
  description?: string
  w?: number | string
}

const fieldProps = (form: FormState, path: readonly PathKey[]) => ({
  'data-path': pathText(path),
  'data-follows': form.follows(path) ? 'yes' : undefined,
  error: fieldError(form.issues, pathText(path)),
})

/** The mark of a field that follows its source: a link icon with the rule on hover. */
function FollowsMark({ form, path }: { form: FormState; path: readonly PathKey[] }) {
  if (!form.follows(path)) return null
  return (
    <Tooltip label="Follows the phase's length until you edit it" withArrow>
      <IconLink size={12} aria-label="follows the length" style={{ marginLeft: 4, verticalAlign: -1, color: 'var(--mantine-color-dimmed)' }} />
    </Tooltip>
  )
}

export function NumField({ path, label, description, w, min, step, placeholder }: FieldProps & { min?: number; step?: number; placeholder?: string }) {
  const form = useForm()
  const value = getAt(form.value, path)
  return (
    <NumberInput
      size="xs"
      label={
        <>
          {label}
          <FollowsMark form={form} path={path} />
        </>
      }
      description={description}
      w={w}
      min={min}
      step={step}
      placeholder={placeholder}
      value={typeof value === 'number' ? value : ''}
      onChange={(v) => form.set(path, typeof v === 'number' ? v : v === '' ? undefined : Number(v))}
      allowDecimal
      {...fieldProps(form, path)}
    />
  )
}

export function TextField({ path, label, description, w }: FieldProps) {
  const form = useForm()
  const value = getAt(form.value, path)
  return <TextInput size="xs" label={label} description={description} w={w} value={typeof value === 'string' ? value : ''} onChange={(e) => form.set(path, e.currentTarget.value)} {...fieldProps(form, path)} />
}

export function TextAreaField({ path, label, description, w }: FieldProps) {
  const form = useForm()
  const value = getAt(form.value, path)
  return (
    <Textarea
      size="xs"
      label={label}
      description={description}
      w={w}
      autosize
      minRows={2}
      maxRows={6}
      value={typeof value === 'string' ? value : ''}
      onChange={(e) => form.set(path, e.currentTarget.value)}
      {...fieldProps(form, path)}
    />
  )
}

export function SelectField({ path, label, data, w, onPick }: FieldProps & { data: string[] | { value: string; label: string }[]; onPick?(value: string): void }) {
  const form = useForm()
  const value = getAt(form.value, path)
  return (
    <Select
      size="xs"
      label={label}
      w={w}
      data={data}
      value={typeof value === 'string' ? value : null}
      allowDeselect={false}
      onChange={(v) => v !== null && (onPick ? onPick(v) : form.set(path, v))}
      {...fieldProps(form, path)}
    />
  )
}

export function StringListField({ path, label, description, w, data }: FieldProps & { data?: string[] }) {
  const form = useForm()
  const value = getAt(form.value, path)
  const list = Array.isArray(value) ? value.map(String) : []
  if (data) return <MultiSelect size="xs" label={label} description={description} w={w} data={data} value={list} onChange={(v) => form.set(path, v)} {...fieldProps(form, path)} />
  return <TagsInput size="xs" label={label} description={description} w={w} value={list} onChange={(v) => form.set(path, v)} {...fieldProps(form, path)} />
}

const listText = (value: Json | undefined) => (Array.isArray(value) ? value.join(', ') : '')

/** Several numbers in one input, e.g. replay ratios `0, 0.05, 0.25`. */
export function NumberListField({ path, label, description, w }: FieldProps) {
  const form = useForm()
  const value = getAt(form.value, path)
  const [text, setText] = useState(() => listText(value))
  const [local, setLocal] = useState<string | null>(null)
  // Follow edits from elsewhere (the JSON view, a template) unless this input holds unparsed text.
  const shown = local ?? text
  if (local === null && listText(value) !== text) setText(listText(value))
  const parts = shown.split(/[\s,;]+/).filter(Boolean)
  const bad = parts.filter((p) => !Number.isFinite(Number(p)))
  return (
    <TextInput
      size="xs"
      label={
        <>
          {label}
          <FollowsMark form={form} path={path} />
        </>
      }
      description={description}
      w={w}
      value={shown}
      onChange={(e) => {
        const next = e.currentTarget.value
        const nums = next.split(/[\s,;]+/).filter(Boolean)
        if (nums.every((p) => Number.isFinite(Number(p)))) {
          setText(nums.map(Number).join(', '))
          setLocal(next)
          form.set(path, nums.map(Number))
        } else setLocal(next)
      }}
      onBlur={() => {
        if (bad.length === 0) setLocal(null)
      }}
      {...fieldProps(form, path)}
      error={bad.length > 0 ? `${pathText(path)}: "${bad[0]}" is not a number` : fieldError(form.issues, pathText(path))}
    />
  )
}
