"""The project's YAML files parsed by libyaml, the C parser PyYAML's wheels bundle.

PyYAML's own parser is written in Python. The marts step parses the reviewed reference files
twelve times before any model can start (the weights file nine times, as the catalogue and
the reference tables are checked and loaded): 0.16 s with PyYAML's parser, 0.02 s with
libyaml's, measured on this machine, into the same Python objects. Loading is safe
either way: plain data, no Python tags. PyYAML built without libyaml falls back to its own.
"""

from __future__ import annotations

from typing import Any

import yaml

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """The data of one YAML document (``yaml.safe_load``'s result, parsed by libyaml)."""
    return yaml.load(text, Loader=SAFE_LOADER)
