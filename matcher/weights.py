"""Weights of the pair-score components, with documented defaults and TOML loading.

A pair's score is the weighted mean of its components (each in [0, 1]):

========================  =======  ==============================================
component                 default  meaning
========================  =======  ==============================================
``complementarity``       0.75     what one needs, the other offers (either way)
``industry``              0.10     same SN2007/NACE class > group > division > section
``interests``             0.10     shared forms of cooperation (Jaccard overlap)
``proximity``             0.05     nearness of the municipalities
========================  =======  ==============================================

Weights are relative: they are divided by their sum, so ``{complementarity = 3,
industry = 1}`` means 75 % / 25 %. Set a weight to 0 to switch a component off.

Where weights come from (later overrides earlier): the defaults above, the
``[weights]`` table of ``speeddate.toml`` in the working directory (the project
config file), then a file given with ``--weights FILE`` (a ``[weights]`` table or
top-level keys).
"""

from __future__ import annotations

import dataclasses
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from profiles.errors import SpeeddateError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

#: Name of the project config file looked for in the working directory.
CONFIG_FILE = "speeddate.toml"


class WeightsError(SpeeddateError, ValueError):
    """A weights file or table cannot be used; the message says why."""


@dataclass(frozen=True)
class Weights:
    """Relative weights of the score components (see the module docstring).

    Examples
    --------
    >>> w = Weights(industry=0.0)
    >>> round(w.normalised()["complementarity"], 4)
    0.8333
    """

    complementarity: float = 0.75
    industry: float = 0.10
    interests: float = 0.10
    proximity: float = 0.05

    def __post_init__(self):
        for f in dataclasses.fields(self):
            v = getattr(self, f.name)
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not v >= 0 \
                    or v == float("inf"):
                raise WeightsError(f"weight {f.name!r} must be a number >= 0 (got {v!r})")
        if sum(self.as_dict().values()) <= 0:
            raise WeightsError("at least one weight must be above 0 (all were 0)")

    def as_dict(self) -> dict[str, float]:
        """The weights as given, by component name."""
        return {f.name: float(getattr(self, f.name)) for f in dataclasses.fields(self)}

    def normalised(self) -> dict[str, float]:
        """The weights divided by their sum (they add up to 1)."""
        d = self.as_dict()
        total = sum(d.values())
        return {k: v / total for k, v in d.items()}

    def replace(self, **changes: float) -> "Weights":
        """A copy with some weights changed."""
        return dataclasses.replace(self, **changes)


COMPONENTS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Weights))


def weights_from_mapping(data: Mapping[str, Any], base: Weights | None = None,
                         source: str = "weights") -> Weights:
    """Weights from a mapping of component name to number, over ``base``.

    Examples
    --------
    >>> weights_from_mapping({"industry": 0.5}).industry
    0.5
    """
    base = base or Weights()
    unknown = sorted(set(data) - set(COMPONENTS))
    if unknown:
        raise WeightsError(f"{source}: unknown weight(s) {', '.join(unknown)}; "
                           f"expected some of {', '.join(COMPONENTS)}")
    changes = {}
    for key, value in data.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise WeightsError(f"{source}: weight {key!r} must be a number >= 0 (got {value!r})")
        changes[key] = float(value)
    try:
        return base.replace(**changes)
    except WeightsError as exc:
        raise WeightsError(f"{source}: {exc}") from None


def _read_toml(path: Path) -> dict:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise WeightsError(f"cannot read weights file {str(path)!r}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise WeightsError(f"{str(path)!r} is not valid TOML: {exc}") from None


def load_weights(path: str | os.PathLike, base: Weights | None = None) -> Weights:
    """Read weights from a TOML file (a ``[weights]`` table, or top-level keys).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "w.toml"
    >>> _ = f.write_text("[weights]\\ncomplementarity = 1\\nproximity = 0\\n")
    >>> load_weights(f).proximity
    0.0
    """
    data = _read_toml(Path(path))
    table = data.get("weights", None)
    if table is None:
        table = {k: v for k, v in data.items() if not isinstance(v, dict)}
    if not isinstance(table, dict):
        raise WeightsError(f"{str(path)!r}: [weights] must be a table of numbers")
    return weights_from_mapping(table, base=base, source=str(path))


def resolve_weights(path: str | os.PathLike | None = None,
                    config_dir: str | os.PathLike | None = ".") -> Weights:
    """Defaults, then ``speeddate.toml`` ``[weights]`` in ``config_dir``, then ``path``.

    Parameters
    ----------
    path : path or None
        A weights file given by the user (``--weights``).
    config_dir : path or None
        Folder holding the project config file; ``None`` to ignore it.
    """
    weights = Weights()
    if config_dir is not None:
        cfg = Path(config_dir) / CONFIG_FILE
        if cfg.is_file():
            table = _read_toml(cfg).get("weights")
            if table is not None:
                if not isinstance(table, dict):
                    raise WeightsError(f"{str(cfg)!r}: [weights] must be a table of numbers")
                weights = weights_from_mapping(table, base=weights, source=str(cfg))
    if path is not None:
        weights = load_weights(path, base=weights)
    return weights
