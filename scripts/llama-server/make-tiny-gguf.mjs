// Writes a tiny random-weight llama GGUF from a vocab-only GGUF (a real tokenizer), for the real-server suite.
// Adapted from the team's real-llm kit; deterministic: the same arguments give the same bytes.
// usage: node make-tiny-gguf.mjs <vocab.gguf> <out.gguf> [n_embd=64] [n_layer=2] [seed=42]
import fs from 'node:fs'

const [src, out, nEmbdArg, nLayerArg, seedArg] = process.argv.slice(2)
const N_EMBD = Number(nEmbdArg ?? 64),
  N_LAYER = Number(nLayerArg ?? 2),
  N_HEAD = 4,
  N_FF = N_EMBD * 2,
  CTX = 2048
const buf = fs.readFileSync(src)
let p = 0
const u32 = () => {
  const v = buf.readUInt32LE(p)
  p += 4
  return v
}
const u64 = () => {
  const v = Number(buf.readBigUInt64LE(p))
  p += 8
  return v
}
const str = () => {
  const n = u64()
  const s = buf.toString('utf8', p, p + n)
  p += n
  return s
}
const SIZES = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 }
function skipVal(t) {
  if (t === 8) {
    str()
    return
  }
  if (t === 9) {
    const it = u32(),
      n = u64()
    for (let i = 0; i < n; i++) skipVal(it)
    return
  }
  p += SIZES[t]
}
if (u32() !== 0x46554747) throw new Error('not gguf')
const version = u32()
const nT = u64()
const nKV = u64()
if (version !== 3 || nT !== 0) throw new Error('expected vocab-only GGUF v3')
const keep = [] // raw kv byte slices we copy verbatim
let vocabSize = 0,
  tokenTypes = null,
  eosId = -1
for (let i = 0; i < nKV; i++) {
  const start = p
  const key = str()
  const t = u32()
  if (key === 'tokenizer.ggml.tokens') {
    const save = p
    u32()
    vocabSize = u64()
    p = save
  }
  if (key === 'tokenizer.ggml.token_type') {
    const save = p
    u32()
    const n = u64()
    tokenTypes = new Int32Array(n)
    for (let j = 0; j < n; j++) {
      tokenTypes[j] = buf.readInt32LE(p)
      p += 4
    }
    p = save
  }
  if (key === 'tokenizer.ggml.eos_token_id') {
    const save = p
    eosId = u32()
    p = save
  }
  skipVal(t)
  if (key.startsWith('tokenizer.')) keep.push(buf.subarray(start, p))
}

// --- writer helpers
const chunks = []
const W = {
  u32(v) {
    const b = Buffer.alloc(4)
    b.writeUInt32LE(v)
    chunks.push(b)
  },
  u64(v) {
    const b = Buffer.alloc(8)
    b.writeBigUInt64LE(BigInt(v))
    chunks.push(b)
  },
  f32(v) {
    const b = Buffer.alloc(4)
    b.writeFloatLE(v)
    chunks.push(b)
  },
  str(s) {
    const b = Buffer.from(s, 'utf8')
    W.u64(b.length)
    chunks.push(b)
  },
}
const kvs = []
const kvU32 = (k, v) =>
  kvs.push(() => {
    W.str(k)
    W.u32(4)
    W.u32(v)
  })
const kvF32 = (k, v) =>
  kvs.push(() => {
    W.str(k)
    W.u32(6)
    W.f32(v)
  })
const kvStr = (k, v) =>
  kvs.push(() => {
    W.str(k)
    W.u32(8)
    W.str(v)
  })
kvStr('general.architecture', 'llama')
kvStr('general.name', 'tiny-random-llama')
kvU32('general.file_type', 0)
kvU32('llama.context_length', CTX)
kvU32('llama.embedding_length', N_EMBD)
kvU32('llama.block_count', N_LAYER)
kvU32('llama.feed_forward_length', N_FF)
kvU32('llama.attention.head_count', N_HEAD)
kvU32('llama.attention.head_count_kv', N_HEAD)
kvU32('llama.rope.dimension_count', N_EMBD / N_HEAD)
kvF32('llama.attention.layer_norm_rms_epsilon', 1e-5)
kvU32('llama.vocab_size', vocabSize)
kvStr(
  'tokenizer.chat_template',
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}",
)

