"""What a build reports: the files it writes, its summary (``build.json``) and its
counts. Shared by the function that checks a build's arguments (``build``) and the
streamed build that runs it (``run``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..sources.inputs import Rejected
from ..validation.shacl import Report
from ..version import __version__

SUMMARY_SCHEMA_VERSION = 1
OUTPUT_FILES = (
    "aglod.ttl",
    "aglod.jsonld",
    "aglod.trig",
    "aglod.nq.gz",
    "aglod-inferred.ttl",
    "void.ttl",
    "validation.txt",
    "validation.json",
    "build.json",
)
# written beside them when a release was rejected (removed by a build that rejects none)
REJECT_FILES = ("rejected.json", "rejected.txt")


@dataclass
class BuildResult:
    """What ``build`` did: counts, rejects, the validation report, the files written,
    and the seconds each stage took."""

    read: int
    built: int
    rejected: list[Rejected]
    failed: list[Rejected]
    report: Report
    triples: int
    inferred: int
    files: list[str] = field(default_factory=list)
    stages: dict[str, float] = field(default_factory=dict)
    reused: int = 0  # releases taken from the cache of an earlier build
    copied_bytes: int = 0  # bytes of the dataset files copied from the previous ones
    unread: int = 0  # input files known unchanged (size and times), not read again

    def summary(self) -> dict[str, object]:
        return {
            "schema_version": SUMMARY_SCHEMA_VERSION,
            "aglod_version": __version__,
            "read": self.read,
            "built": self.built,
            "rejected": len(self.rejected),
            "rejects": [{"source": r.source, "reason": r.reason} for r in self.rejected],
            "triples": self.triples,
            "inferred_triples": self.inferred,
            "violations": self.report.violations,
            "warnings": self.report.warnings,
            "conforms": self.report.conforms,
            "files": self.files,
        }
