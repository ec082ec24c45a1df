"""The rule layer: does this query say, in so many concepts, that someone is at risk?

The trained model (search/classifier.py) decides the level; this layer is its safety net
(a query it matches gets at least the short "talk to someone now" line) and stands in for
it when the model cannot be read. Its concepts are also features of the model.

Editors keep a list of crisis phrases (the CrisisPhrase snippet). Rather than looking for
those phrases verbatim, each phrase and each query is reduced to *concepts*: "kill",
"suicidal", "matarme" and "unalive" all mean KILL or SUICIDE; "me", "myself" and "my own"
mean SELF; "wish", "wanna" and "thinking of" mean WANT. A phrase matches when every one of
its concepts appears anywhere in the query, in any order, with typos of a letter or two
forgiven. So the listed phrase "kill myself" also catches "thinking of killin my self", and
"don't want to be alive" also catches "i wish i wasnt alive anymore".
"""

from .text import FuzzyIndex, similar, stem, words

# Concept -> the words (in English, Spanish, French, German and Welsh) that express it.
CONCEPTS = {
    "SUICIDE": "suicide suicidal suicidio suicida suicidarme suicidarse suicider suicidaire "
    "selbstmord suizid suizidal hunanladdiad kms",
    "KILL": "kill killing killed murder unalive matar matarme mataria tuer tue buter "
    "umbringen toten lladd",
    "DIE": "die dies dying dead death deceased morir morirme morirse muera muerto muerta "
    "muerte mourir meurs mort morte sterben tot tod marw",
    "SELF": "myself me my self own mine yo mi mis moi mon ma mes mich mir mein fy hun",
    "END": "end ending ended finish finished stop over terminar acabar acabe finir fin beenden",
    "LIFE": "life lives live living alive exist existing existence here breathing vida vivir "
    "vivo viva vie vivre vivant leben bywyd byw",
    "NOT": "not no never nothing nobody without nunca nada ya ni pas plus jamais rien nicht "
    "kein keine nie ddim",
    "WANT": "want wants wanted wish wishing going plan planning planned think thinking thought "
    "ready decided quiero quisiera querer pienso veux voudrais envie pense will mochte "
    "will eisiau",
    "HURT": "hurt hurting harm harming injure injuring damage dano danar lastimarme "
    "lastimar blesser verletzen brifo",
    "CUT": "cut cutting slit slash razor blade blades cortar cortarme cortes couper "
    "scarifier ritzen",
    "OVERDOSE": "overdose od pills tablets paracetamol pastillas medicamentos sobredosis "
    "cachets medicaments surdose tabletten",
    "JUMP": "jump jumping tirarme saltar sauter springen",
    "HEIGHT": "bridge roof cliff window building train tracks puente tejado pont toit fenetre "
    "brucke dach",
    "HANG": "hang hanging ahorcarme colgarme pendre erhangen",
    "NOOSE": "noose nooses soga",
    "SELFHARM": "selfharm selfharming autolesion autolesiones automutilation scarification "
    "selbstverletzung hunan-niweidio",
    "REASON": "point reason purpose sense sentido razon raison sinn",
    "ALL": "all everything everyone todo tout alles",
    "GONE": "gone disappear disappeared vanish desaparecer disparaitre verschwinden",
    "WAKE": "wake waking woke despertar reveiller aufwachen",
    "GOODBYE": "goodbye farewell adios adieu",
    "BETTER": "better mejor mieux besser",
    "DANGER": "danger dangerous unsafe emergency peligro urgence gefahr",
    "BURDEN": "burden carga fardeau",
    "GO_ON": "cope continue carry on",
    "CAN": "can could able puedo peux kann",
    "NOTE": "note letter nota lettre",
}


def _build_lexicon():
    lexicon = {}
    for concept, surface in CONCEPTS.items():
        for word in surface.split():
            lexicon.setdefault(word, set()).add(concept)
            lexicon.setdefault(stem(word), set()).add(concept)
    return lexicon


