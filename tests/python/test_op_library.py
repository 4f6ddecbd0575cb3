"""operators.json is the one list of operators: torch.library matches it."""


import pytest
import torch

import armlet  # noqa: F401  (registers the operators)
from armlet.ops import load_operator_table


TABLE = load_operator_table()


def test_namespace_is_armlet():
    assert TABLE["namespace"] == "armlet"


@pytest.mark.parametrize("op", TABLE["operators"], ids=lambda op: op["name"])
def test_functional_and_out_schemas_match_json(op):
    packet = getattr(torch.ops.armlet, op["name"])
    functional = str(packet.default._schema)
    out = str(packet.out._schema)
    assert functional == f"armlet::{op['name']}({op['arguments']}) -> Tensor"
    assert out == f"armlet::{op['name']}.out({op['arguments']}, *, Tensor(a!) out) -> Tensor(a!)"


def test_every_defined_operator_is_in_json():
    names = {op["name"] for op in TABLE["operators"]}
    defined = {name for name in dir(torch.ops.armlet) if not name.startswith("_")}
    assert names <= defined
    assert not ({"quantize_per_tensor", "quantized_linear", "quantized_add", "dequantize_per_tensor"} - names)


def test_out_variant_writes_into_out():
    x = torch.tensor([0.5, -1.0, 100.0])
    out = torch.empty(3, dtype=torch.int8)
    result = torch.ops.armlet.quantize_per_tensor.out(x, 0.1, 3, -128, 127, torch.int8, out=out)
    assert result.data_ptr() == out.data_ptr()
    assert out.tolist() == [8, -7, 127]


def test_library_rejects_other_dtypes():
    with pytest.raises(Exception, match="int8"):
        torch.ops.armlet.quantize_per_tensor(torch.zeros(2), 0.1, 0, -128, 127, torch.int16)