// tensors (dims listed ne0 first, as GGUF stores them)
// Dimension 0 of the residual stream is a constant "bias channel": every input embedding has +C there and
// no layer writes to it, so output.weight[t][0] acts as a per-token logit bias. Used to ban byte-fallback
// and control tokens (random byte tokens make invalid UTF-8) and to give EOS a small chance (natural "stop").
const EOS_BIAS = Number(process.env.EOS_BIAS ?? 16)
const tensors = [
  ['token_embd.weight', [N_EMBD, vocabSize], 'embd_in'],
  ['output_norm.weight', [N_EMBD], 'ones'],
  ['output.weight', [N_EMBD, vocabSize], 'embd_out'],
]
for (let l = 0; l < N_LAYER; l++) {
  const b = `blk.${l}.`
  tensors.push(
    [`${b}attn_norm.weight`, [N_EMBD], 'ones'],
    [`${b}attn_q.weight`, [N_EMBD, N_EMBD], 'rand'],
    [`${b}attn_k.weight`, [N_EMBD, N_EMBD], 'rand'],
    [`${b}attn_v.weight`, [N_EMBD, N_EMBD], 'rand'],
    [`${b}attn_output.weight`, [N_EMBD, N_EMBD], 'rand_out0'],
    [`${b}ffn_norm.weight`, [N_EMBD], 'ones'],
    [`${b}ffn_gate.weight`, [N_EMBD, N_FF], 'rand'],
    [`${b}ffn_up.weight`, [N_EMBD, N_FF], 'rand'],
    [`${b}ffn_down.weight`, [N_FF, N_EMBD], 'rand_out0'],
  )
}
let seed = Number(seedArg ?? 42) >>> 0
const rnd = () => {
  seed = (seed + 0x6d2b79f5) >>> 0
  let t = seed
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const ALIGN = 32
const pad = (n) => (ALIGN - (n % ALIGN)) % ALIGN

W.u32(0x46554747)
W.u32(3)
W.u64(tensors.length)
W.u64(kvs.length + keep.length)
for (const f of kvs) f()
for (const raw of keep) chunks.push(raw)
let off = 0
const datas = []
for (const [name, dims, kind] of tensors) {
  const n = dims.reduce((a, b) => a * b, 1)
  const f = new Float32Array(n)
  for (let i = 0; i < n; i++) f[i] = kind === 'ones' ? 1 : (rnd() * 2 - 1) * 0.5 // large-ish scale -> varied logits
  const ne0 = dims[0]
  if (kind === 'rand_out0') f.fill(0, 0, ne0) // output row 0 = 0: layers never write the bias channel
  if (kind === 'embd_in') for (let t = 0; t < dims[1]; t++) f[t * ne0] = 8
  if (kind === 'embd_out')
    for (let t = 0; t < dims[1]; t++) {
      const ty = tokenTypes ? tokenTypes[t] : 1 // 1 normal, 2 unknown, 3 control, 6 byte
      f[t * ne0] = t === eosId ? EOS_BIAS : ty === 1 || ty === 4 ? 0 : -1000
    }
  W.str(name)
  W.u32(dims.length)
  for (const d of dims) W.u64(d)
  W.u32(0 /* F32 */)
  W.u64(off)
  const b = Buffer.from(f.buffer)
  datas.push(b, Buffer.alloc(pad(b.length)))
  off += b.length + pad(b.length)
}
let hdr = Buffer.concat(chunks)
hdr = Buffer.concat([hdr, Buffer.alloc(pad(hdr.length))])
fs.writeFileSync(out, Buffer.concat([hdr, ...datas]))
console.log(`wrote ${out}: vocab=${vocabSize} n_embd=${N_EMBD} n_layer=${N_LAYER} bytes=${fs.statSync(out).size}`)
