"""Rich tables for `parley events` on a terminal."""

from __future__ import annotations

from typing import IO, Any

from rich.console import Console
from rich.table import Table

_BARS = " ▁▂▃▄▅▆▇█"


def _console(out: IO[str]) -> Console:
    return Console(file=out, width=None if out.isatty() else 160, highlight=False)


def _join(values: Any) -> str:
    return "+".join(values or []) or "—"


def print_rows(query: Any, out: IO[str], *, fused: bool, total: int) -> None:
    """One row per event (or fused event), with a footer saying how many matched."""
    t = Table(show_lines=False, header_style="bold")
    n = 0
    if fused:
        for col in ("date", "source", "target", "with", "code", "action", "ment.", "art.", "outlets", "conf."):
            t.add_column(col, justify="right" if col in ("ment.", "art.", "outlets", "conf.") else "left")
        for r in query.rows():
            t.add_row(str(r["day"] or r["date"] or "—"), _join(r["source"]), _join(r["target"]),
                      ", ".join(r["participants"] or []), r["cameo_code"],
                      f"{r['cameo_label']} ({r['plover_type'].lower()})" + ("" if r["modality"] == "asserted"
                                                                           else f" [{r['modality']}]"),
                      str(r["num_mentions"]), str(r["num_articles"]), str(r["num_outlets"]),
                      f"{r['confidence']:.2f}")
            n += 1
    else:
        for col in ("date", "source", "target", "code", "type", "outlet", "sentence"):
            t.add_column(col, overflow="fold" if col == "sentence" else "ellipsis",
                         max_width=70 if col == "sentence" else None)
        for r in query.rows():
            mark = " (not)" if r["negated"] else ("" if r["certainty"] in ("asserted", "reported")
                                                  else f" ({r['certainty']})")
            t.add_row(str(r["day"] or "—"), _join(r["source_codes"]), _join(r["target_codes"]),
                      r["cameo_code"], r["plover_type"] + mark, r["outlet"] or "—", r["sentence"])
            n += 1
    console = _console(out)
    console.print(t)
    kind = "fused events" if fused else "event mentions"
    more = " (use --limit/--offset for more)" if total > n else ""
    console.print(f"{n} of {total} {kind}{more}")


def _dyad(label: str) -> str:
    """A side without countries shows as — ('RUS:—'); the colon form is what --dyad takes."""
    src, _, tgt = label.partition(":")
    return f"{src or '—'}:{tgt or '—'}"


def _spark(values: list[float], lo: float = -10.0, hi: float = 10.0) -> str:
    return "".join(_BARS[max(0, min(8, round((v - lo) / (hi - lo) * 8)))] for v in values)


def _g(value: float | None, digits: int = 1) -> str:
    """A signed Goldstein figure; '—' when every event of the row was negated (no act to score)."""
    return "—" if value is None else f"{float(value):+.{digits}f}"


def print_summary(data: dict[str, Any], out: IO[str]) -> None:
    """Counts by dyad, type and period, and a Goldstein sparkline per dyad (−10 conflict … +10 cooperation)."""
    console = _console(out)
    kind = "fused events" if data["fused"] else "event mentions"
    console.print(f"[bold]{data['events']} {kind}[/bold], {data['first'] or '—'} to {data['last'] or '—'}")
    t = Table(title="by dyad", header_style="bold")
    for col in ("dyad", "events", "coop. verbal", "coop. material", "conf. verbal", "conf. material", "Goldstein"):
        t.add_column(col, justify="left" if col == "dyad" else "right")
    for r in data["by_dyad"]:
        t.add_row(_dyad(r["dyad"]), str(r["events"]), str(r["quad1"]), str(r["quad2"]), str(r["quad3"]),
                  str(r["quad4"]), _g(r["goldstein_mean"]))
    console.print(t)
    t = Table(title="by type", header_style="bold")
    for col in ("root", "PLOVER", "events", "Goldstein"):
        t.add_column(col, justify="right" if col in ("events", "Goldstein") else "left")
    for r in data["by_type"]:
        t.add_row(r["root"], r["plover_type"], str(r["events"]), _g(r["goldstein_mean"]))
    console.print(t)
    t = Table(title="by period", header_style="bold")
    for col in ("period", "events", "Goldstein mean", "Goldstein sum"):
        t.add_column(col, justify="left" if col == "period" else "right")
    for r in data["by_period"]:
        t.add_row(str(r["period"]), str(r["events"]), _g(r["goldstein_mean"], 2), _g(r["goldstein_sum"]))
    console.print(t)
    series: dict[str, list[dict[str, Any]]] = {}
    for r in data["dyad_series"]:
        series.setdefault(r["dyad"], []).append(r)
    t = Table(title="cooperation–conflict (Goldstein) series per dyad", header_style="bold")
    for col in ("dyad", "from", "to", "periods", "series (−10 … +10)", "mean"):
        t.add_column(col)
    for dyad, rs in series.items():
        vals = [float(r["goldstein_mean"]) for r in rs if r["goldstein_mean"] is not None]
        t.add_row(_dyad(dyad), str(rs[0]["period"]), str(rs[-1]["period"]), str(len(rs)), _spark(vals),
                  _g(sum(vals) / len(vals) if vals else None))
    console.print(t)
