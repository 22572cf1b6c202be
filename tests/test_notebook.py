"""The project leader's notebook runs headless without error (nbclient, kernel of this Python)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "explore_clusters.ipynb"


def test_notebook_is_stored_without_outputs():
    data = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    for cell in data["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


@pytest.mark.slow
def test_notebook_runs(tmp_path, monkeypatch):
    from jupyter_client.kernelspec import KernelSpecManager

    nb = nbformat.read(NOTEBOOK, as_version=4)
    # run with this interpreter (the project's venv), whatever kernels are installed
    spec_dir = tmp_path / "kernels" / "speeddate-test"
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "speeddate test", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="speeddate-test",
                                     kernel_manager_class="jupyter_client.manager.KernelManager",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.kernel_spec_manager = KernelSpecManager()
    client.execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors
    texts = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    assert "clusters;" in texts and "k=5" in texts and "suggested k:" in texts
