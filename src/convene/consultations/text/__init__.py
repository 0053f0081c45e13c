"""The consultations text engine: pure Python, no Django, no other Convene module.

A version's text as blocks (``split_text``), which blocks of a new version continue
which of the previous one (``inherit_keys``), anchors on a passage of a paragraph
(``make_anchor``, ``anchor_for_quote``) and where they land in a later version
(``Placer``), word diffs (``diff_words``) and talk-page comments (``parse_talk_page``).
"""

from .anchors import Anchor, Placement, PlacementState, Placer, anchor_for_quote, make_anchor
from .blocks import Block, BlockKind, Format, TextError, split_text
from .diff import DiffOp, diff_words
from .inherit import Change, Inheritance, inherit_keys
from .talk import TalkComment, parse_talk_page

__all__ = [
    "Anchor",
    "Block",
    "BlockKind",
    "Change",
    "DiffOp",
    "Format",
    "Inheritance",
    "Placement",
    "PlacementState",
    "Placer",
    "TalkComment",
    "TextError",
    "anchor_for_quote",
    "diff_words",
    "inherit_keys",
    "make_anchor",
    "parse_talk_page",
    "split_text",
]
