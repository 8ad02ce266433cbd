"""The YAML reader every reference and settings file goes through (warehouse/yaml_files.py)."""

from pathlib import Path

import pytest
import yaml

from warehouse.yaml_files import SAFE_LOADER, load_yaml

REFERENCE = Path(__file__).parents[2] / "warehouse" / "reference"


@pytest.mark.parametrize("path", sorted(REFERENCE.glob("*.yml")), ids=lambda p: p.name)
def test_reads_each_reviewed_file_as_pyyaml_does(path):
    text = path.read_text(encoding="utf-8")
    assert load_yaml(text) == yaml.safe_load(text)


def test_parses_with_libyaml_when_pyyaml_has_it():
    if not yaml.__with_libyaml__:
        pytest.skip("this PyYAML was built without libyaml")
    assert SAFE_LOADER is yaml.CSafeLoader


def test_refuses_python_objects():
    with pytest.raises(yaml.YAMLError):
        load_yaml("!!python/object/apply:os.system ['true']")


def test_reads_hindi_and_dates_as_data():
    data = load_yaml("name_hi: अंबाला\nfrom: 2020-04-01\nweight: 1.5\n")
    assert data["name_hi"] == "अंबाला"
    assert str(data["from"]) == "2020-04-01"
    assert data["weight"] == 1.5
