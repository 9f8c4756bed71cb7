"""One colour scale for a figure per commune, shared by the ranked bars and the map so both read alike."""

import math
from dataclasses import dataclass

from nq57 import fmt

# Yellow-green-blue, light to dark (ColorBrewer YlGnBu without its palest step, which a projector washes out).
COLOURS = [[199, 233, 180], [127, 205, 187], [65, 182, 196], [29, 145, 192], [34, 94, 168], [12, 44, 132]]
NO_DATA = [189, 189, 189]  # neutral grey: no figure for the period
NICE_STEPS = (1, 2, 2.5, 5, 10)


def hex_colour(rgb: list[int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb[:3])


@dataclass(frozen=True)
class Scale:
    """Equal classes [edges[i], edges[i+1]) with a colour each; the last class includes its upper edge."""

    edges: tuple[float, ...]
    measure: str

    @property
    def colours(self) -> list[list[int]]:
        return COLOURS[: len(self.edges) - 1]

    def colour(self, value: float | None) -> list[int]:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return NO_DATA
        for i in range(len(self.edges) - 1):
            if value < self.edges[i + 1]:
                return COLOURS[i]
        return COLOURS[len(self.edges) - 2]

    def labels(self) -> list[str]:
        """'20–30%' per class, in the indicator's own format."""
        return [
            f"{fmt.number(a)}–{fmt.measure(b, self.measure)}"
            for a, b in zip(self.edges[:-1], self.edges[1:], strict=True)
        ]


def _steps(span: float):
    """Round steps from fine to coarse: 1, 2, 2.5, 5 times a power of ten."""
    power = 10 ** (math.floor(math.log10(span)) - 2)
    while True:
        for s in NICE_STEPS[:-1]:
            yield s * power
        power *= 10


def classes(values, measure: str, max_classes: int = len(COLOURS)) -> Scale:
    """The finest round-numbered equal classes covering the values, at most six: 10–20%, 20–30%, …"""
    known = [float(v) for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))]
    if not known:
        return Scale((0.0, 1.0), measure)
    low, high = min(known), max(known)
    if high == low:
        high = low + 1
    for step in _steps(high - low):
        start = math.floor(low / step + 1e-9) * step
        count = max(1, math.ceil((high - start) / step - 1e-9))
        if count <= max_classes:
            return Scale(tuple(round(start + i * step, 6) for i in range(count + 1)), measure)
    raise AssertionError("unreachable")
