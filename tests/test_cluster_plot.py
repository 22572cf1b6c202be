"""Tests of matcher.cluster_plot: colours, seeded layout, company and cluster pictures."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.cluster_plot import PALETTE, UNCLUSTERED_COLOUR, cluster_colour, draw_network, layout
from matcher.clusters import find_clusters
from profiles.model import Profile

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
from matplotlib.figure import Figure  # noqa: E402


def two_groups(n_each=5, lonely=True):
    n = 2 * n_each
    s = np.full((n, n), 0.02)
    s[:n_each, :n_each] = s[n_each:, n_each:] = 0.8
    np.fill_diagonal(s, 0)
    profiles = [Profile(id=f"c{i}", name=f"Firma {i}") for i in range(n)]
    if lonely:
        s = np.pad(s, ((0, 1), (0, 1)))
        profiles.append(Profile(id="alone", name="Aleine AS"))
    return find_clusters(profiles, s, runs=2, scan_k=False)


def test_colours_cycle_and_grey_for_unclustered():
    assert cluster_colour(1) == PALETTE[0]
    assert cluster_colour(len(PALETTE) + 1) == PALETTE[0]
    assert cluster_colour(None) == cluster_colour(0) == UNCLUSTERED_COLOUR


def test_layout_is_seeded_and_pulls_ties_together():
    result = two_groups()
    a, b = layout(result), layout(result)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, layout(result, seed=99))
    inside = np.linalg.norm(a[0] - a[1])
    across = np.linalg.norm(a[0] - a[6])
    assert inside < across


def test_draw_companies_with_colours_and_legend():
    result = two_groups()
    ax = Figure().add_subplot(1, 1, 1)
    draw_network(result, ax=ax)
    points = ax.collections[-1]
    colours = {tuple(np.round(c, 3)) for c in points.get_facecolors()}
    assert len(colours) == 3  # two clusters and the grey unclustered company
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[0].startswith("1: ") and len(labels) == 3


def test_large_networks_are_drawn_as_clusters():
    result = two_groups(lonely=False)
    ax = Figure().add_subplot(1, 1, 1)
    draw_network(result, ax=ax, max_nodes=4)
    discs = ax.collections[-1]
    assert len(discs.get_offsets()) == len(result.clusters)
    assert {t.get_text() for t in ax.texts} == {"1 (5)", "2 (5)"}


def test_doctests():
    import doctest

    import matcher.cluster_plot

    assert doctest.testmod(matcher.cluster_plot).failed == 0
