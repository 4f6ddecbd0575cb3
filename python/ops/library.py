"""armlet's operators as torch.library definitions, generated from operators.json.

Each operator gets a functional overload ``armlet::NAME`` and an
``armlet::NAME.out`` overload with the extra keyword argument
``*, Tensor(a!) out``, so that ExecuTorch's ``to_executorch`` can turn the
functional form into the out form the device runtime calls. Both overloads
are implemented for CompositeExplicitAutograd by calling the numpy reference
kernels in ``reference.py``; fake (meta) implementations give shapes and
dtypes for tracing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Dict, List

import numpy as np
import torch

from . import reference

OPERATORS_JSON = Path(__file__).with_name("operators.json")


def load_operator_table() -> Dict[str, Any]:
    """The parsed operators.json (the one list of armlet operators)."""
    with open(OPERATORS_JSON, encoding="utf-8") as f:
        return json.load(f)


_TABLE = load_operator_table()
NAMESPACE: str = _TABLE["namespace"]
OPERATOR_NAMES: List[str] = [op["name"] for op in _TABLE["operators"]]


def functional_schema(op: Dict[str, str]) -> str:
    return f"{op['name']}({op['arguments']}) -> Tensor"


def out_schema(op: Dict[str, str]) -> str:
    return f"{op['name']}.out({op['arguments']}, *, Tensor(a!) out) -> Tensor(a!)"


def _to_numpy(t: torch.Tensor) -> np.ndarray:
    return t.detach().cpu().contiguous().numpy()


def _check_int8_dtype(dtype: torch.dtype) -> None:
    if dtype != torch.int8:
        raise ValueError(f"armlet quantizes to int8 only, got {dtype}")


# Reference implementations over torch tensors (what the op library runs).


def _quantize_per_tensor(x, scale, zero_point, quant_min, quant_max, dtype):
    _check_int8_dtype(dtype)
    if x.dtype != torch.float32:
        raise TypeError(f"armlet::quantize_per_tensor takes float32, got {x.dtype}")
    q = reference.quantize_per_tensor(_to_numpy(x), scale, zero_point, quant_min, quant_max)
    return torch.from_numpy(q)


def _dequantize_per_tensor(q, scale, zero_point, quant_min, quant_max, dtype):
    _check_int8_dtype(dtype)
    if q.dtype != torch.int8:
        raise TypeError(f"armlet::dequantize_per_tensor takes int8, got {q.dtype}")
    return torch.from_numpy(
        reference.dequantize_per_tensor(_to_numpy(q), scale, zero_point, quant_min, quant_max)
    )


def _quantized_linear(x, weights, kernel_sum, *params):
    out = reference.quantized_linear(_to_numpy(x), _to_numpy(weights), _to_numpy(kernel_sum), *params)
    return torch.from_numpy(np.ascontiguousarray(out))


def _quantized_add(a, b, *params):
    out = reference.quantized_add(_to_numpy(a), _to_numpy(b), *params)
    return torch.from_numpy(np.ascontiguousarray(out))


_IMPLS: Dict[str, Callable[..., torch.Tensor]] = {
    "quantize_per_tensor": _quantize_per_tensor,
    "dequantize_per_tensor": _dequantize_per_tensor,
    "quantized_linear": _quantized_linear,
    "quantized_add": _quantized_add,
}


# Shapes and dtypes only, for tracing with fake tensors.


def _fake_quantize(x, scale, zero_point, quant_min, quant_max, dtype):
    return torch.empty_like(x, dtype=dtype)


def _fake_dequantize(q, scale, zero_point, quant_min, quant_max, dtype):
    return torch.empty_like(q, dtype=torch.float32)


def _fake_linear(x, weights, kernel_sum, *params):
    return x.new_empty((*x.shape[:-1], weights.shape[0]), dtype=torch.int8)


def _fake_add(a, b, *params):
    shape = torch.broadcast_shapes(a.shape, b.shape)
    return a.new_empty(shape, dtype=torch.int8)


_FAKES: Dict[str, Callable[..., torch.Tensor]] = {
    "quantize_per_tensor": _fake_quantize,
    "dequantize_per_tensor": _fake_dequantize,
    "quantized_linear": _fake_linear,
    "quantized_add": _fake_add,
}


def _make_out_impl(functional: Callable[..., torch.Tensor]) -> Callable[..., torch.Tensor]:
    def out_impl(*args, out: torch.Tensor) -> torch.Tensor:
        result = functional(*args)
        if out.shape != result.shape:
            out.resize_(result.shape)
        out.copy_(result)
        return out

    return out_impl


def _make_out_fake(fake: Callable[..., torch.Tensor]) -> Callable[..., torch.Tensor]:
    def out_fake(*args, out: torch.Tensor) -> torch.Tensor:
        return out

    return out_fake


def _already_defined() -> bool:
    try:
        getattr(getattr(torch.ops, NAMESPACE), OPERATOR_NAMES[0])
        return True
    except (AttributeError, RuntimeError):
        return False


_LIBRARY: "torch.library.Library | None" = None


def define_operators() -> None:
    """Registers every operator of operators.json (idempotent per process)."""
    global _LIBRARY
    if _LIBRARY is not None or _already_defined():
        return
    missing = set(OPERATOR_NAMES) - set(_IMPLS)
    if missing:
        raise RuntimeError(f"operators.json lists operators without a reference kernel: {sorted(missing)}")
    lib = torch.library.Library(NAMESPACE, "DEF")
    for op in _TABLE["operators"]:
        name = op["name"]
        lib.define(functional_schema(op))
        lib.define(out_schema(op))
        lib.impl(name, _IMPLS[name], "CompositeExplicitAutograd")
        lib.impl(f"{name}.out", _make_out_impl(_IMPLS[name]), "CompositeExplicitAutograd")
        lib.impl(name, _FAKES[name], "Meta")
        lib.impl(f"{name}.out", _make_out_fake(_FAKES[name]), "Meta")
    _LIBRARY = lib


define_operators()
