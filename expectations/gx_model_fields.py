"""While GX is imported: each pydantic v1 model takes its base's fields as copies of what a
subclass can change, not as deep copies.

GX declares its expectations, data sources and assets as pydantic v1 models (337 of them
once imported), and pydantic v1 gives every subclass ``smart_deepcopy(base.__fields__)``:
a deep copy of each inherited field, some 1,100 objects per class, 417 times. That is a
third of GX's import (docs/benchmarks.md), which a day's refresh pays in full.

What a subclass changes of an inherited field (pydantic/v1/main.py ``ModelMetaclass``,
fields.py ``ModelField.set_config`` and ``populate_validators``): attributes of the field
itself, by assignment (its config, alias, validators); attributes of its ``field_info``, by
assignment (alias, alias priority, exclude, include); and its ``class_validators`` dict, in
place. So each field is copied with its ``field_info`` (and that one's ``extra`` dict) and
its ``class_validators``; its types, sub-fields and default are shared with the base, as
nothing changes them (pydantic copies a default again for every instance it makes).

Only while GX is imported (expectations/gx_import.py), and only for a dict of fields: any
other value goes to pydantic's own function, which is put back afterwards.
tests/expectations/test_gx_model_fields.py compares every field of every model GX defines,
imported with and without it.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def inherited_fields_copied_shallowly() -> Iterator[None]:
    """Within the block, pydantic v1 copies inherited fields as the module docstring says."""
    try:
        import pydantic.v1.main as models
        from pydantic.v1.fields import FieldInfo, ModelField
    except ImportError:  # no pydantic v1 (a GX that no longer uses it): nothing to do
        yield
        return
    if "extra" not in getattr(FieldInfo, "__slots__", ()):  # not the pydantic described
        yield
        return
    deep_copy = models.smart_deepcopy

    def copied(value):
        if type(value) is dict and value and all(type(f) is ModelField for f in value.values()):
            return {name: _field_copy(field) for name, field in value.items()}
        return deep_copy(value)

    models.smart_deepcopy = copied
    try:
        yield
    finally:
        models.smart_deepcopy = deep_copy


def _field_copy(field):
    """The field, its field_info (with ``extra``) and its class validators, copied."""
    info = copy.copy(field.field_info)
    info.extra = dict(field.field_info.extra)
    copied = copy.copy(field)
    copied.field_info = info
    copied.class_validators = dict(field.class_validators)
    return copied
