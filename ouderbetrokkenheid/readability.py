"""A readability check for Dutch parent texts (pure Python, no ORM).

The score is Flesch-Douma, the Dutch adaptation of Flesch's Reading Ease:

    score = 206.835 - 0.93 * (words / sentences) - 77 * (syllables / words)

Source: W.H. Douma (1960), "De leesbaarheid van landbouwbladen: een onderzoek naar en een
toepassing van leesbaarheidsformules", Bulletin nr. 17, Afdeling Sociologie en Sociografie,
Landbouwhogeschool Wageningen. Douma kept Flesch's constant and lowered the weights because Dutch
words carry more syllables than English ones; the scale reads as Flesch's: 90-100 very easy,
80-90 easy, 70-80 fairly easy, 60-70 plain, 50-60 fairly hard, below 50 hard.

Parent texts must be plain Dutch at language level B1 (many parents read little Dutch; about one
in nine has low literacy). PARENT holds the thresholds used for them:

- score at least 60 ("plain" on Douma's scale), judged only for texts of 12 words or more: the
  formula means nothing for a label of three words;
- no sentence longer than 15 words, the usual Dutch B1 writing advice (e.g. the government's
  Direct Duidelijk guidance: short sentences, at most about 15 words); a bullet or a line counts
  as a sentence;
- hard words (5 syllables or more, or 14 letters or more) are all marked for the editor; a text
  fails when it holds more than one, and more than 1 in 12 of its words: one unavoidable long word
  does not fail a short sentence or a label, two in a short sentence do. SCHOOL_WORDS lists the
  words parents must learn anyway ("leerkracht", "informatiebijeenkomst", "ontwikkelingsgesprek"):
  they are never counted as hard.

HEADINGS is PARENT without the score, for a list of short headings such as a session's topics.

The text may hold placeholders (%(name)s, {child}, {{ var }}), template tags ({% ... %}), HTML
tags, links and bullet lists ("- ", "* ", "• ", <li>). Placeholders and links count as one short
word, tags are not words, and a line break, a bullet or a block tag (<p>, <li>, <br>) ends a
sentence. Positions (start, end) are offsets into the text as given, so an editor can mark them.
Result.ok is the verdict ("B1" or "moeilijk" as Result.level); warnings_for and warning_message
serve the editors.
"""

import functools
import re
import sys
from dataclasses import dataclass, field, replace

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Thresholds:
    min_score: float = 60.0
    min_words_for_score: int = 12
    max_sentence_words: int = 15
    hard_syllables: int = 5
    hard_letters: int = 14
    max_hard_share: float = 1 / 12


PARENT = Thresholds()
# A list of short headings (a session's topics, one per line): no Flesch-Douma score, the formula is
# meant for running text; long lines and hard words still count.
HEADINGS = replace(PARENT, min_words_for_score=sys.maxsize)

# Words a parent of a Dutch primary school needs to learn anyway: the names of the school's own
# meetings, people and steps. Marking them as hard would teach the editor to avoid them, and a
# plainer synonym would be wrong. Lowercase; compounds of these words are not included.
SCHOOL_WORDS = frozenset(
    {
        "informatiebijeenkomst",
        "informatieavond",
        "ontwikkelingsgesprek",
        "ontwikkelingsgesprekken",
        "adviesgesprek",
        "adviesgesprekken",
        "doorstroomtoets",
        "kinderopvang",
        "leerkracht",
        "leerkrachten",
        "schooladvies",
        "bibliotheek",
        "basisschool",
        "groepsleerkracht",
        "praktijkonderwijs",
        "zij-instromer",
        "uitnodiging",
        "uitnodigingen",
        "herinnering",
        "herinneringen",
        "oudergesprek",
        "startgesprek",
        "startgesprekken",
        "oudergesprekken",
        "toetsperiode",
        "onderwijssysteem",
    }
)

