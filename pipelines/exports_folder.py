"""Is there anything to load? The exports folder checked before a refresh reads a byte.

An operator who points the refresh at the wrong folder, or drops exports beside the source
folders instead of inside them, must hear about it at once: a refresh that loads nothing and
publishes an empty snapshot would replace the dashboard's figures with "No data". So a refresh
refuses, with one line naming the folder and what was expected, when the folder is missing,
when an export lies outside the source folders, or when no source folder holds any export.
"""

from __future__ import annotations

from pathlib import Path

from pipelines.load.manifest import (
    EXPORT_SUFFIXES,
    SETTLE_VARIABLE,
    discover,
    settle_seconds,
)
from warehouse.sources import SOURCES


class NothingToLoadError(RuntimeError):
    """The exports folder cannot be loaded as it is (one line, says what to do)."""


def _is_export(path: Path) -> bool:
    return (
        path.suffix.lower() in EXPORT_SUFFIXES
        and not path.name.startswith((".", "~$"))
        and path.is_file()
    )


def _misfiled(exports: Path) -> list[Path]:
    """Export files outside `<exports>/<source>/`: at the top level or in unknown folders."""
    out = []
    for entry in sorted(exports.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_dir() and entry.name in SOURCES:
            continue
        if entry.is_dir():
            out.extend(p for p in sorted(entry.rglob("*")) if _is_export(p))
        elif _is_export(entry):
            out.append(entry)
    return out


def arriving_files(exports: Path) -> list[str]:
    """Files left for a later run because they changed within the settle time.

    Each source folder is listed twice, with and without the settle time, however many
    files it holds: listing it again for every file it holds took 61 s over a year of daily
    exports (3,650 files), on every `jansewa refresh` and in every publish step.
    """
    arriving = []
    for source in SOURCES.values():
        every = discover(exports, source, settle=0)
        settled = {f.relative for f in discover(exports, source)}
        arriving += [f.relative for f in every if f.relative not in settled]
    return arriving


def check_exports_folder(exports: Path) -> int:
    """The number of export files found; raises NothingToLoadError when nothing can be loaded.

    Refuses a missing folder, any export file outside the source folders (it would be
    silently ignored), and a folder whose source folders hold no export at all.
    """
    exports = Path(exports)
    expected = f"{exports}/<source>/*.csv|xlsx, <source> one of: {', '.join(SOURCES)}"
    if not exports.is_dir():
        raise NothingToLoadError(f"exports folder {exports} does not exist: expected {expected}")
    misfiled = _misfiled(exports)
    if misfiled:
        shown = ", ".join(p.relative_to(exports).as_posix() for p in misfiled[:3])
        more = f" and {len(misfiled) - 3} more" if len(misfiled) > 3 else ""
        raise NothingToLoadError(
            f"{len(misfiled)} export file(s) in {exports} lie outside the source folders "
            f"({shown}{more}): move each into the folder of its source, {expected}"
        )
    found = sum(len(discover(exports, source)) for source in SOURCES.values())
    if found:
        return found
    arriving = arriving_files(exports)  # only asked when nothing has settled
    if arriving:
        raise NothingToLoadError(
            f"the {len(arriving)} export file(s) in {exports} changed less than "
            f"{settle_seconds():g} s ago and may still be being copied in ({arriving[0]}…): "
            f"nothing loaded; try again once they are complete ({SETTLE_VARIABLE})"
        )
    raise NothingToLoadError(
        f"no export files in {exports}: nothing to load, the published snapshot is left "
        f"as it was; expected {expected}"
    )
