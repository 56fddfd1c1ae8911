#!/usr/bin/env python3
"""Scores ftfy 6.3 (and optionally inkpost) on the text-repair fixtures.

    python3 bench/text_repair/compare_ftfy.py [INKPOST_OUTPUTS]

Creates a virtualenv in /tmp (once), installs ftfy==6.3.* from PyPI into it,
runs `ftfy.fix_encoding` over tests/fixtures/text_repair/garbled.tsv and
clean.txt, and prints a Markdown table: garbled lines repaired exactly, and
clean lines left unchanged.

INKPOST_OUTPUTS, if given, is a file with inkpost's output for every fixture
input, one per line in the same order: the garbled.tsv data lines (comments
skipped) first, then the clean.txt lines. Lines use garbled.tsv's escapes
(\\\\ \\t \\n \\r and \\xHH for C0/C1 controls). Its scores are printed in the
same table. See README.md for how to produce the file.
"""

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "text_repair"
VENV = Path("/tmp/inkpost-ftfy-venv")
FTFY = "ftfy==6.3.*"


def ensure_ftfy() -> None:
    """Re-runs this script inside the venv that has ftfy, creating it first."""
    try:
        import ftfy  # noqa: F401

        return
    except ImportError:
        pass
    if os.environ.get("INKPOST_FTFY_VENV"):
        sys.exit("ftfy is still missing inside the venv")
    python = VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", FTFY],
        check=True,
    )
    env = dict(os.environ, INKPOST_FTFY_VENV="1")
    os.execve(str(python), [str(python), __file__, *sys.argv[1:]], env)


def unescape(s: str) -> str:
    out = []
    i = 0
    while i < len(s):
        c = s[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        n = s[i + 1]
        if n == "x":
            out.append(chr(int(s[i + 2 : i + 4], 16)))
            i += 4
        else:
            out.append({"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}[n])
            i += 2
    return "".join(out)


def load():
    garbled = []
    for line in (FIXTURES / "garbled.tsv").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        g, expected, codec = line.split("\t")
        garbled.append((unescape(g), unescape(expected), codec))
    clean = (FIXTURES / "clean.txt").read_text(encoding="utf-8").splitlines()
    return garbled, clean


def score(garbled, clean, fixed_garbled, fixed_clean):
    ok = Counter()
    total = Counter()
    for (_, expected, codec), got in zip(garbled, fixed_garbled, strict=True):
        total[codec] += 1
        ok[codec] += got == expected
    kept = sum(got == line for line, got in zip(clean, fixed_clean, strict=True))
    return ok, total, kept


def main() -> None:
    ensure_ftfy()
    import ftfy

    garbled, clean = load()
    rows = [
        (
            f"ftfy {ftfy.__version__} `fix_encoding`",
            score(
                garbled,
                clean,
                [ftfy.fix_encoding(g) for g, _, _ in garbled],
                [ftfy.fix_encoding(line) for line in clean],
            ),
        )
    ]
    failures = {}
    if len(sys.argv) > 1:
        outputs = [
            unescape(line)
            for line in Path(sys.argv[1]).read_text(encoding="utf-8").split("\n")[
                : len(garbled) + len(clean)
            ]
        ]
        if len(outputs) != len(garbled) + len(clean):
            sys.exit(f"{sys.argv[1]}: expected {len(garbled) + len(clean)} lines")
        mine_g, mine_c = outputs[: len(garbled)], outputs[len(garbled) :]
        rows.append(("inkpost `text_repair::repair`", score(garbled, clean, mine_g, mine_c)))
        failures = {
            "garbled": [(g, e, m) for (g, e, _), m in zip(garbled, mine_g) if m != e],
            "clean": [(c, m) for c, m in zip(clean, mine_c) if m != c],
        }

    codecs = list(dict.fromkeys(codec for _, _, codec in garbled))
    head = ["tool", "garbled repaired exactly", "clean unchanged", *codecs]
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|")
    for name, (ok, total, kept) in rows:
        cells = [
            name,
            f"{sum(ok.values())}/{sum(total.values())}",
            f"{kept}/{len(clean)}",
            *(f"{ok[c]}/{total[c]}" for c in codecs),
        ]
        print("| " + " | ".join(cells) + " |")

    if failures:
        for g, e, m in failures["garbled"]:
            print(f"\ninkpost did not repair: {g!r}\n  got:      {m!r}\n  expected: {e!r}")
        for c, m in failures["clean"]:
            print(f"\ninkpost changed clean text: {c!r}\n  into: {m!r}")


if __name__ == "__main__":
    main()