_PLACEHOLDER = re.compile(
    r"%\(\w+\)[sdif]|%[sd]|\{\{.*?\}\}|\{[a-z_]+\}|\[[A-Z_]+\]"  # %(name)s, {{ var }}, {child}, [NAME]
    # Links and e-mail addresses are not read: they count as a placeholder.
    r"|\b(?:https?://|www\.)[^\s<>\"']*[^\s<>\"'.,;:!?)]|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
)
_TEMPLATE_TAG = re.compile(r"\{%.*?%\}|\{#.*?#\}", re.S)
_HTML_TAG = re.compile(r"<(/?)(\w+)[^<>]*>")
_BLOCK_TAGS = {"p", "li", "br", "div", "ul", "ol", "h1", "h2", "h3", "h4", "tr", "td", "th", "blockquote"}
_BULLET = re.compile(r"^[ \t]*(?:[-*•–]|\d+[.)])[ \t]+", re.M)
_WORD = re.compile(r"#+|[^\W_]+(?:['’\-/][^\W_]+)*")
_SENTENCE_END = re.compile(r"[.!?]+['\"”’)]*(?=\s|$)|\n")
_ABBREVIATIONS = ("bijv.", "bv.", "o.a.", "d.w.z.", "m.a.w.", "enz.", "etc.", "ca.", "nr.", "dhr.", "mevr.", "z.o.z.")
# The <mark> classes: a hard word inside a marked long sentence stands out by Bootstrap's bold and underline.
SENTENCE_CLASS = "readability-long-sentence"
WORD_CLASS = "readability-hard-word fw-bold text-decoration-underline"
_VOWELS = re.compile(r"[aeiouyàáâäèéêëìíîïòóôöùúûü]+", re.I)
_DIAERESIS = re.compile(r"(?<=.)[äëïöü]", re.I)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class LongSentence(Span):
    words: int


@dataclass(frozen=True)
class HardWord(Span):
    syllables: int


