"""Picture of the affinity network coloured by cluster (matplotlib, optional extra ``plot``).

Small networks are drawn company by company (force-directed layout, seeded);
large ones as the graph of clusters, one disc per cluster sized by its members.
"""

from __future__ import annotations

from typing import Any

import numpy as np

#: Colours of clusters 1, 2, ... (colour-blind friendly, Okabe-Ito + extras).
PALETTE: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
                            "#F0E442", "#332288", "#882255", "#44AA99", "#999933", "#AA4499")
#: Colour of the companies with no good fit.
UNCLUSTERED_COLOUR = "#BBBBBB"


def cluster_colour(number: int | None) -> str:
    """Colour of cluster ``number`` (1-based); grey for None (unclustered).

    Examples
    --------
    >>> cluster_colour(1), cluster_colour(None)
    ('#0072B2', '#BBBBBB')
    """
    if number is None or number < 1:
        return UNCLUSTERED_COLOUR
    return PALETTE[(number - 1) % len(PALETTE)]


def layout(result: Any, seed: int | None = None, iterations: int = 60) -> np.ndarray:
    """N×2 positions of the companies: weighted force-directed layout, seeded.

    Fruchterman-Reingold on dense numpy arrays (fine up to a few thousand
    companies): ties pull companies together in proportion to their score,
    every pair pushes apart.
    """
    adjacency = result.adjacency
    n = adjacency.shape[0]
    rng = np.random.default_rng(result.seed if seed is None else seed)
    pos = rng.uniform(-1.0, 1.0, size=(n, 2))
    if n < 2:
        return pos
    weight = adjacency.toarray()
    top = weight.max()
    if top > 0:
        weight = weight / top
    k = 1.0 / np.sqrt(n)
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.sqrt((delta ** 2).sum(axis=-1))
        np.clip(dist, 0.01, None, out=dist)
        force = k * k / dist ** 2 - weight * dist / k
        disp = np.einsum("ijk,ij->ik", delta, force)
        length = np.sqrt((disp ** 2).sum(axis=-1))
        np.clip(length, 0.01, None, out=length)
        pos += disp * (temperature / length)[:, None]
        temperature -= cooling
    return pos


def draw_network(result: Any, ax: Any = None, max_nodes: int = 600, labels: bool = True,
                 legend: bool = True) -> Any:
    """Draw ``result``'s network on a matplotlib ``ax`` and return the axes.

    Companies are discs coloured by cluster (grey: no good fit), edges are the
    affinity graph's ties (darker = stronger); bridge companies get a black ring.
    """
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(8, 6))
    n = len(result.ids)
    if n > max_nodes:
        return _draw_cluster_graph(result, ax, legend)
    pos = layout(result)
    coo = result.adjacency.tocoo()
    mask = coo.row < coo.col
    if mask.any():
        from matplotlib.collections import LineCollection

        segments = np.stack([pos[coo.row[mask]], pos[coo.col[mask]]], axis=1)
        weight = coo.data[mask]
        top = weight.max() if weight.max() > 0 else 1.0
        lines = LineCollection(segments, colors=[(0.3, 0.3, 0.3, 0.08 + 0.5 * w / top)
                                                 for w in weight], linewidths=0.6, zorder=1)
        ax.add_collection(lines)
    colours = [cluster_colour(int(label) + 1 if label >= 0 else None) for label in result.labels]
    bridge_ids = {b["id"] for b in result.bridges}
    edge = ["black" if i in bridge_ids else "white" for i in result.ids]
    strength = np.asarray(result.adjacency.sum(axis=1)).ravel()
    size = 30 + 120 * strength / (strength.max() if strength.max() > 0 else 1.0)
    ax.scatter(pos[:, 0], pos[:, 1], s=size, c=colours, edgecolors=edge, linewidths=1.0,
               zorder=2)
    if labels and n <= 120:
        names = {p.id: p.name for p in result.profiles}
        for (x, y), cid in zip(pos, result.ids):
            ax.annotate(_short(names.get(cid, cid)), (x, y), fontsize=5, ha="center",
                        va="bottom", xytext=(0, 3), textcoords="offset points", zorder=3)
    if legend:
        _legend(result, ax)
    ax.set_axis_off()
    ax.margins(0.05)
    return ax


def _short(name: str, width: int = 22) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"


def _legend(result: Any, ax: Any) -> None:
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], marker="o", linestyle="", markersize=7,
                      markerfacecolor=cluster_colour(c.number), markeredgecolor="white",
                      label=f"{c.number}: {_short(c.name, 40)}") for c in result.clusters]
    if result.unclustered:
        handles.append(Line2D([], [], marker="o", linestyle="", markersize=7,
                              markerfacecolor=UNCLUSTERED_COLOUR, markeredgecolor="white",
                              label="–"))
    if handles:
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7,
                  frameon=False)


def _draw_cluster_graph(result: Any, ax: Any, legend: bool) -> Any:
    """One disc per cluster, lines by the total tie weight between clusters."""
    import scipy.sparse as sp

    c = len(result.clusters)
    if c == 0:
        ax.set_axis_off()
        return ax
    inside = np.flatnonzero(result.labels >= 0)
    onehot = sp.csr_matrix((np.ones(len(inside)), (inside, result.labels[inside])),
                           shape=(len(result.labels), c))
    between = np.asarray((onehot.T @ result.adjacency @ onehot).todense())
    angle = np.linspace(0, 2 * np.pi, c, endpoint=False)
    pos = np.column_stack([np.cos(angle), np.sin(angle)])
    ii, jj = np.triu_indices(c, 1)
    weight = between[ii, jj]
    keep = weight > 0
    if keep.any():
        from matplotlib.collections import LineCollection

        ii, jj, weight = ii[keep], jj[keep], weight[keep] / weight[keep].max()
        ax.add_collection(LineCollection(
            np.stack([pos[ii], pos[jj]], axis=1),
            colors=[(0.4, 0.4, 0.4, 0.15 + 0.7 * w) for w in weight],
            linewidths=0.5 + 4 * weight, zorder=1))
    sizes = np.array([len(cl.members) for cl in result.clusters], dtype=float)
    ax.scatter(pos[:, 0], pos[:, 1], s=300 + 2500 * sizes / sizes.max(),
               c=[cluster_colour(cl.number) for cl in result.clusters], zorder=2)
    for (x, y), cl in zip(pos, result.clusters):
        ax.annotate(f"{cl.number} ({len(cl.members)})", (x, y), ha="center", va="center",
                    fontsize=8, color="white", zorder=3)
    if legend:
        _legend(result, ax)
    ax.set_axis_off()
    ax.margins(0.2)
    return ax
