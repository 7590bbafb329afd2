"""What a gap check reports: the finding record, its kinds and their severities."""

from __future__ import annotations

from dataclasses import dataclass

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")

# Every kind with its severity, in the order findings of one severity and persona are listed.
KINDS: dict[str, str] = {
    "no_complete_path": "error",
    "unreachable": "error",
    "dead_end": "error",
    "empty_stage": "warning",
    "skipped_stage": "warning",
    "missing_owner": "warning",
    "missing_channel": "warning",
    "unaddressed_pain": "warning",
    "backward_flow": "info",
    "emotion_cliff": "info",
}


@dataclass(frozen=True)
class Finding:
    """One gap in the journey: its kind, severity, persona ("" for none), message and the ids involved.

    ``persona_name`` is the persona's name when the check ran, for reports; ``items`` are stage, card
    or flow ids (see ``check`` for which kind names which).
    """

    kind: str
    severity: str
    persona: str
    message: str
    items: tuple[str, ...] = ()
    persona_name: str = ""

    @property
    def key(self) -> str:
        """A stable identity such as ``dead_end|p1|card-3f9a``, to remember an acknowledgement by.

        Ids never contain ``|`` or ``,``, so the key is unambiguous.
        """
        return f"{self.kind}|{self.persona}|{','.join(self.items)}"
