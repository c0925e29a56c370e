"""Text rules of the places stage: name spans, location cues, blocked names, relative
locations, datelines. Pure functions over text, English and French; no gazetteer here.

    name_spans(text)           capitalised word sequences that may name a place
    cue_before(text, start)    the location cue right before a name ("village of", "près de")
    blocked_spans(text)        actor and media names that contain place names
    relative_expressions(text) "30 km north of X", "entre X et Y", "near the border with X"
    dateline_end(text)         where a "NOUAKCHOTT, Mauritania —" dateline ends
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS as _EN_STOP
from spacy.lang.fr.stop_words import STOP_WORDS as _FR_STOP

from ..models import Place, fold

# -- words ----------------------------------------------------------------------------

MONTHS: frozenset[str] = frozenset(fold(w) for w in (
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec "
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre").split())
DAYS: frozenset[str] = frozenset(fold(w) for w in (
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday "
    "lundi mardi mercredi jeudi vendredi samedi dimanche").split())
TITLES: frozenset[str] = frozenset(fold(w) for w in (
    "Gen General Col Colonel Lt Lieutenant Capt Captain Maj Major Sgt Sergeant Cpl Mr Mrs Ms Dr "
    "President Minister Prime Sheikh Cheikh Imam Emir Amir Chief Commander Brig Adm Gov Governor "
    "Mayor Sen Senator Rep Prof Pr Me M Mme Mlle Général Colonel Capitaine Commandant Président "
    "Ministre Maire Préfet Gouverneur Sergent Adjudant Caporal Lieutenant-colonel Chef Sultan "
    "Hadj El-Hadj Elhadj Alhaji Pope Père Abbé King Queen Prince Princess Reverend Rev Father").split())
DIRECTION_WORDS: frozenset[str] = frozenset(fold(w) for w in (
    "north south east west northern southern eastern western central north-east north-west "
    "south-east south-west northeast northwest southeast southwest northeastern northwestern "
    "southeastern southwestern centre-nord upper lower greater far nord sud est ouest").split())
STOP: frozenset[str] = frozenset(fold(w) for w in _EN_STOP | _FR_STOP) | MONTHS | DAYS

# Words that, written before a name, say it is a place ("village of X", "près de X").
_PLACE_NOUNS_EN = (r"village|villages|town|towns|city|cities|locality|localities|commune|hamlet|"
                   r"settlement|area|region|province|district|department|prefecture|cercle|circle|"
                   r"state|county|camp|base|garrison|outpost|outskirts|vicinity|environs|market|"
                   r"road|highway|axis|border|frontier|north|south|east|west|north-east|north-west|"
                   r"south-east|south-west|northeast|northwest|southeast|southwest|km|kilometres|"
                   r"kilometers|miles|forest|capital|municipality|rural commune|gold mine|mine|"
                   r"well|wells|valley|plateau|desert|lake")
_PLACE_NOUNS_FR = (r"village|villages|ville|villes|localité|localités|commune|communes|hameau|"
                   r"cercle|région|province|département|préfecture|arrondissement|camp|base|"
                   r"garnison|poste|environs|alentours|périphérie|sortie|entrée|abords|portes|"
                   r"nord|sud|est|ouest|nord-est|nord-ouest|sud-est|sud-ouest|km|kilomètres|"
                   r"frontière|zone|secteur|axe|route|marché|forêt|massif|vallée|site|"
                   r"chef-lieu|capitale|mine|puits|quartier|campement|cité")
CUE_RE = re.compile(
    r"(?:\b(?:in|near|at|around|outside|inside|from|to|toward|towards|into|across|between|"
    r"via|through|reached|entered|nearby|en route to|on the road to|on the outskirts of|"
    r"close to|north of|south of|east of|west of)\s+(?:the\s+)?"
    r"|\b(?:" + _PLACE_NOUNS_EN + r")\s+of\s+(?:the\s+)?"
    r"|\b(?:attacked|attack\s+on|attacks\s+on|raided|raid\s+on|stormed|struck|seized|captured|"
    r"retook|recaptured|took|overran|besieged|shelled|bombed|fled|left|evacuated|residents\s+of|"
    r"people\s+of|villagers\s+of|inhabitants\s+of|displaced\s+from|returned\s+to|"
    r"deployed\s+(?:to|in)|reinforcements\s+to|moved\s+to)\s+(?:the\s+)?"
    r"|\b(?:attaqué|attaque|attaques|attaquer|assaut|frappé|pris|repris|encerclé|assiégé|"
    r"quitté|fui|évacué|déplacés|réfugiés|habitants|populations?|ressortissants|"
    r"déployés?|renforts)\s+(?:contre\s+|sur\s+|de\s+la\s+|de\s+l['’]|de\s+|du\s+|d['’]|à\s+|au\s+)?(?:la\s+|le\s+|les\s+|l['’])?"
    r"|\b(?:à|a|au|aux|en|dans|vers|depuis|entre|jusqu'à|jusqu’à|près\s+de|non\s+loin\s+de|"
    r"à\s+proximité\s+de|autour\s+de|sur)\s+(?:la\s+|le\s+|les\s+|l['’])?"
    r"|\b(?:" + _PLACE_NOUNS_FR + r")\s+(?:de\s+la\s+|de\s+l['’]|de\s+|du\s+|des\s+|d['’])"
    r"|\b(?:d['’]|l['’]))$",
    re.IGNORECASE)
# Cues that announce a populated place even when the gazetteer does not know it.
VILLAGE_CUE_RE = re.compile(
    r"\b(?:(?:village|town|hamlet|locality|commune)\s+of|(?:army|military)\s+(?:camp|base|post)\s+(?:of|at|in)"
    r"|(?:village|localité|commune|hameau|ville)\s+(?:de\s+|d['’])"
    r"|(?:camp|poste|base|garnison)\s+(?:militaire\s+|de\s+gendarmerie\s+|de\s+l['’]armée\s+)?(?:de\s+|d['’]))\s*$",
    re.IGNORECASE)
# Ethnic and community names that are also place names ("the Dogon village of ...").
ETHNIC: frozenset[str] = frozenset(fold(w) for w in (
    "Dogon Dogons Fulani Fulanis Peul Peuls Peulh Peulhs Tuareg Tuaregs Touareg Touaregs Bambara "
    "Bambaras Songhai Songhay Songhoy Arab Arabs Arabe Arabes Haoussa Hausa Mossi Dozo Dozos Bozo "
    "Bozos Imghad Ifoghas Daoussahak Kanuri Djerma Zarma Gourmantché Gourmantche Fula Foulani "
    "Soninké Soninke Malinké Malinke Senoufo Bobo Dafing Kel").split())

# A generic word after a name ("Mopti region", "Borno State", "Sama forest") or before it
# ("région de Mopti", "cercle de Bankass", "forêt de Sama"), and what kind of place it says.
SUFFIX_HINTS: dict[str, str] = {
    "region": "admin1", "state": "admin1", "regions": "admin1",
    "province": "admin2", "cercle": "admin2", "circle": "admin2", "department": "admin2",
    "prefecture": "admin2", "district": "admin2", "commune": "admin3", "municipality": "admin3",
    "forest": "forest", "river": "river", "lake": "lake", "valley": "area", "mountains": "mountain",
    "hills": "mountain", "area": "area", "zone": "area", "camp": "camp", "airport": "airport",
}
PREFIX_HINTS: dict[str, str] = {
    "region": "admin1", "etat": "admin1", "province": "admin2", "cercle": "admin2",
    "departement": "admin2", "prefecture": "admin2", "commune": "admin3", "arrondissement": "admin3",
    "foret": "forest", "fleuve": "river", "riviere": "river", "lac": "lake", "vallee": "area",
    "massif": "mountain", "monts": "mountain", "zone": "area", "camp": "camp", "aeroport": "airport",
    "village": "populated", "ville": "populated", "localite": "populated", "hameau": "populated",
}
HINT_FEATURES: dict[str, tuple[str, ...]] = {
    "admin1": ("A.ADM1",), "admin2": ("A.ADM2",), "admin3": ("A.ADM3", "A.ADM2", "P."),
    "forest": ("V.",), "river": ("H.STM", "H.WAD"), "lake": ("H.LK",), "area": ("L.", "T."),
    "mountain": ("T.",), "camp": ("S.", "P."), "airport": ("S.AIR",), "populated": ("P.",),
}

# Names of actors, media and institutions that contain place names ("Ansar Dine" is not
# a place; the "Maghreb" of "Al Qaeda in the Islamic Maghreb" is not one either).
_BLOCKED = [
    r"Ansar(?:\s+(?:al|el)[- ]?|\s+|\s+Ed)?Dine", r"Ansar\s*[ou]l?\s*Islam", r"Ansaroul\s+Islam",
    r"Islamic\s+State(?:\s+(?:in|of)\s+(?:the\s+)?(?:Greater\s+Sahara|Sahel|West\s+Africa))?"
    r"(?:\s+(?:West\s+Africa|Sahel)\s+Province)?",
    r"(?:État|Etat|l['’]État|l['’]Etat)\s+islamique(?:\s+(?:au|dans\s+le)\s+(?:Grand\s+)?Sahara|"
    r"\s+au\s+Sahel|\s+en\s+Afrique\s+de\s+l['’]Ouest|\s+dans\s+le\s+Grand\s+Sahara)?",
    r"(?:West\s+Africa|Sahel)\s+Province", r"Province\s+(?:de\s+l['’]Afrique\s+de\s+l['’]Ouest|du\s+Sahel)",
    r"Boko\s+Haram", r"Al[- ]?Q[a]?[e']?[ïi]?da(?:\s+in\s+the\s+Islamic\s+Maghreb|\s+au\s+Maghreb\s+islamique)?",
    r"Al[- ]?Qaeda", r"Al[- ]?Qaïda(?:\s+au\s+Maghreb\s+islamique)?", r"(?:the\s+)?Islamic\s+Maghreb",
    r"Maghreb\s+islamique",
    r"Katiba\s+\w+", r"(?:Front\s+de\s+libération\s+du|Macina\s+Liberation\s+Front|Liberation\s+Front\s+of)\s*Macina?",
    r"(?:National\s+)?Movement\s+for\s+the\s+(?:Liberation|Salvation)\s+of\s+(?:the\s+)?Azawad",
    r"Mouvement\s+(?:national\s+)?(?:de\s+libération|pour\s+le\s+salut|arabe)\s+de\s+l['’]Azawad",
    r"Arab\s+Movement\s+of\s+(?:the\s+)?Azawad", r"Coordination\s+of\s+(?:the\s+)?Azawad\s+Movements",
    r"Coordination\s+des\s+mouvements\s+de\s+l['’]Azawad",
    r"High\s+Council\s+for\s+the\s+Unity\s+of\s+(?:the\s+)?Azawad",
    r"Haut\s+conseil\s+pour\s+l['’]unité\s+de\s+l['’]Azawad", r"Dan\s+Na\s+Ambassagou",
    r"G5[- ]Sahel(?:\s+Joint\s+Force)?", r"Force\s+conjointe\s+du\s+G5[- ]Sahel",
    r"Africa\s+Corps", r"(?:U\.?S\.?\s+)?Africa\s+Command", r"AFRICOM",
    r"Liptako[- ]Gourma\s+Authority", r"Autorité\s+(?:de\s+développement\s+intégré\s+)?(?:de\s+la\s+région\s+)?du\s+Liptako[- ]Gourma",
    r"(?:The\s+)?Washington\s+Post", r"New\s+York\s+Times", r"Agence\s+France[- ]Presse",
    r"France[- ]Presse", r"Radio\s+France\s+Internationale", r"France\s+24", r"Jeune\s+Afrique",
    r"Voice\s+of\s+America", r"Al\s+Jazeera", r"BBC\s+Afrique", r"Le\s+Monde", r"Studio\s+Tamani",
    r"Le\s+Monde\s+Afrique", r"Sahel\s+Intelligence", r"University\s+of\s+[A-Z]\w+(?:\s+[A-Z]\w+)?",
    r"Université\s+de\s+[A-Z]\w+", r"Mali\s+Airport", r"Air\s+Mali", r"Radio\s+Mali",
    r"Banque\s+(?:mondiale|africaine)", r"World\s+Bank", r"African\s+Union", r"Union\s+africaine",
    r"Economic\s+Community\s+of\s+West\s+African\s+States", r"ECOWAS", r"CEDEAO", r"MINUSMA",
    r"Barkhane", r"Serval", r"Takuba", r"Sabre", r"Wagner", r"Koglweogo", r"Mourabitoun",
    r"(?:Operation|Opération)\s+\w+",
]
BLOCKED_RE = re.compile(r"\b(?:" + "|".join(_BLOCKED) + r")\b", re.IGNORECASE)

DEMONYMS: dict[str, str] = {fold(k): v for k, v in {
    "Malian": "ML", "Malians": "ML", "malien": "ML", "malienne": "ML", "maliens": "ML", "maliennes": "ML",
    "Burkinabe": "BF", "Burkinabè": "BF", "Burkinabes": "BF", "burkinabé": "BF", "burkinabés": "BF",
    "Nigerien": "NE", "Nigeriens": "NE", "nigérien": "NE", "nigérienne": "NE", "nigériens": "NE",
    "Mauritanian": "MR", "mauritanien": "MR", "mauritanienne": "MR", "mauritaniens": "MR",
    "Ivorian": "CI", "ivoirien": "CI", "ivoirienne": "CI", "ivoiriens": "CI",
    "Nigerian": "NG", "nigérian": "NG", "nigériane": "NG", "nigérians": "NG",
    "Chadian": "TD", "tchadien": "TD", "tchadienne": "TD", "tchadiens": "TD",
    "Senegalese": "SN", "sénégalais": "SN", "sénégalaise": "SN", "Beninese": "BJ", "béninois": "BJ",
    "béninoise": "BJ", "Togolese": "TG", "togolais": "TG", "Ghanaian": "GH", "ghanéen": "GH",
    "Guinean": "GN", "guinéen": "GN", "Cameroonian": "CM", "camerounais": "CM", "Algerian": "DZ",
    "algérien": "DZ", "algérienne": "DZ", "Libyan": "LY", "libyen": "LY",
}.items()}

# -- name spans -----------------------------------------------------------------------

_WORD_RE = re.compile(r"[^\W\d_][\w'’\-]*", re.UNICODE)
_ELISION_RE = re.compile(r"^(?:[dlDL]|qu|Qu|jusqu)['’](?=\w)")
CONNECTORS: frozenset[str] = frozenset({"de", "du", "des", "la", "le", "el", "al", "es", "ag", "ould",
                                        "ben", "n", "i", "d'", "l'"})
SENTENCE_END_RE = re.compile(r"(?:[.!?…:;]\s+|\n\s*|^\s*)$")


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    text: str
    cap: bool
    initial: bool    # first word of a sentence or line


def words(text: str) -> list[Word]:
    """Words with elisions ("d'Inatès" -> "Inatès") and possessives ("Mali's") removed."""
    out: list[Word] = []
    for m in _WORD_RE.finditer(text):
        start, end, token = m.start(), m.end(), m.group()
        elided = _ELISION_RE.match(token)
        if elided:
            start += elided.end()
            token = token[elided.end():]
        for suffix in ("'s", "’s", "'", "’", "-"):
            if token.endswith(suffix) and len(token) > len(suffix):
                token, end = token[: -len(suffix)], end - len(suffix)
        if not token:
            continue
        initial = bool(SENTENCE_END_RE.search(text[max(0, start - 4):start])) or start == 0
        out.append(Word(start, end, token, token[0].isupper(), initial))
    return out


def name_spans(text: str, max_words: int = 5) -> list[tuple[int, int, int]]:
    """(start, end, first word index) of capitalised sequences, longest first per start.

    A sequence is up to `max_words` words, each capitalised or a connector ("Boucle du
    Mouhoun", "Gourma-Rharous", "Côte d'Ivoire"), separated by single spaces and ending
    on a capitalised word. Every sub-sequence starting on a capitalised word is listed,
    so the caller can take the longest one the gazetteer knows.
    """
    ws = words(text)
    spans: list[tuple[int, int, int]] = []
    for i, w in enumerate(ws):
        if not w.cap:
            continue
        j = i
        ends = [i]
        while j + 1 < len(ws) and j + 1 - i < max_words:
            gap = text[ws[j].end:ws[j + 1].start]
            if gap not in (" ", " d'", " d’", " l'", " l’", "-", " - "):
                break
            nxt = ws[j + 1]
            if not (nxt.cap or nxt.text.lower() in CONNECTORS):
                break
            j += 1
            if nxt.cap:
                ends.append(j)
        for k in reversed(ends):
            spans.append((w.start, ws[k].end, i))
    return spans


def cue_before(text: str, start: int) -> str | None:
    """The location cue ending right before `start`, or None."""
    window = text[max(0, start - 60):start]
    m = CUE_RE.search(window)
    return m.group().strip() if m else None


def village_cue_before(text: str, start: int) -> bool:
    return bool(VILLAGE_CUE_RE.search(text[max(0, start - 40):start]))


def prefix_hint(text: str, start: int) -> tuple[str | None, int]:
    """A generic word right before a name ("région de", "lac", "cercle de"): (hint, its start)."""
    window = text[max(0, start - 40):start]
    m = re.search(r"\b([\w\-]+)\s+(?:de\s+la\s+|de\s+l['’]|de\s+|du\s+|des\s+|d['’])?$", window)
    if not m:
        return None, start
    hint = PREFIX_HINTS.get(fold(m.group(1)))
    return (hint, start - len(window) + m.start(1)) if hint else (None, start)


def suffix_hint(text: str, end: int) -> tuple[str | None, int]:
    """A generic word right after a name ("Mopti region", "Borno State"): (hint, its end)."""
    m = re.match(r"\s+([A-Za-z\-]+)\b", text[end:end + 20])
    if not m:
        return None, end
    hint = SUFFIX_HINTS.get(m.group(1).lower())
    return (hint, end + m.end(1)) if hint else (None, end)


def title_before(text: str, start: int) -> bool:
    """True when a personal title precedes the name ("Gen. Oumar Dao", "M. Koné")."""
    m = re.search(r"\b([A-Za-zÀ-ÿ\-]+)\.?\s+(?:[A-ZÀ-Þ][\w\-]*\.?\s+){0,2}$", text[max(0, start - 50):start])
    return bool(m and fold(m.group(1)) in TITLES)


def blocked_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of actor, media and institution names that contain place names."""
    return [(m.start(), m.end()) for m in BLOCKED_RE.finditer(text)]


def demonym_countries(text: str) -> dict[str, int]:
    """ISO2 -> how often a demonym of the country appears ("Malian troops")."""
    counts: dict[str, int] = {}
    for m in re.finditer(r"[^\W\d_]+", text):
        iso = DEMONYMS.get(fold(m.group()))
        if iso:
            counts[iso] = counts.get(iso, 0) + 1
    return counts


# -- datelines, origins, speakers ----------------------------------------------------------

DATELINE_RE = re.compile(
    r"^[ \t]*(?:[A-ZÀ-Þ][A-ZÀ-Þ'’\-]+(?:[ \t][A-ZÀ-Þ][A-ZÀ-Þ'’\-]+){0,3})"
    r"(?:,[ \t]*[A-ZÀ-Þ][\w'’\-]+(?:[ \t][A-ZÀ-Þ][\w'’\-]+){0,2})?"
    r"(?:[ \t]*\((?:AFP|Reuters|AP|VOA|APA|Xinhua|ANP|AIB)\))?[ \t]*(?:—|–|--|-)[ \t]*",
    re.MULTILINE)


def dateline_ranges(text: str) -> list[tuple[int, int]]:
    """Ranges of datelines at the start of a line: "NOUAKCHOTT, Mauritania — "."""
    return [(m.start(), m.end()) for m in DATELINE_RE.finditer(text)]


ORIGIN_RE = re.compile(
    r"\b(?:came|come|coming|arrived|crossed|fled|infiltrated|who\s+came)\s+(?:in\s+)?from\s+(?:neighbou?ring\s+)?(?:the\s+)?$"
    r"|\b(?:venus?|venant|venues?|arrivés?|en\s+provenance|originaires?|repliés?|infiltrés?)\s+(?:du|de\s+la|des|de|d['’])\s*(?:l['’])?(?:pays\s+voisin,?\s*(?:le|la)?\s*)?$"
    r"|\b(?:based|headquartered)\s+in\s+$|\bbasés?\s+(?:au|en|à)\s+$",
    re.IGNORECASE)


def is_origin(text: str, start: int) -> bool:
    """True when the place is where attackers came from ("came from Mauritania")."""
    return bool(ORIGIN_RE.search(text[max(0, start - 60):start]))


BORDER_NOUN_BEFORE_RE = re.compile(r"\b(?:near|along|on|at|close\s+to)\s+the\s+$", re.IGNORECASE)
BORDER_NOUN_AFTER_RE = re.compile(r"^\s+(?:border|frontier)\b", re.IGNORECASE)

SPEECH_RE = re.compile(
    r"\b(?:said|says|told|announced|declared|stated|spoke|speaking|statement|press conference|"
    r"interview|a déclaré|a dit|a indiqué|a affirmé|a annoncé|déclare|selon|conférence de presse|"
    r"communiqué|a expliqué|a précisé|a assuré)\b", re.IGNORECASE)


def speaker_context(sentence: str) -> bool:
    return bool(SPEECH_RE.search(sentence))


# -- relative locations ------------------------------------------------------------------

BEARINGS: dict[str, float] = {
    "north": 0, "nord": 0, "northern": 0, "north-east": 45, "northeast": 45, "nord-est": 45,
    "east": 90, "est": 90, "eastern": 90, "south-east": 135, "southeast": 135, "sud-est": 135,
    "south": 180, "sud": 180, "southern": 180, "south-west": 225, "southwest": 225,
    "sud-ouest": 225, "west": 270, "ouest": 270, "western": 270, "north-west": 315,
    "northwest": 315, "nord-ouest": 315,
}
_NUMBER_WORDS: dict[str, float] = {
    "a dozen": 12, "une douzaine": 12, "une dizaine": 10, "une quinzaine": 15, "une vingtaine": 20,
    "une trentaine": 30, "une quarantaine": 40, "une cinquantaine": 50, "une soixantaine": 60,
    "une centaine": 100, "ten": 10, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "a hundred": 100, "one hundred": 100, "dix": 10, "vingt": 20, "trente": 30,
    "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100, "fifteen": 15, "quinze": 15,
}
_DIR = r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west|nord|sud|est|ouest|nord-est|nord-ouest|sud-est|sud-ouest)"
_NUM = (r"(?P<num>\d+(?:[.,]\d+)?|" + "|".join(re.escape(k) for k in sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")")
_QUAL = r"(?:(?:about|some|around|roughly|nearly|almost|approximately|over|more\s+than|less\s+than|up\s+to|just|environ|près\s+de|plus\s+de|moins\s+de|quelque|quelques)\s+)?"
_UNIT = r"(?P<unit>km|kms|kilometres|kilometers|kilomètres|miles|mi)\b"

# Each pattern ends right where the reference place name starts (matched with $ on the
# text before a place span).
RELATIVE_BEFORE: list[tuple[str, re.Pattern[str]]] = [
    ("offset", re.compile(
        r"(?:\b(?:à|a)\s+)?" + _QUAL + _NUM + r"(?:\s+de|\s+d['’])?\s*" + _UNIT + r"(?:\s+\(\d+\s+\w+\))?\s*"
        r"(?:(?:to\s+the\s+)?(?P<dir>" + _DIR + r")(?:\s+of|\s+from)|(?:au|à\s+l['’]|à\s+l)\s*(?P<dirfr>" + _DIR + r")\s+(?:de\s+la\s+|de\s+l['’]|de\s+|du\s+|d['’])"
        r"|(?:of|from|outside|de\s+la\s+|de\s+l['’]|de\s+|du\s+|d['’]))\s*(?:the\s+(?:town|city|village)\s+of\s+|la\s+ville\s+de\s+|la\s+localité\s+de\s+)?$",
        re.IGNORECASE)),
    ("direction", re.compile(
        r"\b(?:(?:to\s+the\s+|just\s+)?(?P<dir>" + _DIR + r")\s+of|(?:au|à\s+l['’]|à\s+l)\s*(?P<dirfr>" + _DIR + r")\s+(?:de\s+la\s+|de\s+l['’]|de\s+|du\s+|d['’]))\s*(?:the\s+(?:town|city|village)\s+of\s+)?$",
        re.IGNORECASE)),
    ("near", re.compile(
        r"\b(?:near|nearby|close\s+to|outside|just\s+outside|on\s+the\s+outskirts\s+of|the\s+outskirts\s+of|"
        r"outskirts\s+of|in\s+the\s+vicinity\s+of|not\s+far\s+from|around)\s+(?:the\s+town\s+of\s+|the\s+city\s+of\s+|the\s+village\s+of\s+)?$"
        r"|\b(?:près|non\s+loin|aux\s+environs|dans\s+les\s+environs|à\s+proximité|aux\s+abords|"
        r"à\s+la\s+sortie|en\s+périphérie|à\s+la\s+périphérie|dans\s+la\s+périphérie|"
        r"autour|aux\s+alentours|dans\s+les\s+alentours)\s+(?:de\s+la\s+ville\s+de\s+|du\s+village\s+de\s+|de\s+la\s+localité\s+de\s+|de\s+|d['’])(?:la\s+ville\s+de\s+|d['’])?$",
        re.IGNORECASE)),
]
BETWEEN_RE = re.compile(r"\b(?:between|entre)\s+$", re.IGNORECASE)
AND_RE = re.compile(r"^\s+(?:and|et)\s+$", re.IGNORECASE)
BORDER_RE = re.compile(
    r"\b(?:near|along|on|at|close\s+to|across)\s+(?:the\s+|its\s+|their\s+)?(?:\w+\s+)?(?:border|frontier)\s+with\s+(?:the\s+)?$"
    r"|\b(?:près\s+de|le\s+long\s+de|à|sur|non\s+loin\s+de|à\s+proximité\s+de)\s+la\s+frontière\s+(?:avec|du|de\s+la|de\s+l['’]|de|d['’])\s*(?:le\s+|la\s+|l['’])?$",
    re.IGNORECASE)
BORDER_ADJ_RE = re.compile(
    r"\b(?:near|along|on|at|close\s+to)\s+the\s+(?P<adj>Malian|Burkinabe|Burkinabè|Nigerien|Mauritanian|Ivorian|Nigerian|Algerian|Beninese|Togolese|Ghanaian|Guinean|Senegalese|Chadian|Libyan)\s+(?:border|frontier)\b"
    r"|\b(?:près\s+de|le\s+long\s+de|à|sur|non\s+loin\s+de|à\s+proximité\s+de)\s+la\s+frontière\s+(?P<adjfr>malienne|burkinabè|burkinabé|burkinabe|nigérienne|mauritanienne|ivoirienne|nigériane|algérienne|béninoise|togolaise|ghanéenne|guinéenne|sénégalaise|tchadienne|libyenne)\b",
    re.IGNORECASE)


@dataclass(frozen=True)
class Relative:
    """A relative expression found before a place span."""

    kind: str                  # offset | direction | near | between | border
    start: int                 # start of the whole expression
    distance_km: float | None = None
    bearing: float | None = None


def relative_before(text: str, start: int) -> Relative | None:
    """The relative expression ending right before a place name at `start`, if any."""
    window_start = max(0, start - 90)
    window = text[window_start:start]
    for kind, pattern in RELATIVE_BEFORE:
        m = pattern.search(window)
        if not m:
            continue
        groups = m.groupdict()
        direction = groups.get("dir") or groups.get("dirfr")
        bearing = BEARINGS.get(direction.lower().replace("northeast", "north-east")
                               .replace("northwest", "north-west").replace("southeast", "south-east")
                               .replace("southwest", "south-west")) if direction else None
        distance = None
        if groups.get("num"):
            raw = groups["num"].lower().replace(",", ".")
            distance = _NUMBER_WORDS.get(raw) or float(raw)
            if groups.get("unit", "").lower() in ("miles", "mi"):
                distance *= 1.609
        return Relative(kind, window_start + m.start(), distance, bearing)
    return None


def destination(lat: float, lon: float, bearing_deg: float, distance_km: float) -> tuple[float, float]:
    """The point `distance_km` from (lat, lon) on `bearing_deg` (great circle, R = 6371 km)."""
    r = 6371.0
    phi1, lam1, theta = math.radians(lat), math.radians(lon), math.radians(bearing_deg)
    delta = distance_km / r
    phi2 = math.asin(math.sin(phi1) * math.cos(delta) + math.cos(phi1) * math.sin(delta) * math.cos(theta))
    lam2 = lam1 + math.atan2(math.sin(theta) * math.sin(delta) * math.cos(phi1),
                             math.cos(delta) - math.sin(phi1) * math.sin(phi2))
    return round(math.degrees(phi2), 5), round((math.degrees(lam2) + 540) % 360 - 180, 5)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dphi, dlam = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlam / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


@lru_cache(maxsize=32768)
def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """The sentence (or line) around a position (cached: resolution asks it often)."""
    left = max(text.rfind(". ", 0, pos), text.rfind("\n", 0, pos), text.rfind("! ", 0, pos),
               text.rfind("? ", 0, pos))
    start = left + 1 if left >= 0 else 0
    ends = [i for i in (text.find(". ", pos), text.find("\n", pos), text.find("! ", pos),
                        text.find("? ", pos)) if i >= 0]
    return start, (min(ends) + 1 if ends else len(text))


def paragraph_bounds(text: str, pos: int) -> tuple[int, int]:
    left = text.rfind("\n", 0, pos)
    right = text.find("\n", pos)
    return (left + 1 if left >= 0 else 0), (right if right >= 0 else len(text))


# -- precision and small helpers ----------------------------------------------------------

LINEAR = ("H.STM", "H.WAD", "H.STMI", "H.STMD")
AREAS = ("L.RGN", "L.AREA", "L.PRK", "L.RESF", "L.RESN", "T.MTS", "T.PLAT", "T.DSRT", "T.ERG",
         "L.CONT", "H.SEA")


def precision_codes(e: Any) -> tuple[int, int]:
    """(ACLED geo_precision, UCDP where_prec) of a gazetteer entry."""
    f = e.feature
    if f == "A.PCLI":
        return 3, 6
    if f == "A.ADM1":
        return 3, 4
    if f in ("A.ADM2", "A.ADM3", "A.ADM4"):
        return 2, 3
    if f.startswith(LINEAR):
        return 2, 5
    if f.startswith(AREAS) or e.fclass == "L":
        geo = e.precision or 3
        return geo, 5 if geo == 3 else 2
    if f.startswith(("V.", "H.LK")):
        return e.precision or 2, 2
    geo = e.precision or 1
    return geo, {1: 1, 2: 2, 3: 4}[geo]


def specificity(p: Place) -> int:
    """Lower is more specific: relative/point 0-1, district 2, region 3, area 4, country 5."""
    if p.latitude is None:
        return 7
    if p.where_prec == 6:
        return 5
    order = {1: 1, 2: 1, 3: 2, 4: 3, 5: 4, 7: 6}
    rank = order.get(p.where_prec or 7, 6)
    if p.source == "relative" and (p.where_prec or 7) <= 3:
        rank = 0
    if p.source == "within":
        rank = 1    # a named village the text puts in a unit: coded at the unit, still the point
    return rank


def coordinated(gap: str) -> bool:
    return bool(re.fullmatch(r",\s*|,?\s+(?:and|et|or|ou)\s+(?:de\s+|d['’]|à\s+|au\s+|in\s+|at\s+)?", gap))


def compass(bearing: float) -> str:
    names = ["N", "NE", "E", "SE", "S", "SW", "W", "NW"]
    return names[int((bearing % 360) / 45 + 0.5) % 8]


def midpoint(lat1: float, lon1: float, lat2: float, lon2: float) -> tuple[float, float]:
    return round((lat1 + lat2) / 2, 5), round((lon1 + lon2) / 2, 5)


def strip_accents(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


# Between a place and the admin unit the text puts it in: "Goneri, in the Gujba area of
# Yobe State", "Kadawa village in Zamfara's", "Yoro, dans le cercle de Koro", "Kagara,
# Niger State". A bare comma counts only before a unit written as one ("Niger State").
_WITHIN = (r"(?:\s+(?:village|town|hamlet|locality|commune|localité|hameau))?\s*,?\s*"
           r"(?:in|within|dans|en|au)\s+(?:the\s+|le\s+|la\s+|les\s+|l['’])?"
           r"(?:[\w'’\-]+\s+){0,3}?(?:(?:of|de|du|des)\s+(?:the\s+|la\s+|l['’])?|d['’])?")
WITHIN_RE = re.compile(r"^" + _WITHIN + r"$", re.IGNORECASE)
WITHIN_COMMA_RE = re.compile(r"^\s*[,(]\s*(?:(?:in|dans)\s+)?$", re.IGNORECASE)
UNIT_WORD_RE = re.compile(r"^(?:région|region|cercle|province|préfecture|département)\b|"
                          r"\b(?:state|region|province|cercle|department|prefecture|district)$",
                          re.IGNORECASE)
