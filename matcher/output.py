"""Safe writing of outputs: atomic files and folders, never overwriting without force.

Every command that writes goes through these helpers, so a failure half way
leaves nothing half-written behind, and an existing output is only replaced
when the user said ``--force``.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import unicodedata
from pathlib import Path
from typing import Iterator

from profiles.errors import OutputError


def check_target(path: str | os.PathLike, force: bool = False) -> Path:
    """Refuse an existing ``path`` unless ``force``; return it as a Path."""
    target = Path(path)
    if target.exists() and not force:
        kind = "folder" if target.is_dir() else "file"
        raise OutputError(
            f"The {kind} {str(target)!r} already exists; use --force to overwrite it "
            "or choose another --out."
        )
    return target


def write_bytes_atomic(path: str | os.PathLike, data: bytes, force: bool = False) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> write_text_atomic(d / "a.txt", "hei").read_text()
    'hei'
    """
    target = check_target(path, force)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return target


def write_text_atomic(path: str | os.PathLike, text: str, force: bool = False,
                      encoding: str = "utf-8") -> Path:
    """Write ``text`` atomically; see :func:`write_bytes_atomic`."""
    return write_bytes_atomic(path, text.encode(encoding), force=force)


@contextlib.contextmanager
def staged_dir(path: str | os.PathLike, force: bool = False) -> Iterator[Path]:
    """Build an output folder in a staging folder, then move it into place.

    Yields the staging folder; write every file into it. When the block ends
    without error the staging folder replaces ``path`` (an existing ``path``
    only with ``force``); on error it is removed and ``path`` is untouched.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "out"
    >>> with staged_dir(out) as tmp:
    ...     _ = (tmp / "x.txt").write_text("ok")
    >>> (out / "x.txt").read_text()
    'ok'
    """
    target = check_target(path, force)
    if target.exists() and not target.is_dir():
        raise OutputError(f"{str(target)!r} is a file, not a folder; choose another --out.")
    target.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        yield stage
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
        os.rmdir(old)
        os.replace(target, old)
    try:
        os.replace(stage, target)
    except BaseException:
        if old is not None:
            os.replace(old, target)
        shutil.rmtree(stage, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def slugify(text: str, max_length: int = 60) -> str:
    """ASCII slug of ``text`` for ids and file names (æ→ae, ø→o, å→a).

    Examples
    --------
    >>> slugify("Kviteseid Mek. Verkstad AS")
    'kviteseid-mek-verkstad-as'
    >>> slugify("Sørlandet Ærlige Ål")
    'sorlandet-aerlige-al'
    >>> slugify("../../etc/passwd")
    'etc-passwd'
    """
    table = str.maketrans({"æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "å": "a", "Å": "A",
                           "ß": "ss"})
    text = unicodedata.normalize("NFKD", text.translate(table))
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text[:max_length].strip("-")


def safe_filename(name: str, taken: set[str], suffix: str = "") -> str:
    """A file name from ``name`` that cannot leave its folder and is not in ``taken``.

    The chosen name (without suffix) is added to ``taken``.

    Examples
    --------
    >>> taken = set()
    >>> safe_filename("A/S Bygg", taken, ".pdf"), safe_filename("A S Bygg", taken, ".pdf")
    ('a-s-bygg.pdf', 'a-s-bygg-2.pdf')
    """
    base = slugify(name) or "company"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate + suffix
