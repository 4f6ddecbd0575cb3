"""Generates the C++ operator table from python/ops/operators.json.

The JSON file is the single list of armlet operators. Python defines them in
torch.library from it; this script turns the same entries into the static
registry the C++ loader resolves a program's operators against. For every
operator it emits the `.out` overload (the only form in a .pte): its name, its
arguments in schema order plus `out` and the returned alias, each with the
EValue kind the loader checks, and pointers to the adapter functions in
cc/ops/ (`<name>_out_prepare` / `<name>_out_run`, prefixed `aten_` for aten
operators).

Usage: gen_operator_table.py OPERATORS_JSON OUT_HEADER OUT_SOURCE

Standard library only: it runs in a plain genrule without the Python
environment.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HEADER_INCLUDE = "cc/ops/operator_table.h"

# Schema type -> ArgKind enumerator. ScalarType is serialized as an Int.
_KINDS: dict[str, str] = {
    "Tensor": "kTensor",
    "int": "kInt",
    "SymInt": "kInt",
    "ScalarType": "kInt",
    "float": "kDouble",
    "bool": "kBool",
    "int[]": "kIntList",
    "SymInt[]": "kIntList",
    "float[]": "kDoubleList",
    "bool[]": "kBoolList",
    "Tensor[]": "kTensorList",
}


@dataclass(frozen=True)
class Argument:
    name: str
    kind: str
    role: str
    optional: bool


@dataclass(frozen=True)
class Operator:
    namespace: str
    name: str
    arguments: tuple[Argument, ...]

    @property
    def qualified_name(self) -> str:
        return f"{self.namespace}::{self.name}"

    @property
    def function_stem(self) -> str:
        prefix = "" if self.namespace == "armlet" else f"{self.namespace}_"
        return f"{prefix}{self.name}_out"


def constant_name(argument_name: str) -> str:
    """`requantize_shifts` -> `kRequantizeShifts` (C++ constant style)."""
    return "k" + "".join(part.capitalize() for part in argument_name.split("_"))


def parse_argument(text: str) -> Argument:
    """Parses one schema argument such as `int[] requantize_shifts`."""
    parts = text.strip().split()
    if len(parts) != 2:
        raise ValueError(f"cannot parse argument {text!r}")
    type_text, name = parts
    optional = type_text.endswith("?")
    type_text = type_text.rstrip("?")
    # `int[2]` is a fixed-length list: still a list for the loader.
    if "[" in type_text:
        type_text = type_text[: type_text.index("[")] + "[]"
    if type_text not in _KINDS:
        raise ValueError(f"unsupported argument type {type_text!r} in {text!r}")
    return Argument(name=name, kind=_KINDS[type_text], role="kInput", optional=optional)


def parse_operator(namespace: str, entry: dict[str, Any]) -> Operator:
    arguments = [parse_argument(a) for a in entry["arguments"].split(",") if a.strip()]
    # The .out overload: `*, Tensor(a!) out) -> Tensor(a!)`; ExecuTorch emits
    # the out tensor index once more for the return value.
    arguments.append(Argument(name="out", kind="kTensor", role="kOut", optional=False))
    arguments.append(Argument(name="return", kind="kTensor", role="kReturn", optional=False))
    return Operator(namespace=namespace, name=entry["name"], arguments=tuple(arguments))


def load_operators(path: Path) -> list[Operator]:
    document = json.loads(path.read_text())
    operators = [parse_operator(document["namespace"], e) for e in document["operators"]]
    operators += [parse_operator("aten", e) for e in document.get("aten_operators", [])]
    names = [op.qualified_name for op in operators]
    if len(set(names)) != len(names):
        raise ValueError(f"duplicate operator names in {path}")
    return operators


def render_header(operators: list[Operator], source_name: str) -> str:
    lines = [
        f"// Generated from {source_name} by gen_operator_table.py. Do not edit.",
        "#pragma once",
        "",
        '#include "cc/runtime/operator.h"',
        "",
        "namespace armlet::ops {",
        "",
        "// Adapters, one pair per operator, defined in cc/ops/.",
    ]
    for op in operators:
        lines.append(f"Status {op.function_stem}_prepare(OpCall& call);")
        lines.append(f"Status {op.function_stem}_run(const OpCall& call);")
    lines += [
        "",
        "// Every operator of the generated table, for Method::init.",
        "const OperatorTable& operator_table();",
        "",
    ]
    for op in operators:
        lines.append(f"// {op.qualified_name}.out argument positions.")
        lines.append(f"namespace {op.function_stem}_args {{")
        for index, argument in enumerate(op.arguments):
            if argument.role == "kReturn":
                continue
            lines.append(f"inline constexpr int32_t {constant_name(argument.name)} = {index};")
        lines.append(f"inline constexpr int32_t kArgCount = {len(op.arguments)};")
        lines.append(f"}}  // namespace {op.function_stem}_args")
        lines.append("")
    lines.append("}  // namespace armlet::ops")
    return "\n".join(lines) + "\n"


def render_source(operators: list[Operator], source_name: str) -> str:
    lines = [
        f"// Generated from {source_name} by gen_operator_table.py. Do not edit.",
        f'#include "{HEADER_INCLUDE}"',
        "",
        "namespace armlet::ops {",
        "namespace {",
        "",
    ]
    for op in operators:
        lines.append(f"constexpr ArgSpec k_{op.function_stem}_args[] = {{")
        for argument in op.arguments:
            optional = "true" if argument.optional else "false"
            lines.append(
                f'    {{"{argument.name}", ArgKind::{argument.kind}, ArgRole::{argument.role}, '
                f"{optional}}},"
            )
        lines.append("};")
        lines.append("")
    lines.append("constexpr OperatorEntry kEntries[] = {")
    for op in operators:
        stem = op.function_stem
        lines.append(
            f'    {{"{op.qualified_name}", "out", k_{stem}_args, {len(op.arguments)}, '
            f"&{stem}_prepare, &{stem}_run}},"
        )
    lines += [
        "};",
        "",
        "constexpr OperatorTable kTable = {kEntries, sizeof(kEntries) / sizeof(kEntries[0])};",
        "",
        "}  // namespace",
        "",
        "const OperatorTable& operator_table() { return kTable; }",
        "",
        "}  // namespace armlet::ops",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    json_path, header_path, source_path = Path(argv[1]), Path(argv[2]), Path(argv[3])
    operators = load_operators(json_path)
    source_name = "python/ops/operators.json"
    header_path.write_text(render_header(operators, source_name))
    source_path.write_text(render_source(operators, source_name))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