@dataclass(frozen=True)
class Result:
    text: str
    words: int
    sentences: int
    syllables: int
    score: float | None
    long_sentences: list = field(default_factory=list)
    hard_words: list = field(default_factory=list)
    thresholds: Thresholds = PARENT

    @property
    def average_sentence_length(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def hard_share(self) -> float:
        return len(self.hard_words) / self.words if self.words else 0.0

    @property
    def score_too_low(self) -> bool:
        return self.score is not None and self.score < self.thresholds.min_score

    @property
    def too_many_hard_words(self) -> bool:
        """More than one hard word, and more than the allowed share of the words."""
        return len(self.hard_words) > max(1, self.words * self.thresholds.max_hard_share)

    @property
    def ok(self) -> bool:
        return not (self.score_too_low or self.long_sentences or self.too_many_hard_words)

    @property
    def level(self) -> str:
        """B1 when the text passes the thresholds, else "moeilijk" (hard)."""
        return "B1" if self.ok else "moeilijk"

    @property
    def problems(self) -> list[str]:
        """Short English codes of what failed, for test messages."""
        found = []
        if self.score_too_low:
            found.append(f"score {self.score:.0f} < {self.thresholds.min_score:.0f}")
        found += [f"long sentence ({s.words} words): {s.text!r}" for s in self.long_sentences]
        if self.too_many_hard_words:
            found.append(f"hard words {[w.text for w in self.hard_words]}")
        return found

    def marked_html(self) -> SafeString:
        """The text, HTML-escaped, with long sentences and hard words in <mark> elements."""
        spans = sorted(
            [(s.start, s.end, "long-sentence") for s in self.long_sentences]
            + [(w.start, w.end, "hard-word") for w in self.hard_words]
        )
        out, position = [], 0
        for start, end, kind in spans:
            if start < position:  # a hard word inside a long sentence: nest it
                continue
            out.append(escape(self.text[position:start]))
            if kind == "long-sentence":
                inner = [w for w in self.hard_words if start <= w.start and w.end <= end]
                out.append(f'<mark class="{SENTENCE_CLASS}">')
                cursor = start
                for word in inner:
                    out.append(escape(self.text[cursor : word.start]))
                    out.append(f'<mark class="{WORD_CLASS}">{escape(word.text)}</mark>')
                    cursor = word.end
                out.append(escape(self.text[cursor:end]) + "</mark>")
            else:
                out.append(f'<mark class="{WORD_CLASS}">{escape(self.text[start:end])}</mark>')
            position = end
        out.append(escape(self.text[position:]))
        return mark_safe("".join(out))  # noqa: S308 - every piece of text above is escaped


# --- syllables ------------------------------------------------------------------------------------


@functools.cache
def _hyphenator():
    try:
        import pyphen
    except ImportError:  # the vowel-group count below still works
        return None
    return pyphen.Pyphen(lang="nl_NL", left=1, right=1)


def vowel_groups(word: str) -> int:
    """Syllables as groups of vowels ("ij" and "y" count as vowels; ë, ï start a new one)."""
    groups = _VOWELS.findall(word.lower().replace("ij", "y"))
    return max(1, len(groups) + sum(len(_DIAERESIS.findall(group)) for group in groups))


@functools.cache
def syllables(word: str) -> int:
    """Dutch syllables in `word`: the hyphenation dictionary (pyphen, nl_NL), or the vowel groups
    where those find more (pyphen does not split every short word: "oma")."""
    word = word.strip("'’-/")
    if not word or word.isdigit():
        return 1
    if word.startswith("#"):  # a placeholder: a name or a date, read as one short word
        return 1
    hyphenator = _hyphenator()
    parts = [part for part in re.split(r"[-/'’]", word) if part]
    total = 0
    for part in parts:
        from_dictionary = len(hyphenator.positions(part)) + 1 if hyphenator else 0
        total += max(from_dictionary, vowel_groups(part))
    return max(1, total)


# --- the check ------------------------------------------------------------------------------------


def _blank(match) -> str:
    return " " * (match.end() - match.start())


def _mask(text: str) -> str:
    """The text with the same length and offsets, reduced to words, placeholders (#) and breaks."""
    masked = _TEMPLATE_TAG.sub(_blank, text)
    masked = _PLACEHOLDER.sub(lambda m: "#" * (m.end() - m.start()), masked)

    def tag(match):
        length = match.end() - match.start()
        return "\n" + " " * (length - 1) if match.group(2).lower() in _BLOCK_TAGS else " " * length

    masked = _HTML_TAG.sub(tag, masked)
    masked = re.sub(r"&\w+;|&#\d+;", _blank, masked)
    for abbreviation in _ABBREVIATIONS:
        masked = re.sub(re.escape(abbreviation), lambda m: m.group(0).replace(".", " "), masked, flags=re.I)
    return _BULLET.sub(lambda m: "\n" + " " * (m.end() - m.start() - 1), masked)


def _sentences(masked: str):
    """(start, end) of each stretch between sentence ends that holds at least one word."""
    start = 0
    for match in _SENTENCE_END.finditer(masked):
        yield start, match.end()
        start = match.end()
    yield start, len(masked)


def is_hard(word: str, thresholds: Thresholds = PARENT) -> bool:
    """A long word a reader at B1 stumbles over; a hyphenated word is judged by its parts."""
    if word.startswith("#") or word.lower() in SCHOOL_WORDS or word.isupper():
        return False  # placeholders, school words, abbreviations (SMS, IB)
    parts = [part for part in re.split(r"[-/]", word) if part]
    if len(parts) > 1:
        return any(is_hard(part, thresholds) for part in parts)
    letters = sum(1 for c in word if c.isalpha())
    return syllables(word) >= thresholds.hard_syllables or letters >= thresholds.hard_letters


def check(text: str, thresholds: Thresholds = PARENT) -> Result:
    """Score, long sentences and hard words of `text` (Dutch)."""
    masked = _mask(text or "")
    words = sentence_count = syllable_count = 0
    long_sentences, hard_words = [], []
    for start, end in _sentences(masked):
        found = list(_WORD.finditer(masked, start, end))
        if not found:
            continue
        sentence_count += 1
        words += len(found)
        for match in found:
            word = match.group()  # the masked text keeps the letters; a placeholder reads as "###"
            syllable_count += syllables(word)
            if is_hard(word, thresholds):
                hard_words.append(HardWord(match.start(), match.end(), word, syllables(word)))
        if len(found) > thresholds.max_sentence_words:
            first, last = found[0].start(), found[-1].end()
            tail = re.match(r"[^\n]*?[.!?]+['\"”’)]*", text[last:end])
            last = last + tail.end() if tail else last
            long_sentences.append(LongSentence(first, last, text[first:last], len(found)))
    score = None
    if words >= thresholds.min_words_for_score:
        score = round(206.835 - 0.93 * (words / sentence_count) - 77 * (syllable_count / words), 1)
    return Result(
        text=text or "",
        words=words,
        sentences=sentence_count,
        syllables=syllable_count,
        score=score,
        long_sentences=long_sentences,
        hard_words=hard_words,
        thresholds=thresholds,
    )


# --- for the editors ------------------------------------------------------------------------------


MAX_CHECK_LENGTH = 20_000  # characters checked of one text typed in an editor


def warnings_for(texts) -> list[tuple[str, Result]]:
    """(label, result) for each (label, text[, thresholds]) whose text is not plain enough; empty texts pass."""
    results = ((label, check(text, *rest)) for label, text, *rest in texts if (text or "").strip())
    return [(label, result) for label, result in results if not result.ok]


def warning_message(warnings) -> str:
    """A Dutch flash message after saving: which texts, how many long sentences, which hard words."""
    labels = ", ".join(str(label) for label, _result in warnings)
    words = sorted({w.text for _label, result in warnings for w in result.hard_words}, key=str.lower)
    long = sum(len(result.long_sentences) for _label, result in warnings)
    message = _("Let op: de tekst (%(labels)s) is misschien te moeilijk voor ouders.") % {"labels": labels}
    if long:
        message += " " + ngettext(
            "%(count)d zin is langer dan %(max)d woorden.", "%(count)d zinnen zijn langer dan %(max)d woorden.", long
        ) % {"count": long, "max": PARENT.max_sentence_words}
    if words:
        message += " " + _("Moeilijke woorden: %(words)s.") % {"words": ", ".join(words)}
    return message
