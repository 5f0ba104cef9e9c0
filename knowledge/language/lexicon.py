"""A small chat lexicon: very frequent short words and phrases of the spoken Latin-script languages.

Written for this project (not taken from any data set). It covers what shoppers type in one
or two words (greetings, thanks, yes/no, politeness, "where is my order") and the function
words that decide a short sentence, because character n-gram detectors such as langdetect
are unreliable on such messages. A word listed under several languages, or in
:data:`AMBIGUOUS`, is ambiguous: it adds a split vote and cannot decide alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from core.text import fold
from knowledge.language.function_words import FUNCTION_WORDS

__all__ = [
    "AMBIGUOUS",
    "LEXICON",
    "PHRASES",
    "ChatLexicon",
    "LexiconVotes",
    "strip_accents",
    "words",
]

LEXICON: dict[str, str] = {
    "en": """
        hi hey heya hiya thanks thank thx ty yes yeah yep yup nope please pls plz bye goodbye
        cheers great good fine cool sure where is my the an and of to is are was were what when
        how why who which this that it you your me we can could would will does did didn't
        don't doesn't not order orders package parcel delivery shipping refund return returned
        item items price cost tracking track status cancel help want need have has get got
        still yet received arrived arrive late today tomorrow week something anything nothing
        wrong broken damaged email address phone number agent human person talk speak with for
        from on at by about just only also very much i'm it's where's what's there their
        they he she be been hasn't haven't isn't morning evening awesome a i in me
        he she something everything never so
        """,
    "es": """
        hola gracias muchas mucho buenas buenos días dias tardes noches adiós adios vale claro
        perfecto genial bien dónde donde está esta estoy mi mis pedido pedidos paquete envío
        envio devolución devolucion reembolso quiero necesito tengo tiene tienen puedo puede
        puedes hay cuándo cuando cuánto cuanto cuesta qué cómo el los las una y pero sin para
        del al es son muy todavía todavia aún aun llegado llegó llego ya hoy mañana manana
        semana talla precio ayuda cancelar hablar persona agente correo venga oye entonces nada
        también tambien bueno buena hasta luego chao porfa favor nadie ningún ningun mío yo
        usted ustedes nosotros cuál cual quién quien porque por qué favor disculpa perdón
        perdon lo le tu tú su sus este esto eso ese aquí aqui de la un en a se que me
        soy eres somos estaba estás estas fue era hace has he ha han hemos te nos os más mas
        algo todo ella él ellos puedes quieres vamos nunca
        """,
    "fr": """
        bonjour bonsoir salut merci beaucoup oui non d'accord daccord parfait génial bien où est
        mon ma mes le les une des et mais avec sans pour du au je tu vous nous il elle c'est
        cest commande colis livraison retour remboursement veux voudrais besoin j'ai jai avez
        pouvez peux quand combien coûte coute quoi comment pourquoi toujours pas encore reçu
        recu arrivé aujourd'hui demain semaine taille prix aide annuler parler personne
        conseiller svp stp plaît plait revoir bisous ça ca suis sont ai as on qui quel quelle
        rien aussi très tres ne n'est n'ai j'aimerais voilà voila dois être ce cette ici bonne
        journée journee de la un en a se que me il
        suis es était été ont ils quelque chose tout jamais
        """,
    "de": """
        hallo danke bitte schön schon ja nein genau gut alles klar tschüss tschuss tschüs
        servus moin guten tag abend wo ist mein meine meinen meinem der die das den dem ein
        eine einen und oder aber mit ohne für fur von zu ich du wir ist sind bin habe hast hat
        haben kann können koennen kannst wann wie was warum noch nicht kein keine bestellung
        paket lieferung versand rücksendung rückgabe erstattung geld größe grösse grosse preis
        kostet hilfe stornieren sprechen mitarbeiter heute woche immer angekommen bekommen
        erhalten gerne vielen dank dankeschön möchte moechte brauche wurde wird auch sehr
        leider hier gibt es ihr ihnen mir mich dir dich sie nichts jetzt in
        bist war er etwas nie so
        """,
    "it": """
        ciao buongiorno buonasera salve grazie mille prego sì va bene certo perfetto ottimo
        dove è il lo gli di della dello per ma non mio mia miei ordine ordini pacco spedizione
        consegna reso rimborso voglio vorrei ho hai posso può puo quando quanto costa cosa che
        come perché perche ancora arrivato arrivata ricevuto oggi domani settimana taglia
        prezzo aiuto annullare parlare operatore arrivederci scusa scusi allora niente anche
        molto sono sei siamo buona giornata c'è ce questo questa qui nel nella alla al sul
        vostro vostra grazie la un a se me il le in e
        è era stato hanno abbiamo lui lei loro qualcosa tutto ti mai sempre
        """,
    "pt": """
        olá ola oi obrigado obrigada muito valeu tchau sim não nao tudo bem beleza certo
        perfeito ótimo otimo onde está esta meu minha meus o os as um uma do da dos das e ou
        mas com sem para pelo pela eu você voce vocês voces nós quero gostaria preciso tenho
        tem posso pode quando quanto custa que como por porque ainda chegou recebi recebido
        hoje amanhã amanha semana tamanho preço preco ajuda cancelar falar atendente pedido
        encomenda pacote entrega envio devolução devolucao reembolso bom boa dia tarde noite
        também tambem nada isso isto aqui já ja vou estou é são seu sua de a se me em
        sou era foi estava há ele ela eles algo tudo gosta você nunca estou vai
        """,
    "nl": """
        hoi hallo dag goedemorgen goedemiddag goedenavond bedankt dank dankjewel dankuwel doei
        tot ziens ja nee oké prima goed top waar is mijn de het een en of maar met zonder voor
        van naar ik jij je u wij we ze zijn ben heb hebt heeft kan kunnen wanneer hoeveel kost
        wat hoe waarom nog niet geen bestelling pakket levering bezorging verzending retour
        terugbetaling geld maat prijs hulp annuleren spreken medewerker vandaag morgen week al
        altijd ontvangen aangekomen graag alsjeblieft alstublieft aub ajb even nou toch wel dus
        m'n zou wil hier er ook heel erg in
        bent heeft hebben hij zij iets nooit
        """,
}
"""Words by language, space-separated (with and without accents, as shoppers type them)."""

PHRASES: dict[str, str] = {
    "en": "thank you|thanks a lot|good morning|how much|where is|no thanks|no thank you|see you",
    "es": "de nada|por favor|muchas gracias|buenos días|buenos dias|hasta luego|mil gracias|"
    "muy bien|está bien|esta bien|buenas tardes|buenas noches",
    "fr": "s'il vous plaît|s'il vous plait|s'il te plaît|s'il te plait|merci beaucoup|au revoir|"
    "bonne journée|bonne journee|pas encore|très bien|tres bien|ça va|ca va",
    "de": "vielen dank|danke schön|danke schon|alles klar|guten tag|guten morgen|bis bald|"
    "schönen tag|kein problem|alles gut",
    "it": "va bene|grazie mille|per favore|buona giornata|a presto|tutto bene|non ancora",
    "pt": "bom dia|boa tarde|boa noite|muito obrigado|muito obrigada|por favor|tudo bem|"
    "de nada|até logo|ate logo|ainda não|ainda nao",
    "nl": "dank je|dank u|dank je wel|dank u wel|tot ziens|goede morgen|hoe gaat het|"
    "nog niet|geen probleem",
}
"""Multi-word expressions (``|``-separated); a phrase hit outranks the words it contains."""

AMBIGUOUS: dict[str, tuple[str, ...]] = {
    "ok": ("en", "es", "fr", "de", "it", "pt", "nl"),
    "okay": ("en", "de", "nl", "fr", "es", "it", "pt"),
    "okey": ("es", "en"),
    "oke": ("nl", "en"),
    "hello": ("en", "es", "fr", "de", "it", "pt", "nl"),
    "super": ("de", "fr", "nl", "en", "it"),
    "top": ("nl", "de", "fr", "en"),
    "sorry": ("en", "nl", "de"),
    "no": ("es", "it", "en", "pt"),
    "si": ("es", "it"),
    "sí": ("es", "it"),
    "bye": ("en", "fr", "de", "nl"),
    "ciao": ("it", "de", "es", "pt"),
    "merci": ("fr", "nl", "de"),
    "info": ("en", "de", "fr", "nl", "it", "es", "pt"),
    "email": ("en", "es", "fr", "it", "pt", "nl", "de"),
}
"""Words shared across languages: a split vote; the first language is the weak lean."""

_APOSTROPHE = "\u2019"  # typographic apostrophe, as phones type it
_WORD = re.compile(rf"[^\W\d_]+(?:['{_APOSTROPHE}][^\W\d_]+)*")
_LEAN = 0.1


def strip_accents(text: str) -> str:
    """``"dónde"`` → ``"donde"``: the one fold (:func:`core.text.fold`) with compatibility
    forms, as the lexicon compares words (they are lower case already)."""
    return fold(text, compatibility=True)


def words(text: str) -> list[str]:
    """Lower-cased words of ``text`` (letters, with inner apostrophes: ``c'est``)."""
    return [match.group().replace(_APOSTROPHE, "'") for match in _WORD.finditer(text.casefold())]


@dataclass
class LexiconVotes:
    """What the lexicon says about one message's words."""

    n_words: int
    known: int = 0
    votes: dict[str, float] = field(default_factory=dict)
    unique_hits: dict[str, int] = field(default_factory=dict)

    @property
    def winner(self) -> str | None:
        """The language with the most votes, or ``None`` on no votes or a tie."""
        if not self.votes:
            return None
        ranked = sorted(self.votes.items(), key=lambda item: (-item[1], item[0]))
        if len(ranked) > 1 and abs(ranked[0][1] - ranked[1][1]) < 1e-9:
            return None
        return ranked[0][0]

    def conflicting_hits(self, language: str) -> int:
        """Unambiguous hits of languages other than ``language``."""
        return sum(count for code, count in self.unique_hits.items() if code != language)


class ChatLexicon:
    """Looks words and phrases up; a word in several languages splits its vote."""

    def __init__(
        self,
        lexicon: dict[str, str] | None = None,
        phrases: dict[str, str] | None = None,
        ambiguous: dict[str, tuple[str, ...]] | None = None,
    ) -> None:
        """Builds the indexes (exact forms, and forms without accents).

        The default word lists are :data:`LEXICON` and :data:`FUNCTION_WORDS`.
        """
        self._exact: dict[str, list[str]] = {}
        self._plain: dict[str, list[str]] = {}
        sources = (LEXICON, FUNCTION_WORDS) if lexicon is None else (lexicon,)
        for source in sources:
            for language, text in source.items():
                for word in text.split():
                    self._add(word.casefold(), language)
        self._phrases: dict[tuple[str, ...], list[str]] = {}
        for language, text in (PHRASES if phrases is None else phrases).items():
            for phrase in text.split("|"):
                key = tuple(words(strip_accents(phrase)))
                if key and language not in self._phrases.setdefault(key, []):
                    self._phrases[key].append(language)
        self._ambiguous = {
            strip_accents(word): langs
            for word, langs in (AMBIGUOUS if ambiguous is None else ambiguous).items()
        }
        self._longest_phrase = max((len(key) for key in self._phrases), default=1)

    def _add(self, word: str, language: str) -> None:
        for index, form in ((self._exact, word), (self._plain, strip_accents(word))):
            languages = index.setdefault(form, [])
            if language not in languages:
                languages.append(language)

    def languages_of(self, word: str) -> tuple[str, ...]:
        """The languages of one lower-cased word (exact form first, then without accents)."""
        plain = strip_accents(word)
        if plain in self._ambiguous:
            return self._ambiguous[plain]
        found = self._exact.get(word) or self._plain.get(plain)
        return tuple(found) if found else ()

    def vote(self, tokens: Sequence[str]) -> LexiconVotes:
        """Votes of the words (phrases first, longest match) of one message."""
        result = LexiconVotes(n_words=len(tokens))
        plain = [strip_accents(token) for token in tokens]
        position = 0
        while position < len(tokens):
            phrase = self._phrase_at(plain, position)
            if phrase is not None:
                span, languages, lean = len(phrase[0]), phrase[1], False
            else:
                word = tokens[position]
                span, languages = 1, self.languages_of(word)
                lean = strip_accents(word) in self._ambiguous
            if languages:
                result.known += span
                share = span / len(languages)
                for code in languages:
                    result.votes[code] = result.votes.get(code, 0.0) + share
                if lean:
                    result.votes[languages[0]] += _LEAN
                elif len(languages) == 1:
                    result.unique_hits[languages[0]] = (
                        result.unique_hits.get(languages[0], 0) + span
                    )
            position += span
        return result

    def _phrase_at(
        self, plain: Sequence[str], position: int
    ) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
        """The longest phrase starting at ``position``, with its languages."""
        for length in range(min(self._longest_phrase, len(plain) - position), 1, -1):
            key = tuple(plain[position : position + length])
            if key in self._phrases:
                return key, tuple(self._phrases[key])
        return None
