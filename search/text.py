"""Turning what people type into comparable words.

Used by crisis detection, topic-synonym matching and query building, so that "Trolls",
"trolling" and "tr0lls" meet, accents fold ("suicidarme" ~ "suicídarme"), and a typo of
one or two letters still matches a known word.
"""

import re
import unicodedata

WORD = re.compile(r"[^\W_]+", re.UNICODE)
REPEATS = re.compile(r"(\w)\1{2,}")

# Informal spellings people use when typing fast, folded into plain words.
CONTRACTIONS = {
    "dont": "do not",
    "don't": "do not",
    "cant": "can not",
    "can't": "can not",
    "cannot": "can not",
    "wont": "will not",
    "won't": "will not",
    "im": "i am",
    "i'm": "i am",
    "ive": "i have",
    "i've": "i have",
    "id": "i would",
    "i'd": "i would",
    "ill": "i will",
    "i'll": "i will",
    "wanna": "want to",
    "gonna": "going to",
    "gotta": "got to",
    "idk": "i do not know",
    "u": "you",
    "ur": "your",
    "r": "are",
    "kms": "kill myself",
    "unalive": "kill",
    "unaliving": "killing",
    "didnt": "did not",
    "doesnt": "does not",
    "isnt": "is not",
    "wasnt": "was not",
    "aint": "am not",
}

LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)

# Welsh's commonest small words, which the finder's language-specific reading drops too.
WELSH_STOPWORDS = frozenset(
    """
    a ac ag am ar at i o y yr yn mae fy dy ei eu ein eich gyda gan wedi sy sydd yw ydy ydw oedd
    bod fel neu ond na nad nid pan pwy sut ble pam hefyd mewn hyn hwn hon yma
    """.split()
)

STOPWORDS = WELSH_STOPWORDS | frozenset(
    """
    a an and are as at be been being but by for from had has have he her him his how i if in
    into is it its just like of on or our she so some than that the their them then there these
    they this those to too very was we were what when where which who why will with would you
    your yours am do does did about any all also get got really feel feeling felt anymore
    el la los las un una unos unas y o de del al en que por para con se lo le les mi me te
    le la les un une des et ou de du au aux en que qui pour par avec je tu il elle nous vous
    """.split()
)

# Suffixes removed to reach a rough stem, longest first. Not a full stemmer: enough for
# "trolls/trolling/trolled", "comparing/comparison", "suicidal/suicide".
SUFFIXES = (
    "ations",
    "ation",
    "ingly",
    "ments",
    "ment",
    "ness",
    "ings",
    "ing",
    "ies",
    "ied",
    "ally",
    "edly",
    "ers",
    "er",
    "ed",
    "ly",
    "es",
    "al",
    "s",
)


def fold(text):
    """Lower-case and strip accents, as the engine's lowercase and asciifolding filters do."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    without_accents = "".join(char for char in decomposed if not unicodedata.combining(char))
    return without_accents


def words(text):
    """The words of `text`, folded, with informal spellings expanded.

    >>> words("I can't cope, wanna   DIEEE")
    ['i', 'can', 'not', 'cope', 'want', 'to', 'die']
    """
    result = []
    for raw in re.findall(r"[\w'@$]+", fold(text)):
        raw = raw.strip("'")
        if any(char.isdigit() for char in raw) and any(char.isalpha() for char in raw):
            raw = raw.translate(LEET)
        raw = REPEATS.sub(r"\1", raw)
        expanded = CONTRACTIONS.get(raw) or CONTRACTIONS.get(raw.replace("'", ""))
        if expanded:
            result.extend(expanded.split())
        else:
            result.extend(WORD.findall(raw.replace("'", "")))
    return result


def stem(word):
    for suffix in SUFFIXES:
        # Long suffixes need a longer stem: "comments" is not "com" + "ments".
        shortest = 4 if len(suffix) >= 4 else 3
        if word.endswith(suffix) and len(word) - len(suffix) >= shortest:
            word = word[: -len(suffix)]
            break
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    # Doubled final consonants from inflection: "stopp(ed)" -> "stop".
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]
    return word


def content_stems(text):
    """Stems of the meaningful words of `text`, in order."""
    return [stem(word) for word in words(text) if word not in STOPWORDS]


def edit_distance(a, b, limit):
    """Damerau-Levenshtein distance between a and b, or limit + 1 once it exceeds limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous_previous = None
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if (
                previous_previous is not None
                and i > 1
                and j > 1
                and char_a == b[j - 2]
                and a[i - 2] == char_b
            ):
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous_previous, previous = previous, current
    return previous[-1]


# How long a word must be for one letter, and for two, to be allowed wrong (the engine's
# fuzziness reads the same: search/backends/engine/queries.py).
ONE_TYPO_FROM = 4
TWO_TYPOS_FROM = 8
# A known word shorter than this may be misspelt only by a letter left out, the first kept
# ("tim" for "time", "kil" for "kill"): with a letter changed or added, short words are
# everyday ones ("with" is a letter from "wish", "does" from "dies", "port" from the
# Spanish "cort"). Chosen on the train split: docs/understanding.md, "Short words misspelt".
ANY_SLIP_FROM = 5


def typo_allowance(word):
    """How many letters may be wrong: none for short words, one from 4, two from 8."""
    if len(word) < ONE_TYPO_FROM:
        return 0
    if len(word) < TWO_TYPOS_FROM:
        return 1
    return 2


def similar(typed, known):
    """True when `typed` is `known`, or a likely misspelling of it. A common word is read as
    typed ("with" is not a misspelt "wish", nor "would" a misspelt "could")."""
    if typed == known:
        return True
    if typed in STOPWORDS:
        return False
    allowance = typo_allowance(known)
    if allowance == 0:
        return False
    if len(known) < ANY_SLIP_FROM:
        return dropped_a_letter(typed, known)
    return edit_distance(typed, known, allowance) <= allowance


def dropped_a_letter(typed, known):
    """True when `typed` is `known` with one letter after the first left out ("tim" for
    "time"): the one slip a short word may have and still be recognised."""
    return (
        len(typed) == len(known) - 1
        and typed[:1] == known[:1]
        and any(known[:i] + known[i + 1 :] == typed for i in range(1, len(known)))
    )


def _deletions(word, depth):
    """`word` with up to `depth` letters left out, in every way."""
    found = {word}
    layer = {word}
    for _ in range(depth):
        layer = {w[:i] + w[i + 1 :] for w in layer for i in range(len(w))}
        found |= layer
    return found


class FuzzyIndex:
    """Known words, found again from their misspellings without comparing against each.

    A word within `typo_allowance` edits of a known word shares a form with it once each
    has lost at most that many letters, so candidates come from a table of those forms and
    only they are checked with `similar`.
    """

    def __init__(self, known_words):
        self.forms = {}
        for known in set(known_words):
            for form in _deletions(known, typo_allowance(known)):
                self.forms.setdefault(form, set()).add(known)

    def similar_to(self, typed):
        """The known words `typed` may be, itself included."""
        # Two letters may be wrong only in a known word of eight or more, which a word of
        # fewer than six cannot be; one only from four, which a word of two cannot be.
        depth = 2 if len(typed) >= 6 else 1 if len(typed) >= 3 else 0
        candidates = set()
        for form in _deletions(typed, depth):
            candidates |= self.forms.get(form, set())
        return {known for known in candidates if similar(typed, known)}
