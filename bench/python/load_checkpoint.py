#!/usr/bin/env python3
"""Load a Continuum checkpoint folder with PyTorch and print next-token log-probabilities.

It shows that a checkpoint is an ordinary Hugging Face GPT-2 folder, and gives the engine an
independent reference: the tests compare these numbers with the TF.js model's.

    python3 load_checkpoint.py CHECKPOINT_DIR [--impl auto|hf|torch] < request.json

request.json: {"tokens": [[id, ...], ...]}  (rows of equal length, at most n_positions)
stdout:       {"impl": "hf" | "torch", "logProbs": [[[float] * vocab] * time] * batch}

With --impl auto (the default) it uses transformers' GPT2LMHeadModel when transformers is
installed, else the small GPT-2 forward below, written from HF's modeling_gpt2.py: pre-LN
blocks, Conv1D weights stored [in, out], q/k/v split before the heads, "gelu_new", and the
output head tied to wte. Only torch and the standard library are needed (no safetensors
package: the format is an 8-byte length, a JSON header and raw little-endian data).
"""
import argparse
import hashlib
import json
import math
import os
import struct
import sys

import torch
import torch.nn.functional as F

HASHED_FILES = ("model.safetensors", "config.json", "tokenizer.json", "optimizer.safetensors")


def fail(message):
    print(f"load_checkpoint: {message}", file=sys.stderr)
    sys.exit(2)


def verify_files(folder):
    """Refuse a folder whose files do not match the sizes and hashes in its manifest."""
    with open(os.path.join(folder, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    if manifest.get("format") != "continuum-checkpoint":
        fail(f"{folder}/manifest.json is not a Continuum checkpoint manifest")
    for name, expected in manifest["files"].items():
        if name not in HASHED_FILES:
            fail(f"manifest lists an unexpected file {name!r}")
        with open(os.path.join(folder, name), "rb") as f:
            data = f.read()
        if len(data) != expected["bytes"] or hashlib.sha256(data).hexdigest() != expected["sha256"]:
            fail(f"{name} in {folder} does not match its manifest (corrupted or modified)")
    return manifest


def read_safetensors(path):
    """F32 tensors by name, parsed by hand so no safetensors package is needed."""
    if sys.byteorder != "little":
        fail("safetensors data is little-endian; this reader needs a little-endian machine")
    with open(path, "rb") as f:
        data = f.read()
    (header_len,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + header_len])
    body = memoryview(data)[8 + header_len :]
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] != "F32":
            fail(f"{path}: tensor {name} has dtype {info['dtype']}, expected F32")
        begin, end = info["data_offsets"]
        values = torch.frombuffer(bytearray(body[begin:end]), dtype=torch.float32)
        tensors[name] = values.reshape(info["shape"])
    return tensors


def gelu_new(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


def torch_log_probs(folder, config, ids):
    sd = read_safetensors(os.path.join(folder, "model.safetensors"))
    d, heads, eps = config["n_embd"], config["n_head"], config["layer_norm_epsilon"]
    hd = d // heads
    batch, time = ids.shape

    def p(name):
        return sd[f"transformer.{name}"]

    def ln(x, name):
        return F.layer_norm(x, (d,), p(f"{name}.weight"), p(f"{name}.bias"), eps)

    def conv1d(x, name):  # HF Conv1D: y = x @ W + b with W stored [in, out]
        return x @ p(f"{name}.weight") + p(f"{name}.bias")

    causal = torch.tril(torch.ones(time, time, dtype=torch.bool))
    x = p("wte.weight")[ids] + p("wpe.weight")[:time]
    for i in range(config["n_layer"]):
        q, k, v = conv1d(ln(x, f"h.{i}.ln_1"), f"h.{i}.attn.c_attn").split(d, dim=2)
        q, k, v = (t.view(batch, time, heads, hd).transpose(1, 2) for t in (q, k, v))
        att = (q @ k.transpose(-1, -2)) / math.sqrt(hd)
        att = att.masked_fill(~causal, float("-inf")).softmax(dim=-1)
        y = (att @ v).transpose(1, 2).reshape(batch, time, d)
        x = x + conv1d(y, f"h.{i}.attn.c_proj")
        x = x + conv1d(gelu_new(conv1d(ln(x, f"h.{i}.ln_2"), f"h.{i}.mlp.c_fc")), f"h.{i}.mlp.c_proj")
    logits = ln(x, "ln_f") @ p("wte.weight").T  # the output head is tied to the embedding
    return logits.log_softmax(dim=-1)


def hf_log_probs(folder, ids):
    try:
        from transformers import GPT2LMHeadModel
    except ImportError:
        fail("transformers is not installed; use --impl torch")

    model = GPT2LMHeadModel.from_pretrained(folder, torch_dtype=torch.float32)
    model.eval()
    return model(input_ids=ids).logits.float().log_softmax(dim=-1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkpoint")
    parser.add_argument("--impl", choices=("auto", "hf", "torch"), default="auto")
    args = parser.parse_args()

    verify_files(args.checkpoint)
    with open(os.path.join(args.checkpoint, "config.json"), encoding="utf-8") as f:
        config = json.load(f)
    if config.get("activation_function") != "gelu_new" or config.get("model_type") != "gpt2":
        fail("config.json is not a gelu_new GPT-2 config")

    request = json.load(sys.stdin)
    rows = request["tokens"]
    if not rows or len({len(r) for r in rows}) != 1:
        fail("tokens must be a non-empty list of rows of equal length")
    ids = torch.tensor(rows, dtype=torch.long)
    if ids.shape[1] > config["n_positions"] or ids.min() < 0 or ids.max() >= config["vocab_size"]:
        fail("token ids out of range or rows longer than n_positions")

    impl = args.impl
    if impl == "auto":
        try:
            import transformers  # noqa: F401

            impl = "hf"
        except ImportError:
            impl = "torch"
    with torch.no_grad():
        out = hf_log_probs(args.checkpoint, ids) if impl == "hf" else torch_log_probs(args.checkpoint, config, ids)
    json.dump({"impl": impl, "logProbs": out.tolist()}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
