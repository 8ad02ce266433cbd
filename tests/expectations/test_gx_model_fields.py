"""GX's models come out of its import the same whether their inherited fields are deep-copied
(pydantic's way) or copied in the parts a subclass changes (expectations/gx_model_fields.py).

Each way runs in a fresh process, which imports GX as the refresh does and writes every
field of every pydantic v1 model it then has: name, alias, types, default, field_info,
class validators and validators, config, sub-fields. Object addresses aside, the two must
be equal.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

SCRIPT = r"""
import contextlib, json, sys
import expectations.gx_import as gx_import
import expectations.gx_model_fields as model_fields

copies = []
if sys.argv[1] == "deep":  # pydantic's own copy
    gx_import.inherited_fields_copied_shallowly = contextlib.nullcontext
else:
    field_copy = model_fields._field_copy
    model_fields._field_copy = lambda field: copies.append(1) or field_copy(field)
gx_import.import_great_expectations()

import pydantic.v1.main as models
from pydantic.v1.utils import smart_deepcopy
assert models.smart_deepcopy is smart_deepcopy  # pydantic's own function is back

def name(f):
    return getattr(f, "__qualname__", repr(f))

def described(f, depth=0):
    info = f.field_info
    out = {
        "name": f.name, "alias": f.alias, "required": repr(f.required),
        "allow_none": f.allow_none, "type": repr(f.outer_type_), "shape": f.shape,
        "default": repr(f.default), "factory": name(f.default_factory),
        "info": {k: repr(getattr(info, k, None)) for k in info.__slots__},
        "class_validators": sorted(
            (k, name(v.func), v.pre, v.each_item, v.always)
            for k, v in f.class_validators.items()
        ),
        "validators": [name(v) for v in f.validators or []],
        "pre": [name(v) for v in f.pre_validators or []],
        "post": [name(v) for v in f.post_validators or []],
        "config": name(f.model_config),
    }
    if f.sub_fields and depth < 3:
        out["sub_fields"] = [described(s, depth + 1) for s in f.sub_fields]
    return out

found, stack = {}, [models.BaseModel]
while stack:
    for model in stack.pop().__subclasses__():
        key = f"{model.__module__}.{model.__qualname__}:{id(model)}"
        if key not in found:
            stack.append(model)
            found[key] = {n: described(f) for n, f in model.__fields__.items()}
print(json.dumps({"copies": len(copies), "models": found}, sort_keys=True, default=repr))
"""


def _models(way: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, way], capture_output=True, text=True, check=True
    )
    # addresses differ between processes; the ids in the keys only tell classes apart
    text = re.sub(r"0x[0-9a-f]+", "0x", done.stdout)
    data = json.loads(text)
    data["models"] = {
        key.rsplit(":", 1)[0] + f"#{i}": fields
        for i, (key, fields) in enumerate(sorted(data["models"].items(), key=_by_name))
    }
    return data


def _by_name(item: tuple[str, dict]) -> tuple[str, str]:
    key, fields = item
    return key.rsplit(":", 1)[0], json.dumps(fields, sort_keys=True)


@pytest.mark.slow(seconds=15)
def test_every_gx_model_has_the_same_fields_either_way():
    deep, shallow = _models("deep"), _models("shallow")
    assert deep["copies"] == 0 and shallow["copies"] > 1000  # the shallow copy was used
    assert len(deep["models"]) > 300  # GX's expectations, data sources and assets
    assert shallow["models"] == deep["models"]
