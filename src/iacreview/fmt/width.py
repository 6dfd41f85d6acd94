"""How many columns a piece of text takes when `terraform fmt` lines things up.

Terraform counts user-perceived characters (Unicode extended grapheme
clusters): `é` written as `e` plus a combining accent is one column, `日本` is
two, a family emoji joined with zero-width joiners is one. ASCII text takes the
fast path; the rest follows the main segmentation rules of Unicode's UAX #29
(CR LF, controls, extending and spacing marks, zero-width joiner sequences,
regional-indicator pairs, Hangul syllable sequences).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_ZWJ = "\u200d"


def columns(text: str) -> int:
    """Grapheme clusters in `text`."""
    if text.isascii():
        if "\r" in text:
            return len(text) - text.count("\r\n")
        return len(text)
    return _clusters(text)


@lru_cache(maxsize=4096)
def _clusters(text: str) -> int:
    count = 0
    prev = ""
    prev_class = _CONTROL
    regional_run = 0
    for ch in text:
        cls = _class(ch)
        if count and _joins(prev, prev_class, ch, cls, regional_run):
            pass
        else:
            count += 1
        regional_run = regional_run + 1 if cls == _REGIONAL else 0
        prev, prev_class = ch, cls
    return count


# Grapheme classes (a simplification of Unicode's Grapheme_Cluster_Break property).
_OTHER, _CONTROL, _EXTEND, _REGIONAL, _PICTO, _L, _V, _T, _LV, _LVT = range(10)


def _class(ch: str) -> int:
    cp = ord(ch)
    if cp < 0x20 or 0x7F <= cp < 0xA0:
        return _CONTROL
    if 0x1F1E6 <= cp <= 0x1F1FF:
        return _REGIONAL
    if 0x1100 <= cp <= 0x115F or 0xA960 <= cp <= 0xA97C:
        return _L
    if 0x1160 <= cp <= 0x11A7 or 0xD7B0 <= cp <= 0xD7C6:
        return _V
    if 0x11A8 <= cp <= 0x11FF or 0xD7CB <= cp <= 0xD7FB:
        return _T
    if 0xAC00 <= cp <= 0xD7A3:
        return _LV if (cp - 0xAC00) % 28 == 0 else _LVT
    if ch == _ZWJ or ch == "\u200c" or 0x1F3FB <= cp <= 0x1F3FF or 0xE0020 <= cp <= 0xE007F:
        return _EXTEND
    category = unicodedata.category(ch)
    if category in ("Mn", "Me", "Mc"):
        return _EXTEND
    if category in ("Zl", "Zp", "Cc") or (category == "Cf" and ch != _ZWJ):
        return _CONTROL
    if category == "So" or cp >= 0x1F000 and category[0] != "C":
        return _PICTO
    return _OTHER


def _joins(prev: str, prev_class: int, ch: str, cls: int, regional_run: int) -> bool:
    """Whether `ch` continues the cluster that `prev` is part of."""
    if prev == "\r" and ch == "\n":
        return True
    if prev_class == _CONTROL or cls == _CONTROL:
        return False
    if cls == _EXTEND:
        return True
    if prev == _ZWJ and cls == _PICTO:
        return True
    if cls == _REGIONAL and prev_class == _REGIONAL:
        return regional_run % 2 == 1
    if prev_class == _L:
        return cls in (_L, _V, _LV, _LVT)
    if prev_class in (_LV, _V):
        return cls in (_V, _T)
    if prev_class in (_LVT, _T):
        return cls == _T
    return False
