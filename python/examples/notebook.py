# %% [markdown]
# # veto_sim in a notebook
#
# The README's main figures from Python: the default run, a replay summary, and a sweep
# drawn as a chart (with matplotlib, if it is installed). Each `# %%` cell runs in Jupyter,
# VS Code or Spyder; the whole file runs as a script from the repository's root:
#
#     python python/examples/notebook.py
#
# Trials are kept small so that it runs in about a minute; drop them for the README's figures.

# %%
import tempfile

import veto_sim

# %% [markdown]
# ## The default run
# The Council of 2026 and the drafts vetoed since 2011 under six rules: per rule, the expected
# number of those drafts adopted; then each draft's probability of adoption under each rule.

# %%
run = veto_sim.run(trials=20_000)
print(run.meta)
print(sorted(run.tables))  # the CSV's sections: today (the drafts) and history (refugees)
today = run.tables["today"]
print(today[today["table"] == "totals"].dropna(axis="columns", how="all").to_string(index=False))
print(run)  # the table `veto-sim run --trials 20000` prints

# %% [markdown]
# ## History replayed
# The recorded drafts since 2011 under two rules, summed by decade.

# %%
replay = veto_sim.replay(reforms=["present", "abolish-veto", "two-negatives"], since="2011",
                         trials=2_000, by=["totals", "decade"])
print(replay)

# %% [markdown]
# ## A sweep, charted
# Restraint pledges at varying compliance: the drafts adopted per cell.

# %%
out = tempfile.mkdtemp(prefix="veto-sim-sweep-")
cells = veto_sim.sweep("restraint-compliance", out, trials=2_000)
print(cells.head().to_string(index=False))
try:
    import matplotlib

    matplotlib.use("Agg")  # a file, also where no display is
    import matplotlib.pyplot as plt
except ImportError:
    print("matplotlib is not installed: no chart (pip install matplotlib)")
else:
    axis = cells.attrs["manifest"]["axes"][0]["field"]
    fig, ax = plt.subplots(figsize=(6, 4))
    for column in (c for c in cells.columns if c.startswith("expected_adopted[")):
        ax.plot(cells[axis], cells[column], marker="o", label=column[len("expected_adopted["):-1])
    ax.set_xlabel(axis)
    ax.set_ylabel("drafts adopted (expected)")
    ax.legend()
    fig.savefig(f"{out}/sweep.svg")
    print(f"chart: {out}/sweep.svg")
