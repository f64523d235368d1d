/**
 * What a checkpoint folder holds and the schemas its JSON files must satisfy. The model's
 * files follow Hugging Face's GPT-2 conventions so `GPT2LMHeadModel.from_pretrained(folder)`
 * loads them; `manifest.json` is ours and makes the folder self-describing without the database.
 */
import { z } from 'zod'
import { Id, JsonObject, ModelConfig, Sha256, describeIssues, toFieldIssues } from '../../../../shared'
import { AppError } from '../../errors'
import { tokenizerFromSpec, type TokenizerSpec } from '../tokenizer'

export const CHECKPOINT_FORMAT = 'continuum-checkpoint'
export const CHECKPOINT_VERSION = 1

export const MODEL_FILE = 'model.safetensors'
export const CONFIG_FILE = 'config.json'
export const TOKENIZER_FILE = 'tokenizer.json'
export const OPTIMIZER_FILE = 'optimizer.safetensors'
export const MANIFEST_FILE = 'manifest.json'

/** HF's GPT2LMHeadModel keeps the body under `transformer.`; the tied `lm_head.weight` is not stored. */
export const modelTensorName = (param: string): string => `transformer.${param}`
export const optimizerTensorNames = (param: string): { m: string; v: string } => ({ m: `m.${param}`, v: `v.${param}` })

/** The files a manifest may list (the manifest cannot hash itself). Listing is by name only, so no path escapes the folder. */
export const HashedFile = z.enum([MODEL_FILE, CONFIG_FILE, TOKENIZER_FILE, OPTIMIZER_FILE])
export type HashedFile = z.infer<typeof HashedFile>
export const REQUIRED_FILES: readonly HashedFile[] = [MODEL_FILE, CONFIG_FILE, TOKENIZER_FILE]

export const FileDigest = z.object({ sha256: Sha256, bytes: z.number().int().nonnegative() })

export const CheckpointManifest = z.object({
  format: z.literal(CHECKPOINT_FORMAT),
  version: z.number().int().positive(),
  /** The run that wrote it; null for a checkpoint made outside any run (e.g. an import). */
  runId: Id.nullable(),
  step: z.number().int().nonnegative(),
  tokensSeen: z.number().int().nonnegative(),
  /** The checkpoint this one continues from (a path or a database id), null when trained from scratch. */
  parent: z.union([z.string().min(1), Id]).nullable(),
  /** e.g. 'pretrain', 'finetune', 'continual': free text so new phases need no format change. */
  phase: z.string().min(1).max(64),
  seed: z.number().int(),
  createdAt: z.iso.datetime(),
  model: ModelConfig,
  /** The optimizer's step count when optimizer.safetensors is present (Adam's bias correction needs it). */
  optimizer: z.object({ step: z.number().int().nonnegative() }).nullable(),
  extra: JsonObject,
  files: z.partialRecord(HashedFile, FileDigest),
})
export type CheckpointManifest = z.infer<typeof CheckpointManifest>

/** Parses with a zod schema, turning issues into an AppError that names the file and field. */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown, where: string, code: 'IO' | 'BAD_REQUEST' = 'IO'): T {
  const r = schema.safeParse(value)
  if (!r.success) throw new AppError(code, `${where} is invalid: ${describeIssues(toFieldIssues(r.error.issues))}`)
  return r.data
}

/** HF GPT-2 options whose non-default values would change the forward pass; ours must match. */
const HF_FIXED = {
  activation_function: 'gelu_new',
  layer_norm_epsilon: 1e-5,
  scale_attn_weights: true,
  scale_attn_by_inverse_layer_idx: false,
  reorder_and_upcast_attn: false,
  tie_word_embeddings: true,
} as const

const positive = z.number().int().positive()
const pdrop = z.number().min(0).max(0.9)

/** The part of a GPT-2 `config.json` we read back; unknown keys are allowed (HF adds its own). */
export const HfGpt2Config = z.looseObject({
  model_type: z.literal('gpt2'),
  vocab_size: positive,
  n_positions: positive,
  n_embd: positive,
  n_layer: positive,
  n_head: positive,
  n_inner: positive.nullable().optional(),
  resid_pdrop: pdrop,
  embd_pdrop: pdrop,
  attn_pdrop: pdrop,
  activation_function: z.literal(HF_FIXED.activation_function),
  layer_norm_epsilon: z.literal(HF_FIXED.layer_norm_epsilon),
  // Absent means HF's default, which is ours.
  scale_attn_weights: z.literal(true).optional(),
  scale_attn_by_inverse_layer_idx: z.literal(false).optional(),
  reorder_and_upcast_attn: z.literal(false).optional(),
  tie_word_embeddings: z.literal(true).optional(),
})
export type HfGpt2Config = z.infer<typeof HfGpt2Config>

export function toHfConfig(c: ModelConfig, tokenizer: TokenizerSpec): Record<string, unknown> {
  const eos = tokenizerFromSpec(tokenizer).eos
  return {
    model_type: 'gpt2',
    architectures: ['GPT2LMHeadModel'],
    vocab_size: c.vocab,
    n_positions: c.context,
    n_ctx: c.context,
    n_embd: c.width,
    n_layer: c.layers,
    n_head: c.heads,
    n_inner: null,
    resid_pdrop: c.dropout,
    embd_pdrop: c.dropout,
    attn_pdrop: c.dropout,
    ...HF_FIXED,
    initializer_range: 0.02,
    bos_token_id: eos,
    eos_token_id: eos,
    torch_dtype: 'float32',
  }
}

export function fromHfConfig(hf: HfGpt2Config, where: string): ModelConfig {
  if (hf.n_inner != null && hf.n_inner !== 4 * hf.n_embd)
    throw new AppError('UNSUPPORTED', `${where}: n_inner ${hf.n_inner} is not 4·n_embd; Continuum's MLP is always 4× wide`)
  if (hf.embd_pdrop !== hf.resid_pdrop || hf.attn_pdrop !== hf.resid_pdrop)
    throw new AppError('UNSUPPORTED', `${where}: resid_pdrop, embd_pdrop and attn_pdrop differ; Continuum uses one dropout rate`)
  const config = { layers: hf.n_layer, heads: hf.n_head, width: hf.n_embd, context: hf.n_positions, vocab: hf.vocab_size, dropout: hf.resid_pdrop }
  return parseWith(ModelConfig, config, where)
}

/** The tokenizer's ids must fit the embedding; a larger embedding (padded vocabulary) is fine. */
export function checkTokenizerFits(spec: TokenizerSpec, config: ModelConfig, where: string, code: 'IO' | 'BAD_REQUEST'): void {
  let size: number
  try {
    size = tokenizerFromSpec(spec).vocabSize
  } catch (e) {
    throw new AppError(code, `${where}: ${(e as Error).message}`)
  }
  if (size > config.vocab) throw new AppError(code, `${where}: the tokenizer has ${size} ids but the model's vocabulary is ${config.vocab}`)
}
