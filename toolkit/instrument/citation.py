"""Provision IDs written the way the Convention cites them ("article 40, paragraph 21 (b)")."""

from __future__ import annotations


def cite(provision_id: str) -> str:
    """The citation of a provision ID: ``40.21.b`` gives ``article 40, paragraph 21 (b)``.

    Letters and roman numerals follow in brackets, as in the text: ``11.1.a.ii`` gives
    ``article 11, paragraph 1 (a) (ii)`` and ``13.a`` gives ``article 13 (a)``.
    """
    article, *rest = provision_id.split(".")
    text = f"article {article}"
    if rest and rest[0].isdigit():
        text += f", paragraph {rest.pop(0)}"
    for label in rest:
        text += f" ({label})"
    return text
