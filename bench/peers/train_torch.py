"""The PyTorch peer of benchmark `train`: the same model, batch and optimizer as our GPU trainer,
on the CPU with 2 threads, from our checkpoint folder. Usage:

    python3 bench/peers/train_torch.py <folder with config.json, model.safetensors, batch.json> <steps>

batch.json: {"B", "T", "inputs": [B*T], "targets": [B*T], "mask": [B*T], "lr", "adamw": {...}}.
Prints one JSON line: tokens/s over the timed steps (after one untimed step), the loss of every
step, and which BLAS library the process loaded (Debian's torch uses the system libblas.so.3).
"""

import json
import math
import struct
import sys
import time
from pathlib import Path

import torch


def read_safetensors(path):
    data = path.read_bytes()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n])
    base = 8 + n
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        out[name] = torch.frombuffer(bytearray(data[base + start : base + end]), dtype=torch.float32).reshape(info["shape"])
    return out


def rms_norm(x, weight, eps):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * weight


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


def forward(w, cfg, ids):
    """Logits [B, T, V] of a batch of full sequences (HF Llama, tied embeddings)."""
    B, T = ids.shape
    C, H, KV, D = cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_key_value_heads"], cfg["head_dim"]
    x = w["model.embed_tokens.weight"][ids]
    inv_freq = 1.0 / (cfg["rope_theta"] ** (torch.arange(0, D, 2, dtype=torch.int64).float() / D))
    freqs = torch.outer(torch.arange(T, dtype=torch.float32), inv_freq)
    emb = torch.cat((freqs, freqs), dim=-1)
    cos, sin = emb.cos(), emb.sin()
    mask = torch.full((T, T), float("-inf")).triu(1)
    for i in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{i}."
        h = rms_norm(x, w[p + "input_layernorm.weight"], cfg["rms_norm_eps"])
        q = (h @ w[p + "self_attn.q_proj.weight"].T).view(B, T, H, D).transpose(1, 2)
        k = (h @ w[p + "self_attn.k_proj.weight"].T).view(B, T, KV, D).transpose(1, 2)
        v = (h @ w[p + "self_attn.v_proj.weight"].T).view(B, T, KV, D).transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        k = k.repeat_interleave(H // KV, dim=1)
        v = v.repeat_interleave(H // KV, dim=1)
        att = torch.softmax(q @ k.transpose(2, 3) / math.sqrt(D) + mask, dim=-1) @ v
        x = x + att.transpose(1, 2).reshape(B, T, H * D) @ w[p + "self_attn.o_proj.weight"].T
        h = rms_norm(x, w[p + "post_attention_layernorm.weight"], cfg["rms_norm_eps"])
        gate = torch.nn.functional.silu(h @ w[p + "mlp.gate_proj.weight"].T)
        x = x + (gate * (h @ w[p + "mlp.up_proj.weight"].T)) @ w[p + "mlp.down_proj.weight"].T
    x = rms_norm(x, w["model.norm.weight"], cfg["rms_norm_eps"])
    return x @ w["model.embed_tokens.weight"].T


def blas_library():
    maps = Path("/proc/self/maps").read_text()
    for name in ("openblas", "mkl", "blis", "libblas"):
        for line in maps.splitlines():
            if name in line and ".so" in line:
                return line.split()[-1]
    return "unknown"


def main():
    folder, steps = Path(sys.argv[1]), int(sys.argv[2])
    torch.set_num_threads(2)
    cfg = json.loads((folder / "config.json").read_text())
    batch = json.loads((folder / "batch.json").read_text())
    B, T = batch["B"], batch["T"]
    ids = torch.tensor(batch["inputs"]).view(B, T)
    targets = torch.tensor(batch["targets"])
    mask = torch.tensor(batch["mask"], dtype=torch.float32)
    w = {k: t.clone().requires_grad_(True) for k, t in read_safetensors(folder / "model.safetensors").items()}
    a = batch["adamw"]
    decay = [t for k, t in w.items() if not k.endswith("norm.weight")]
    no_decay = [t for k, t in w.items() if k.endswith("norm.weight")]
    optimizer = torch.optim.AdamW(
        [{"params": decay, "weight_decay": a["weightDecay"]}, {"params": no_decay, "weight_decay": 0.0}],
        lr=batch["lr"],
        betas=(a["beta1"], a["beta2"]),
        eps=a["eps"],
    )
    losses = []
    started = None
    for step in range(steps + 1):
        if step == 1:
            started = time.perf_counter()
        optimizer.zero_grad()
        logits = forward(w, cfg, ids).reshape(B * T, -1)
        rows = torch.nn.functional.cross_entropy(logits, targets, reduction="none")
        loss = (rows * mask).sum() / mask.sum()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(list(w.values()), a["clipNorm"])
        optimizer.step()
        losses.append(loss.item())
    seconds = time.perf_counter() - started
    print(json.dumps({
        "tokens_per_s": B * T * steps / seconds,
        "ms_per_step": 1000 * seconds / steps,
        "losses": losses,
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "blas": blas_library(),
    }))


if __name__ == "__main__":
    main()
