"""Coverage-guided fuzzing of the strict YAML loader and the validation of one submission.

Not part of the test suite (pytest does not collect this folder's files: no test_ prefix).
Run it with atheris installed in your own virtual environment:

    .venv/bin/pip install atheris
    .venv/bin/python tests/fuzz/fuzz_submission.py -max_total_time=150 -max_len=8192 -dict=tests/fuzz/yaml.dict CORPUS_DIR
    .venv/bin/python tests/fuzz/fuzz_submission.py --splice -max_total_time=150 -max_len=512 -dict=tests/fuzz/yaml.dict EMPTY_DIR

Each input is written as the bytes of one submission file of a copy of the demo repository
(with --splice: decoded as text and put in place of one line of a real submission, which
reaches deeper into YAML than mutating whole files) and checked with
`warmth.validate.validate` (the loader, the schema, the rules, privacy). A finding is the
expected outcome for bad input; any exception is a bug (it would reach the user as
"内部错误"), and so is a finding whose message carries libyaml's English. libFuzzer writes
what fails as crash-* files: save each under tests/fuzz/cases/ (test_yaml_messages.py runs
every file there) and fix it.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from warmth.repo import Repository
    from warmth.validate import validate

ROOT = Path(__file__).resolve().parents[2]
SUB = "submissions/2022-spring/qinglan-donghu.yaml"
ENGLISH = re.compile(r"while scanning|while parsing|found |expected |unacceptable|could not|Traceback")

work = Path(tempfile.mkdtemp(prefix="warmth-fuzz-"))
for d in ("submissions", "schemas"):
    shutil.copytree(ROOT / d, work / d)
REPO = Repository(work)
TARGET = work / SUB
validate(REPO, [TARGET])  # registry, forms and campaign loaded once


SPLICE = "--splice" in sys.argv
BASE = (ROOT / SUB).read_bytes().split(b"\n")


def spliced(data: bytes) -> bytes:
    fdp = atheris.FuzzedDataProvider(data)
    at = fdp.ConsumeIntInRange(0, len(BASE) - 1)
    text = fdp.ConsumeUnicodeNoSurrogates(fdp.remaining_bytes())
    return b"\n".join([*BASE[:at], text.encode("utf-8", "surrogatepass"), *BASE[at + 1:]])


def one_input(data: bytes) -> None:
    TARGET.write_bytes(spliced(data) if SPLICE else data)
    REPO.collectors.pop(SUB, None)
    REPO.__dict__.pop("_prev_cache", None)
    report, _ = validate(REPO, [TARGET])
    for f in report.findings:
        if ENGLISH.search(f.message) or ENGLISH.search(f.hint):
            raise AssertionError(f"English in a finding: {f}")
        if f.line < 1 or f.column < 1:
            raise AssertionError(f"position out of range: {f}")


def seeds(folder: Path) -> None:
    """The demo's submissions as the starting corpus."""
    folder.mkdir(parents=True, exist_ok=True)
    for p in sorted((ROOT / "submissions").glob("*/*.yaml")):
        if p.name != "campaign.yaml":
            shutil.copy2(p, folder / f"{p.parent.name}-{p.name}")


if __name__ == "__main__":
    argv = [a for a in sys.argv if a != "--splice"]
    corpus = [a for a in argv[1:] if not a.startswith("-")]
    if corpus and not SPLICE:
        seeds(Path(corpus[0]))
    atheris.Setup(argv, one_input)
    atheris.Fuzz()