LEXICON = _build_lexicon()
FUZZY_LEXICON = FuzzyIndex(word for word in LEXICON if len(word) >= 4)
# Words too common to carry meaning in a crisis phrase.
IGNORED = frozenset(
    "a an the to i be is am are was were it of in on at for and or so do does did that this "
    "with just really feel feeling like about off up anymore any more el la los las un una de "
    "del que y o en le les un une des et je tu il ich du er es ein eine zu und".split()
)


def concepts_of(word):
    """The concepts a typed word may stand for, plus its own stem."""
    found = set(LEXICON.get(word, ())) | set(LEXICON.get(stem(word), ()))
    if not found and len(word) >= 4:
        for known in FUZZY_LEXICON.similar_to(word):
            found |= LEXICON[known]
    found.add("=" + stem(word))
    return frozenset(found)


# Concepts that speak of risk. A phrase made only of everyday concepts (WANT, END, NOT…)
# keeps its small words too, so that "want to end it" does not fire on "want to end a
# friendship".
RISK = frozenset(
    "SUICIDE KILL DIE LIFE HURT CUT OVERDOSE JUMP HEIGHT HANG NOOSE SELFHARM GONE DANGER "
    "BURDEN GOODBYE WAKE".split()
)
# Concepts that signal risk on their own; any other concept needs company.
STANDALONE = frozenset({"SUICIDE", "OVERDOSE", "SELFHARM", "NOOSE"})


def _needs(word_list):
    needed = []
    for word in word_list:
        known = LEXICON.get(word) or LEXICON.get(stem(word))
        needed.append(frozenset(known) if known else frozenset({"=" + stem(word)}))
    return needed


def phrase_concepts(text):
    """The concepts a phrase needs: a known concept per word where there is one, else the word.

    A phrase with no risk concept, or only one that cannot stand alone ("en finir" is just
    END, "feel like dying" just DIE), keeps its small words too.
    """
    all_words = words(text)
    needed = _needs([word for word in all_words if word not in IGNORED])
    has_risk = any(options & RISK for options in needed)
    if not has_risk or (len(needed) == 1 and not needed[0] & STANDALONE):
        return _needs(all_words)
    return needed


class CrisisDetector:
    def __init__(self, phrases, everyday=()):
        self.patterns = [(phrase, phrase_concepts(phrase)) for phrase in phrases]
        self.patterns = [(phrase, needed) for phrase, needed in self.patterns if needed]
        # Each everyday phrase, its words, and its words as they are looked for in a query.
        self.everyday = [
            (phrase, found, f" {' '.join(found)} ")
            for phrase in everyday
            if (found := words(phrase))
        ]

    def everyday_in(self, query):
        """The everyday phrases in `query`, word for word and in order."""
        typed = " " + " ".join(words(query)) + " "
        return [phrase for phrase, _, spaced in self.everyday if spaced in typed]

    def without_everyday(self, query):
        """The words of `query` with its everyday phrases ("kill time") set aside."""
        typed = words(query)
        joined = f" {' '.join(typed)} "
        for _, phrase, spaced in self.everyday:
            if spaced not in joined:
                continue
            size = len(phrase)
            position = 0
            while position + size <= len(typed):
                if typed[position : position + size] == phrase:
                    del typed[position : position + size]
                else:
                    position += 1
            joined = f" {' '.join(typed)} "
        return typed

    def matches(self, query):
        """The listed phrases that `query` expresses, in whatever words, once its everyday
        phrases are set aside."""
        return self.phrases_in([concepts_of(word) for word in self.without_everyday(query)])

    def phrases_in(self, word_concepts):
        """The listed phrases expressed by words (everyday phrases set aside) standing for
        these concepts, one set per word."""
        present = frozenset().union(*word_concepts)
        if not present:
            return []
        typed_stems = [token[1:] for token in present if token.startswith("=")]
        near = {}  # a phrase's word -> whether a typed stem is it, give or take a typo or two

        def satisfied(options):
            if options & present:
                return True
            for option in options:
                if option.startswith("="):
                    if option not in near:
                        near[option] = any(similar(typed, option[1:]) for typed in typed_stems)
                    if near[option]:
                        return True
            return False

        return [phrase for phrase, needed in self.patterns if all(map(satisfied, needed))]

    def is_crisis(self, query):
        return bool(self.matches(query))
