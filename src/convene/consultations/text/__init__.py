"""The consultations text engine: pure Python, no Django, no other Convene module.

A version's text as blocks (``split_text``), which blocks of a new version continue
which of the previous one (``inherit_keys``), anchors on a passage of a paragraph
(``make_anchor``, ``anchor_for_quote``) and where they land in a later version
(``Placer``), word diffs (``diff_words``) and talk-page comments (``parse_talk_page``).
"""

from .blocks import Block, BlockKind, Format, TextError, split_text
from .inherit import Change, Inheritance, inherit_keys

__all__ = [
    "Block",
    "BlockKind",
    "Change",
    "Format",
    "Inheritance",
    "TextError",
    "inherit_keys",
    "split_text",
]
