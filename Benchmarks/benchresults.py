"""The machine-readable side of a benchmark (its `--results FILE`), for `make bench`.

One JSON object a line; Benchmarks/report.py reads the files and describes the format. The Swift
benchmarks write the same lines through BenchSupport's ResultsFile.
"""
import json
import math
import os


def _number(value):
    """A finite number as a float, anything else (NaN, infinity, None) as None."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


class Results:
    def __init__(self, bench):
        self.bench = bench
        self.lines = []

    def meta(self, **fields):
        """What the run was: build, args, about (one line), notes (a list of lines)."""
        self.lines.append({"bench": self.bench, "meta": fields})

    def add(self, measure, ours, unit, better, peer=None, peer_value=None, goal=None, goal_value=None,
            goal_of="ours"):
        """One figure of ours, with the peer's and the goal when it has them. `better` is "lower" or
        "higher"; `goal_of` says whether the goal is on our figure or on the ratio ours / peer."""
        assert better in ("lower", "higher") and goal_of in ("ours", "ratio")
        line = {"bench": self.bench, "measure": measure, "ours": _number(ours), "unit": unit, "better": better}
        if peer is not None:
            line["peer"] = peer
            line["peer_value"] = _number(peer_value)
        if goal is not None:
            line["goal"] = goal
        if goal_value is not None:
            line["goal_value"] = _number(goal_value)
            line["goal_of"] = goal_of
        self.lines.append(line)

    def write(self, path):
        """Writes the lines to `path` at once (a temporary file renamed), so that a run that fails
        midway leaves no half a file."""
        directory = os.path.dirname(os.path.abspath(path))
        os.makedirs(directory, exist_ok=True)
        temporary = path + ".tmp"
        with open(temporary, "w", encoding="utf-8") as f:
            for line in self.lines:
                f.write(json.dumps(line, ensure_ascii=False, allow_nan=False) + "\n")
        os.replace(temporary, path)
