"""markdown_to_text skips the parser for plain paragraphs, and says exactly what it would."""

import random

from roundtable import demo_data
from roundtable.markdown import _parsed_text, _plain_text, markdown_to_text

# Mostly what descriptions are made of, and every character Markdown may read as syntax.
SAFE = list("abcdefghij ABC éñü中😀.,;:?!'\"()/%$@|^{}") + [" ", " ", "  ", "\n", "\n\n"]
SYNTAX = list("\\`*_[]<>&~#+-=0123456789\t\r\x00\x0b\x0c\u00a0\u2028\u3000") + [
    "\n ", "\n    ", "\n- ", "\n1. ", "\n# ", "\n> ", "\n===", "\n---", "**", "[a](b)", "&amp;",
    "<b>", "`x`", "\r\n", "\n\t", "  \n", " \n \n",
]


def _texts(seed: int, count: int, syntax: float) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        parts = [rng.choice(SYNTAX if rng.random() < syntax else SAFE)
                 for _ in range(rng.randrange(0, 120))]
        texts.append("".join(parts))
    return texts


def test_plain_text_is_what_the_parser_gives():
    plain = 0
    for text in _texts(1, 3000, 0.0) + _texts(2, 3000, 0.02) + _texts(3, 2000, 0.2):
        fast = _plain_text(text)
        if fast is not None:
            plain += 1
            assert fast == _parsed_text(text), repr(text)
    assert plain > 3000  # the fast way was taken, and checked, often


def test_the_demo_and_markdown_read_the_same_either_way():
    texts = [value for value in vars(demo_data).values() if isinstance(value, str)]
    texts += [v for d in vars(demo_data).values() if isinstance(d, dict) for v in d.values()
              if isinstance(v, str)]
    texts += ["Session 4: opening remarks, a keynote, a panel and a reception.\n\n" * 3,
              "The **third annual** roundtable.\n\n- Security\n- Migration", "", "  \n \n"]
    for text in texts:
        assert markdown_to_text(text) == _parsed_text(text), repr(text)
    assert markdown_to_text(None) == ""
