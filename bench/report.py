"""bench/results.json → bench/RESULTS.md (tables, targets, plans) and bench/results.png (the chart)."""

import json
import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = Path(os.environ.get("BENCH_OUT", ROOT / "bench"))
RAW = OUT / "results.json"
REPORT = OUT / "RESULTS.md"
CHART = OUT / "results.png"
# Issue 27's targets for every read endpoint: pazar ÷ floor and the p95's growth with the data.
FLOOR_SHARE_TARGET = 0.6
P95_GROWTH_TARGET = 1.5
RSS_TARGET_MB = 200
NOTES = ROOT / "bench" / "NOTES.md"


def ratio(a, b):
    return round(a / b, 2) if a and b else None


def fmt(value, suffix=""):
    return "–" if value is None else f"{value}{suffix}"


def fmt_pair(first, second):
    return "–" if first is None and second is None else f"{fmt(first)} / {fmt(second)}"


def verdict(ok):
    return "–" if ok is None else ("met" if ok else "**not met**")


def main() -> None:
    raw = json.loads(RAW.read_text())
    runs = raw["runs"]
    scales = list(runs)
    names = list(next(iter(runs.values()))["endpoints"])
    m = raw["machine"]
    lines = [
        "# Benchmark: pazar against a raw-SQL floor",
        "",
        f"Command: `{raw['command']}` (bench/run.py), run on {raw['when']}. Machine: {m['cpus']} cores "
        f"({m['cpu']}), {m['memory_gb']} GB, PostgreSQL {m['postgresql']}. gunicorn with gunicorn.conf.py, "
        f"{raw['workers']} sync workers, `DEBUG=0`, Redis for cache and throttles; the floor "
        "(bench/floor.py: psycopg + orjson, no framework, the same JSON byte for byte) under the same "
        f"gunicorn settings. Each endpoint: {raw['concurrency']} concurrent connections for "
        f"{raw['seconds']:g} s on each server after a warm-up, from an asyncio client on the same machine "
        "(one new connection per request, as gunicorn's sync workers close them); both scales' pazar and "
        f"floor servers run side by side and get those seconds in {raw.get('rounds', 1)} alternating slices, "
        "so a slowdown of the shared machine falls on all of them alike. The client shares the two "
        "cores with the servers and PostgreSQL: read the ratios, not the absolute numbers.",
        "",
        "A list marked *revalidated* sends each target the ETag pazar gave it and counts only 304s: its "
        "pazar ÷ floor is 304s per second ÷ the floor's full pages per second (the floor has no ETags; "
        "docs/performance.md, Revalidation).",
        "",
    ]
    for scale in scales:
        sizes = runs[scale]["meta"].get("sizes", {})
        load = runs[scale]["meta"].get("load_seconds")
        size = runs[scale]["meta"].get("database_bytes")
        lines.append(
            f"- **{scale}**: "
            + ", ".join(f"{v:,} {k}" for k, v in sizes.items())
            + (f" (`manage.py bench_data --scale {scale}`: {load} s)" if load else "")
            + (f"; database {size / 2**30:.1f} GiB" if size else "")
        )
    lines.append("")

    for scale in scales:
        eps = runs[scale]["endpoints"]
        lines += [
            f"## {scale.capitalize()} scale",
            "",
            "| endpoint | queries (page sizes) | in process ms, pazar / floor | pazar req/s | floor req/s "
            "| pazar ÷ floor | pazar p50 / p95 / p99 ms | floor p95 ms | non-2xx |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for name in names:
            e = eps[name]
            p, f = e.get("pazar") or {}, e.get("floor") or {}
            queries = e.get("queries") or {}
            qtext = " / ".join(f"{v} ({k})" for k, v in queries.items()) if queries else "–"
            bad = {k: v for k, v in p.get("statuses", {}).items() if not k.startswith("2") and k != "304"}
            lines.append(
                f"| {name} | {qtext} | {fmt_pair(e.get('in_process_ms'), e.get('floor_in_process_ms'))} | "
                f"{fmt(p.get('rps'))} | {fmt(f.get('rps'))} | "
                f"{fmt(ratio(p.get('rps'), f.get('rps')))} | {fmt(p.get('p50_ms'))} / {fmt(p.get('p95_ms'))} / "
                f"{fmt(p.get('p99_ms'))} | {fmt(f.get('p95_ms'))} | {bad or '–'} |"
            )
        rss = runs[scale]["peak_worker_rss_mb"]
        lines += ["", f"Peak resident memory of one worker: pazar {rss['pazar']} MB, floor {rss['floor']} MB.", ""]

    lines += ["## Targets", ""]
    if len(scales) >= 2:
        small, large = scales[0], scales[-1]
        lines += [
            f"Every read endpoint: pazar at least {FLOOR_SHARE_TARGET} of the floor's requests per second at "
            f"{large} scale, its p95 at {large} at most {P95_GROWTH_TARGET} times that at {small} (issue 27), "
            "and the same number of queries whatever the page size.",
            "",
            f"| endpoint | pazar ÷ floor req/s ({large}) | ≥ {FLOOR_SHARE_TARGET} | p95 {large} ÷ {small} | "
            f"≤ {P95_GROWTH_TARGET} | queries constant in page size |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for name in names:
            s, lg = runs[small]["endpoints"][name], runs[large]["endpoints"][name]
            share = ratio((lg.get("pazar") or {}).get("rps"), (lg.get("floor") or {}).get("rps"))
            growth = ratio((lg.get("pazar") or {}).get("p95_ms"), (s.get("pazar") or {}).get("p95_ms"))
            qs = [set((r["endpoints"][name].get("queries") or {}).values()) for r in runs.values()]
            constant = None if not any(qs) else all(len(q) <= 1 for q in qs)
            lines.append(
                f"| {name} | {fmt(share)} | {verdict(None if share is None else share >= FLOOR_SHARE_TARGET)} | "
                f"{fmt(growth)} | {verdict(None if growth is None else growth <= P95_GROWTH_TARGET)} | "
                f"{verdict(constant)} |"
            )
        peak = max(r["peak_worker_rss_mb"]["pazar"] for r in runs.values())
        lines += [
            "",
            f"Worker memory: peak {peak} MB, target < {RSS_TARGET_MB} MB: {verdict(peak < RSS_TARGET_MB)}.",
            "",
        ]
    if NOTES.exists():
        lines += [NOTES.read_text().strip(), ""]

    lines += [
        "## Query plans",
        "",
        "Every SELECT on a large table, run under `EXPLAIN ANALYZE` at the largest scale.",
        "",
    ]
    plans = runs[scales[-1]]["plans"]
    for name, entries in plans.items():
        seq = sorted({t for e in entries for t in e["seq_scans"]})
        lines += [
            f"<details><summary>{name}: {len(entries)} queries, "
            f"{'sequential scans of ' + ', '.join(seq) if seq else 'no sequential scan of a large table'}"
            "</summary>",
            "",
        ]
        for e in entries:
            lines += ["```sql", e["sql"][:1500], "```", "```", e["plan"], "```", ""]
        lines += ["</details>", ""]
    lines += ["![throughput and p95 per endpoint](results.png)", ""]
    REPORT.write_text("\n".join(lines))
    chart(raw, scales, names)


def chart(raw, scales, names) -> None:
    runs = raw["runs"]
    fig, axes = plt.subplots(1, 2, figsize=(15, 6))
    width = 0.8 / (2 * len(scales))
    xs = range(len(names))
    series = [(scale, who) for scale in scales for who in ("pazar", "floor")]
    for i, (scale, who) in enumerate(series):
        rps = [((runs[scale]["endpoints"][n].get(who) or {}).get("rps") or 0) for n in names]
        p95 = [((runs[scale]["endpoints"][n].get(who) or {}).get("p95_ms") or 0) for n in names]
        offset = [x - 0.4 + width * (i + 0.5) for x in xs]
        hatch = "//" if who == "floor" else None
        axes[0].bar(offset, rps, width, label=f"{who} ({scale})", hatch=hatch)
        axes[1].bar(offset, p95, width, label=f"{who} ({scale})", hatch=hatch)
    for ax, title in zip(
        axes, ("requests per second (higher is better)", "p95 latency, ms (lower is better)"), strict=True
    ):
        ax.set_title(title)
        ax.set_xticks(list(xs))
        ax.set_xticklabels(names, rotation=30, ha="right", fontsize=8)
        ax.legend(fontsize=8)
        ax.grid(axis="y", alpha=0.3)
    axes[1].set_yscale("log")
    fig.suptitle(f"pazar vs floor, {raw['concurrency']} connections, {raw['when']}")
    fig.tight_layout()
    fig.savefig(CHART, dpi=110)


if __name__ == "__main__":
    main()
