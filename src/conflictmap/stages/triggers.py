"""The event lexicon: words and phrases that report an event, in English and French.

Each trigger has a class that decides, with the participants, the ACLED event type:

    ATTACK    attack, raid, ambush, storm, open fire   -> Battles or Violence against civilians
    CLASH     clash, fight, exchange of fire, repel    -> Battles / Armed clash
    KILL      kill, massacre, execute, neutralise      -> by the victims
    ABDUCT    kidnap, abduct, take hostage             -> Violence against civilians / Abduction
    SEXUAL    rape                                     -> Violence against civilians / Sexual violence
    IED       roadside bomb, landmine, IED             -> Explosions / Remote explosive/landmine/IED
    AIR       airstrike, drone strike                  -> Explosions / Air/drone strike
    SUICIDE   suicide bomber, kamikaze                 -> Explosions / Suicide bomb
    SHELL     shelling, mortar, rockets                -> Explosions / Shelling/artillery/missile attack
    GRENADE   grenade                                  -> Explosions / Grenade
    OVERTAKE  seize control of, overrun                -> Battles / Non-state actor overtakes territory
    REGAIN    retake, recapture                        -> Battles / Government regains territory
    AGREE     sign a peace deal, ceasefire             -> Strategic developments / Agreement
    ARREST    arrest, detain                           -> Strategic developments / Arrests
    LOOT      loot, burn, torch, destroy               -> Strategic developments / Looting/property destruction
    DEFUSE    defuse, dismantle explosives             -> Strategic developments / Disrupted weapons use
    BASE      set up a base                            -> Strategic developments / Headquarters or base established
    CHANGE    pledge allegiance, merge, new group      -> Strategic developments / Change to group/activity
    PROTEST   protest, demonstrate, march              -> Protests (or Riots with violence)
    RIOT      riot, set fire during a protest          -> Riots / Violent demonstration
    MOB       lynch, mob                               -> Riots / Mob violence

Patterns are regular expressions matched case-insensitively on the sentence text, so
offsets point into the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

STAGE = "triggers.lexicon.v1"


@dataclass(frozen=True)
class Trigger:
    cls: str
    pattern: re.Pattern[str]
    language: str          # en | fr | any
    weight: float          # how surely it reports an event (0..1)
    noun: bool = False     # a noun ("the attack"), not a verb


_RAW: list[tuple[str, str, str, float, bool]] = [
    # -- English ------------------------------------------------------------------
    ("SUICIDE", r"suicide[- ](?:bomb(?:er|ers|ing|ings)?|attack(?:er|ers|s)?|car bomb|vest)|blew (?:himself|herself|themselves) up|vbied", "en", 0.95, True),
    ("AIR", r"(?:air|drone|aerial)[- ]?strikes?|air raids?|air interdiction|(?:helicopter )?gunships?|aerial (?:bombardment|attack)s?|(?:bombed|struck|hit|targeted) (?:\w+ ){0,3}(?:by|from) (?:the air|an? (?:drone|aircraft|jet|helicopter|plane)s?)|helicopter gunships? (?:fired|struck|attacked)|(?:drone|aircraft|warplanes?|jets?|helicopters?) (?:struck|bombed|fired on|attacked|targeted|hit)|airstrikes?", "en", 0.95, True),
    ("IED", r"(?:roadside|improvised|homemade) (?:bomb|explosive device)s?|\bieds?\b|land ?mines?|explosive devices?|(?:hit|struck|ran over|triggered|drove over) (?:an? |the )?(?:\w+ )?(?:mine|explosive)|mine blast|bomb (?:blast|explosion|exploded)|(?:a |the )?bomb (?:went off|detonated)|(?:car|motorcycle) bomb", "en", 0.95, True),
    ("SHELL", r"shell(?:ed|ing|s)\b|indirect fire|mortars?(?: (?:rounds?|shells?|fire|attacks?))?|rocket(?:s| fire| attacks?)?\b(?! (?:technology|programs?|programmes?|launch\w*|engines?|scien\w+|tests?|industry|forces))|artillery(?: fire)?|missiles? (?:struck|hit)", "en", 0.85, True),
    ("GRENADE", r"(?<!tear gas )(?<!tear-gas )(?<!stun )grenades?(?! (?:of )?tear)", "en", 0.9, True),
    ("ABDUCT", r"kidnap(?:ped|ping|pings|s)?|abduct(?:ed|ing|ion|ions|s)?|(?:took|taking|taken|carried|carrying|led|leading) away|took (?:\w+ ){0,4}hostage|taken hostage|seized (?:\w+ ){0,3}(?:hostages?|captives?)|held captive|carried off", "en", 0.9, False),
    ("SEXUAL", r"rap(?:ed|ing|es|e)\b(?! (?:accusations?|charges?|case|trial|allegations?|claims?))|sexual(?:ly)? (?:violence|assault(?:ed)?|abuse)", "en", 0.85, False),
    ("OVERTAKE", r"(?:seized|took|taken|gained|seize|take|taking|seizing) (?:full )?control (?:of|over)|overr?(?:an|un|unning) (?:the )?(?:town|city|village|locality|district|commune|(?-i:[A-Z]))|(?:seized|captured|took|occupied) (?-i:[A-Z][a-zé]+)|captured (?:the |several |two |three |a )?(?:towns?|city|villages?|bases?|camps?|localit(?:y|ies)|district|commune)|took over (?:the )?(?:town|city|village|base|camp)|fell (?:in)?to (?:the )?(?:jihadists?|militants?|rebels?|insurgents?|fighters?)", "en", 0.85, False),
    ("REGAIN", r"re-?took|re-?taken|recaptured?|regained control (?:of|over) (?:the )?(?:town|city|village|area|region|district|base|camp|locality|(?-i:[A-Z]))|reclaimed (?:the )?(?:town|city|village|area|(?-i:[A-Z]))|liberated (?:the )?(?:town|city|village|area|(?-i:[A-Z]))|retook control|back under (?:government|army|state) control", "en", 0.85, False),
    ("AGREE", r"signed (?:\w+ ){0,4}(?:peace |ceasefire |cease-fire )?(?:deal|agreement|accord|truce|pact|ceasefire)|(?:agreed|agree) (?:\w+ ){0,3}(?:to|on) (?:a |an )?(?:ceasefire|cease-fire|truce|peace)|(?:peace|ceasefire) (?:deal|agreement|accord) (?:was |were )?signed|concluded (?:a |an )?(?:truce|ceasefire|peace)", "en", 0.85, False),
    ("ARREST", r"arrest(?:ed|ing|s)?\b|(?:broke up|broken up|dismantled|busted) (?:\w+ ){0,3}(?:cell|network|ring)|(?:holding|held) (?:\w+ ){0,3}(?:president|prime minister)|detain(?:ed|ing|s)?\b|apprehend(?:ed|ing)?|took (?:\w+ ){0,3}into custody|taken into custody|rounded up|(?:in custody|in (?:pre-?trial )?detention|behind bars)(?: \w+){0,2} since", "en", 0.75, False),
    ("LOOT", r"loot(?:ed|ing)?|ransack(?:ed|ing)?|pillag(?:ed|ing)|set (?:\w+ ){0,3}(?:on )?(?:fire|ablaze)|set fire to|torch(?:ed|ing)|burn(?:ed|t|ing) (?:down )?(?:\w+ ){0,3}(?:houses?|homes?|huts?|granaries|shops?|stalls|market|school|vehicles?|village|church|mosque|buildings?|offices?)|razed|(?:stole|rustled|drove away|drove off|made off with) (?:\w+ ){0,4}(?:cattle|livestock|cows|sheep|goats|camels)|destroy(?:ed|ing) (?:\w+ ){0,3}(?:houses?|homes?|bridge|mast|antenna|school|infrastructure|health cent(?:er|re)|vehicles?|granaries|shops?|buildings?|telecom\w*)|sabotaged|blew up (?:a |the )?(?:bridge|mast|antenna)", "en", 0.7, False),
    ("DEFUSE", r"defus(?:ed|ing) (?:\w+ ){0,3}(?:bombs?|ieds?|explosives?|devices?|mines?|grenades?|shells?|charges?)|(?<=device was found and )defused|(?<=devices were found and )defused|(?<=was )defused|(?<=were )defused|dismantl(?:ed|ing) (?:\w+ ){0,3}(?:explosive|ied|bomb|mine)s?|neutrali[sz]ed (?:an? |the |several |\w+ )?(?:ied|explosive device|bomb|mine)s?|seized (?:\w+ ){0,4}(?:weapons|arms|ammunition|explosives)|weapons cache", "en", 0.75, False),
    ("BASE", r"(?:set up|established|set-up|opened|built) (?:\w+ ){0,3}(?:a |an |new )?(?:military |forward |operating )?(?:base|camp|outpost|headquarters)", "en", 0.7, False),
    ("CHANGE", r"pledged (?:allegiance|loyalty)|(?:announced|said) (?:\w+ ){0,4}(?:(?:it|they) (?:was|were|is|are|would be) )?(?:leaving|withdrawing|pulling out)|merged (?:into|with)|announced (?:its|their|the) (?:merger|creation|formation|dissolution)|swore allegiance|new (?:coalition|alliance) (?:called|named)", "en", 0.7, False),
    ("TRANSFER", r"vacated (?:\w+ ){0,3}(?:base|camp)|withdrew from (?:\w+ ){0,3}(?:base|camp)|hand(?:ed|ing|s)? over (?:\w+ ){0,3}(?:base|camp|control|positions?)|handover of (?:\w+ ){0,3}(?:base|camp)|transferred control", "en", 0.8, False),
    ("RIOT", r"riot(?:s|ed|ing|ers)?\b|rioters|(?:hurled|threw|throwing|hurling) (?:\w+ )?stones|burn(?:ed|t|ing) tyres|(?:set up|erected) barricades|violent (?:protests?|demonstrations?)|(?:protesters|demonstrators|youths?|crowds?|supporters) (?:\w+ ){0,3}(?:set fire|torched|burned|ransacked|looted|stoned|threw stones|clashed with|attacked|stormed|tried to storm|forced their way)", "en", 0.85, False),
    ("MOB", r"(?-i:lynch(?:ed|ing)?)|mob (?:of \w+ )?(?:attacked|beat|killed|justice|set)|beaten to death by (?:a )?(?:mob|crowd)", "en", 0.85, False),
    ("PROTEST", r"protest(?:ed|ing|s)?\b|tear ?gas|dispersed\b|demonstrat(?:ed|ion|ions|ors|ing)\b|march(?:ed|es)? (?:\w+ ){0,3}(?:against|to demand|in support|through)|rall(?:y|ied|ies) (?:\w+ ){0,3}(?:against|to demand|in support)|sit-in|took to the streets", "en", 0.8, False),
    ("CLASH", r"clash(?:ed|es|ing)?\b|fought|fighting (?:broke out|erupted)|firefights?|gunfights?|gun battles?|exchanges? of (?:gun)?fire|exchanged fire|engaged in (?:combat|fighting)|repell?(?:ed|ing)? (?:an? |the )?(?:attack|assault|offensive)|repuls(?:ed|ing)|fierce fighting|heavy fighting|battles?\b|combat\b|skirmish(?:es)?|counter-?attack(?:ed)?", "en", 0.85, True),
    ("ATTACK", r"attack(?:ed|ing|s)?\b|ambush(?:ed|es|ing)?|raid(?:ed|s|ing)?\b|assault(?:ed|s|ing)?\b|stormed|open(?:ed)? fire|fired (?:on|at|upon)|struck (?:a |an |the )?(?:village|town|base|camp|convoy|post|position|checkpoint|market)|targeted (?:a |an |the )?(?:village|town|base|camp|convoy|post|position|checkpoint|market|patrol)|offensive", "en", 0.8, True),
    ("KILL", r"kill(?:ed|ing|s)?\b|massacr(?:ed|es|e)\b|execut(?:ed|ing|ion|ions)\b|slaughter(?:ed)?|slain|shot dead|murder(?:ed|s)?|gunned down|beheaded|slit (?:\w+ ){0,2}throats?|neutrali[sz]ed|died|dead\b|death toll|lost their lives|perished|bodies (?:were|of)|(?:in|caused|causing) the deaths? of", "en", 0.7, False),
    # -- French -------------------------------------------------------------------
    ("SUICIDE", r"kamikazes?|attentats?[- ]suicides?|attaques?[- ]suicides?|(?:s'est|se sont) fait exploser|véhicule piégé|voiture piégée|ceinture d'explosifs", "fr", 0.95, True),
    ("AIR", r"frappes? (?:aériennes?|de drones?|d'un drone|aérienne)|bombardements? aériens?|raids? aériens?|(?:drones?|avions?|aéronefs?|hélicoptères?) (?:\w+ ){0,2}(?:ont |a )?(?:frappé|bombardé|visé|pilonné)|frappes? (?:de|par) (?:l'aviation|l'armée de l'air)|moyens aériens", "fr", 0.95, True),
    ("IED", r"engins? explosifs?(?: improvisés?)?|\beei\b|mines? (?:artisanales?|antipersonnel|anti-char)|(?:sauté|sautés|sautée) sur (?:une |un )?(?:mine|engin)|explosion d'(?:une mine|un engin)|bombe artisanale|mine terrestre|heurté une mine|engin piégé", "fr", 0.95, True),
    ("SHELL", r"tirs? indirects?|tirs? d'obus|obus|roquettes?|mortiers?|tirs d'artillerie|pilonn(?:é|age)s?", "fr", 0.85, True),
    ("GRENADE", r"grenades?(?! lacrymogènes?)(?! assourdissantes?)", "fr", 0.9, True),
    ("ABDUCT", r"enlev(?:é|és|ée|ées|er|ement|ements|aient|ait)|kidnapp(?:é|és|ée|ées|ing|er)|rapt|pris(?:es)? en otages?|prise d'otages|séquestr(?:é|és|ée|ées)|emmen(?:é|és|ées)|(?:ont|a) (?:été )?enlevé", "fr", 0.9, False),
    ("SEXUAL", r"(?<!accusation de )(?<!accusations de )(?<!accusé de )(?<!plainte pour )viol(?:é|és|ée|ées|s)?\b|violences? sexuelles?|agress(?:é|és|ée|ées) sexuellement|agressions? sexuelles?", "fr", 0.8, False),
    ("OVERTAKE", r"(?:pris|prise|prendre) (?:\w+ ){0,2}le contrôle|(?:s'est|se sont|s'emparer|s'emparant|se sont emparés?) (?:\w+ ){0,2}empar(?:é|és|ée)s?|emparés? de|occup(?:é|ée|ent) (?:la ville|le village|la localité|le camp)|tomb(?:é|ée)e? (?:aux mains|entre les mains)", "fr", 0.85, False),
    ("REGAIN", r"repris? le contrôle|reprise de (?:la ville|la localité|contrôle)|reconquis|reconquête (?:de|du|d') ?(?:la ville|la localité|(?-i:[A-Z]))|reprendre le contrôle|libér(?:é|ée) (?:la ville|la localité)|repris (?:la ville|la localité)", "fr", 0.85, False),
    ("AGREE", r"sign(?:é|ent|er|ature)s? (?:\w+ ){0,4}(?:accord|cessez-le-feu|trêve|pacte)|accord de (?:paix|cessez-le-feu|non-agression)|cessez-le-feu|trêve|conclu (?:une trêve|un accord)|pacte de non-agression", "fr", 0.8, False),
    ("ARREST", r"arrêt(?:é|és|ée|ées|er|ait)\b|démantel\w* (?:\w+ ){0,3}(?:cellule|réseau)|ret(?:ien|en)\w* (?:\w+ ){0,4}(?:le président|le chef de l'état|le premier ministre)|interpell(?:é|és|ée|ées|ation|ations)|appréhend(?:é|és|ée|ées)|placés? en garde à vue|mis aux arrêts|capturé(?:s|e|es)?|déten(?:u|us|ue|ues)\b|écroués?|en détention (?:provisoire )?depuis", "fr", 0.75, False),
    ("LOOT", r"pill(?:é|és|ée|ées|age|ages|ant)|saccag(?:é|és|ée|ées|ant|e)|incendi(?:é|és|ée|ées|ant|er)|brûl(?:é|és|ée|ées|ant)|mis le feu|détrui(?:t|ts|te|tes|sant|re) (?:\w+ ){0,3}(?:maisons?|habitations?|greniers?|boutiques?|école|pont|antenne|pylône|infrastructures?|centre de santé|véhicules?|marché|cases?)|emport\w* (?:\w+ ){0,5}(?:bétail|têtes|troupeaux?|cheptel|animaux)|vol(?:é|és) (?:du |le |des )?bétail|razzia", "fr", 0.7, False),
    ("DEFUSE", r"désamorc(?:é|és|er|ée)|neutralis(?:é|és|er|ée|ées) (?:un |une |des |deux |plusieurs |\w+ )?(?:engins?|mines?|eei|explosifs?)|saisi (?:\w+ ){0,4}(?:armes|munitions|explosifs)|cache d'armes|démantel(?:é|er) (?:un |une |des )?(?:engins?|atelier)", "fr", 0.75, False),
    ("BASE", r"(?:install(?:é|er|ent)|établi|ouvert|construit) (?:\w+ ){0,3}(?:une |un |nouvelle |nouveau )?(?:base|camp militaire|poste avancé|quartier général)", "fr", 0.7, False),
    ("CHANGE", r"prêt(?:é|ent) allégeance|annonc\w* (?:\w+ ){0,3}(?:son|leur) retrait|annonc\w* (?:\w+ ){0,3}(?:sa|leur) (?:dissolution|fusion|création)|fait allégeance|fusionn(?:é|ent|er)|annonc(?:é|ent) (?:sa|leur) (?:fusion|création|dissolution)", "fr", 0.7, False),
    ("TRANSFER", r"rétrocéd\w*|remis aux|quitté (?:\w+ ){0,6}(?:son|sa|leur) (?:camp|base|emprise)|remis (?:\w+ ){0,3}(?:la |sa |leur )?(?:base|emprise|camp)|passation (?:de|du) (?:la |sa )?(?:base|camp|emprise)|transfert (?:de la |du )(?:base|camp|emprise)", "fr", 0.8, False),
    ("RIOT", r"émeutes?|émeutiers|jets? de pierres|lanc\w* des pierres|heurts entre (?:la foule|les manifestants|des manifestants|des jeunes|les jeunes)|pneus brûlés|barricades|manifestations? violentes?|(?:manifestants|jeunes|foule) (?:\w+ ){0,3}(?:ont incendié|ont brûlé|ont saccagé|ont pillé|ont jeté des pierres|se sont affrontés)", "fr", 0.85, False),
    ("MOB", r"lynch(?:é|és|ée|ées|age)|battu\w* à mort par (?:une|la) foule|foule en colère|vindicte populaire|justice populaire", "fr", 0.85, False),
    ("PROTEST", r"manifest(?:é|és|ée|ées|er|ent|ation|ations|aient)\b|gaz lacrymogènes?|dispers(?:é|és|ée|ées|er)\b|march(?:é|e|es) (?:\w+ ){0,3}(?:contre|pour|de soutien)|sit-in|rassembl(?:és|ement|ements) (?:\w+ ){0,3}(?:contre|pour|devant)|descendus? dans la rue|descendus? dans les rues", "fr", 0.8, False),
    ("CLASH", r"affrontements?|affront(?:é|és|er|ent)|combats?\b|accrochages?|échanges? de tirs|riposté|ripostant|riposte|repouss(?:é|és|ée|er|ant) (?:\w+ ){0,2}(?:attaque|assaut|assaillants|offensive)|violents combats|contre-attaque|engagés? (?:dans des|en) combats?|bataille", "fr", 0.85, True),
    ("ATTACK", r"attaqu(?:é|és|ée|ées|e|ent|er|ait|aient|ant|es)\b|pris(?:e|es)? à partie|harcel\w*|harcèlement|attaques?\b|embuscades?|assauts?\b|pris (?:d'assaut|pour cible|en embuscade)|ouvert le feu|ouvrant le feu|tiré sur|visé|ciblé(?:e|s)?|offensive|incursion|raid\b", "fr", 0.8, True),
    ("KILL", r"tu(?:é|és|ée|ées|ant|er|ait|aient)\b|massacr(?:é|és|ée|ées|e|es)\b|exécut(?:é|és|ée|ées|ion|ions)\b|abattu(?:s|e|es)?|assassin(?:é|és|at|ats)|égorg(?:é|és|ée|ées)|décapit(?:é|és)|neutralis(?:é|és|ée|ées|er|ant)|morts?\b|ont péri|a péri|perdu la vie|trouvé la mort|décès|bilan", "fr", 0.7, False),
]

TRIGGERS: tuple[Trigger, ...] = tuple(
    Trigger(cls, re.compile(r"(?<![\w-])(?:" + pattern + r")(?![\w])", re.IGNORECASE), lang, weight, noun)
    for cls, pattern, lang, weight, noun in _RAW
)

# Which class wins when several appear in one clause (earlier is stronger).
PRIORITY: tuple[str, ...] = (
    "SUICIDE", "AIR", "IED", "SHELL", "GRENADE", "OVERTAKE", "REGAIN", "ABDUCT", "SEXUAL",
    "MOB", "RIOT", "TRANSFER", "CLASH", "ATTACK", "KILL", "LOOT", "PROTEST", "ARREST", "DEFUSE", "AGREE",
    "BASE", "CHANGE",
)

# The fixed typing of classes whose type does not depend on participants.
FIXED_TYPES: dict[str, tuple[str, str]] = {
    "SUICIDE": ("Explosions/Remote violence", "Suicide bomb"),
    "AIR": ("Explosions/Remote violence", "Air/drone strike"),
    "IED": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "SHELL": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "GRENADE": ("Explosions/Remote violence", "Grenade"),
    "ABDUCT": ("Violence against civilians", "Abduction/forced disappearance"),
    "SEXUAL": ("Violence against civilians", "Sexual violence"),
    "OVERTAKE": ("Battles", "Non-state actor overtakes territory"),
    "REGAIN": ("Battles", "Government regains territory"),
    "AGREE": ("Strategic developments", "Agreement"),
    "ARREST": ("Strategic developments", "Arrests"),
    "LOOT": ("Strategic developments", "Looting/property destruction"),
    "DEFUSE": ("Strategic developments", "Disrupted weapons use"),
    "BASE": ("Strategic developments", "Headquarters or base established"),
    "CHANGE": ("Strategic developments", "Change to group/activity"),
    "RIOT": ("Riots", "Violent demonstration"),
    "TRANSFER": ("Strategic developments", "Non-violent transfer of territory"),
    "MOB": ("Riots", "Mob violence"),
    "PROTEST": ("Protests", "Peaceful protest"),
    "CLASH": ("Battles", "Armed clash"),
}


@dataclass(frozen=True)
class TriggerHit:
    cls: str
    start: int
    end: int
    text: str
    weight: float
    noun: bool


def find_triggers(text: str, language: str, offset: int = 0) -> list[TriggerHit]:
    """Every trigger in `text` (offsets shifted by `offset`), longest first on overlaps."""
    hits: list[TriggerHit] = []
    for trig in TRIGGERS:
        if trig.language not in (language, "any"):
            continue
        for m in trig.pattern.finditer(text):
            hits.append(TriggerHit(trig.cls, m.start() + offset, m.end() + offset, m.group(0),
                                   trig.weight, trig.noun))
    hits.sort(key=lambda h: (h.start, -(h.end - h.start), PRIORITY.index(h.cls)))
    kept: list[TriggerHit] = []
    for hit in hits:
        if kept and hit.start < kept[-1].end:
            continue
        kept.append(hit)
    return kept
