"""Patterns and word lists of the relation stage (English and French).

The relation stage rewrites each sentence into a "slotted" string in which every
party (an actor mention, a state named by its country, an anaphor) is replaced by
a token ``⟨n⟩``, determiners before a party dropped and French contractions
before a party folded (``d'`` / ``du`` / ``des`` -> ``de``, ``au`` / ``aux`` -> ``à``):

    "Smugglers moving cocaine across northern Mali pay AQIM for safe passage"
    -> "⟨0⟩ moving cocaine across northern Mali pay ⟨1⟩ for safe passage"

The rules below are regular expressions over that string. Gaps between the parts
of a rule never contain another party (``[^⟨⟩]``), so a rule binds the parties
next to its trigger and never a pair that is merely named in the same sentence.

Group names a rule may use:
    a, b      the two sides (each a list of parties: "X, Y and Z")
    ab        one list whose members are tied pairwise ("X and Y fought each other")
    what      the thing given or the statement (checked by ``requires``)
    place     the area of controls_area

Groups are named by meaning, whatever their order in the sentence. ``Rule.relation`` "funding" is
decided from the words: payments for passage, protection, ransom or taxes make the
receiver `funded_by` the payer; grants and transfers make the giver `funds` the
receiver (the conventions of tests/gold/relations/ACTORS_USED.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# ---------------------------------------------------------------- building blocks

X = r"⟨\d+⟩"
_STOP = (r"(?:\w+ed|and|et|or|ou|with|avec|where|when|which|who|whom|whose|while|as|after|before|since|"
         r"but|because|if|that|than|où|quand|qui|que|qu|dont|mais|tandis|lorsque|puis|then|also|is|are|was|"
         r"were|has|have|had|est|sont|a|ont|in|en|dans|to|à|for|pour|by|par|on|sur|against|contre|not|ne|pas)")
_FILLER = (r"(?:(?:the|its|their|his|her|la|le|les|l'|des|de|d'|du|sa|son|ses|à|aux|au)\s*)?"
           rf"(?:(?!{_STOP}\b)[\w'-]+\s+){{0,2}}?"
           r"(?:(?:of|de|du|des|d')\s*(?:the\s+|la\s+|le\s+|l')?)?")
CONJ = (r"(?:\s*,\s*(?:and\s+|et\s+)?|\s+(?:and|et|as well as|ainsi que|&)\s+)(?:(?:those|ceux|celles)\s+"
        r"(?:of|de|du|des|d')\s*(?:the\s+|la\s+|le\s+|l')?(?:[\w-]+\s+(?:of|de|du|des|d')\s*)?|" + _FILLER + ")")
LIST = rf"{X}(?:{CONJ}{X})*"
# an apposition or parenthetical after a party: ", a small jihadist group in Nigeria,"
APP = r"(?:\s*,[^⟨⟩,;]{1,80},|\s*\([^⟨⟩()]{1,60}\))?"
# a reduced relative or a prepositional modifier after a subject
MOD = (r"(?:\s+(?:\w+ing|who|that|qui|which|based|active|operating|dominant|présents?|actifs?|"
       r"basée?s?|of|from|de|du|des|in)\b[^⟨⟩,.;:]{0,60}?)?")
# auxiliaries, adverbs and negation between a subject and its verb
AUX = (r"(?:\s*,(?=\s))?(?:,?\s+(?:n'a|n'ont|n'avait|n'avaient|n'est|n'était|ne sont|which|who|that|qui|has|have|had|"
       r"also|again|once again|de nouveau|à nouveau|been|later|then|formally|publicly|officially|denied|deny|denies|a démenti|ont démenti|démenti|avoir|"
       r"having|affirmé|affirme|affirment|prétend|prétendent|claims to|claimed to|claim to|lundi|mardi|mercredi|"
       r"jeudi|vendredi|samedi|dimanche|hier|on \w+day|"
       r"reportedly|allegedly|widely|a|ont|avait|avaient|aurait|auraient|est|sont|été|has been|"
       r"have been|had been|is|are|was|were|not|never|no longer|n'|ne|jamais|already|déjà|"
       r"still|toujours|may|might|could|be|being|both|all|tous|toutes|deux|désormais|now|s'est|"
       r"se sont|en|y|lui|leur|\w+ly|\w+ment)\b)*")
SUBJ = rf"(?P<a>{LIST}){APP}{MOD}{AUX}"
AUX_NC = AUX.replace(r"(?:\s*,(?=\s))?", "", 1)      # no comma: "X and Y, at war with each other," is an aside
G20 = r"[^⟨⟩]{0,20}?"
G40 = r"[^⟨⟩]{0,40}?"
G60 = r"[^⟨⟩]{0,60}?"
G100 = r"[^⟨⟩]{0,100}?"
# a head noun before a party: "to fighters of", "aux milices de"
BPRE = (r"(?:its\s+|their\s+|sa\s+|son\s+|ses\s+|leurs?\s+)?"
        r"(?:(?:the\s+|les\s+|la\s+|le\s+|des\s+)?[\w-]+\s+(?:of|de|des|du|d')\s*(?:the\s+|la\s+|le\s+|l')?)?")

MILITARY_GOODS = re.compile(
    r"\b(?:arms|weapons?|drones?|helicopters?|aircraft|jets?|planes?|ammunition|munitions?|armes?|avions?|"
    r"hélicoptères?|équipements?|equipment|vehicles?|véhicules|blindés|armou?red|trainers|instructors|"
    r"formateurs|instructeurs|fighters|combattants|mat[ée]riel|rifles|missiles|formation|training|"
    r"explosives?|explosifs|guns|fusils)\b", re.I)
MONEY_WORDS = re.compile(
    r"(?:\ben\s+(?:re)?vers\w*|\b(?:money|ransoms?|rançons?|euros?|dollars?|CFA|naira|funds?|fonds|payments?|millions?|"
    r"milliards?|billions?|argent|tax(?:es)?|taxe|impôts?|levy|levies|zakat|fees?|tolls?|cash|"
    r"financement|funding|subsid\w+)\b|[$€£]\s?\d)", re.I)
FEE_WORDS = re.compile(
    r"\b(?:passage|protection|ransoms?|rançons?|tax(?:es)?|taxe|impôts?|levy|levies|zakat|fees?|tolls?|"
    r"droits? de passage|services|racket\w*|extort\w*|security|sécurité)\b", re.I)
TERROR_LIST = re.compile(
    r"\b(?:terror\w*|FTO|sanctions?|list|liste|terroristes?|criminal organi[sz]ation|organisations? criminelles?|"
    r"blacklist\w*)\b", re.I)
AGREEMENT_WORDS = (r"(?:deal|agreement|accord|ceasefire|cease-fire|truce|pact|pacte|trêve|cessez-le-feu|"
                   r"peace|paix|memorandum|protocole|armistice|arrangement)")

# --------------------------------------------------------------------- the rules


@dataclass(frozen=True)
class Rule:
    name: str
    relation: str                 # a relation type, or "funding"
    pattern: re.Pattern[str]
    requires: re.Pattern[str] | None = None   # must match the `what` group (or the whole match)
    pairs_in_b: bool = False      # also tie the members of b pairwise ("with X and Y")
    confidence: float = 0.8


def _r(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


RULES: list[Rule] = [
    # ---- affiliated_with: a -> b
    Rule("branch_of", "affiliated_with", _r(
        rf"(?P<a>{LIST}),?\s+(?:(?:which|qui)\s+)?(?:(?:is|was|are|est|était|sont)\s+)?(?:(?:a|an|the|its|one of the|la|une|l'une des|l'un des)\s+)?"
        rf"(?:[\w-]+\s+){{0,2}}?(?:branch|affiliate|franchise|wing|offshoot|arm|province|subsidiary|branche|"
        rf"filiale|franchise|émanation|affilié)s?\s+(?:of|to|for|de|à)\s+(?:(?:the|its|broader|wider|la|le)\s+)*"
        rf"(?P<b>{X})"), confidence=0.85),
    Rule("pledged", "affiliated_with", _r(
        rf"{SUBJ}\s*(?:pledged|pledges|pledge|swore|sworn|swear|renewed|a fait|ont fait|fait|a prêté|ont prêté|"
        rf"prêté|prêter|faire)\s+(?:its\s+|their\s+|son\s+|leur\s+)?(?:allegiance|loyalty|bay'?a|allégeance)\s+"
        rf"(?:to|à)\s+(?:(?:the)\s+)?(?P<b>{X})"), confidence=0.9),
    Rule("pledged_creating", "affiliated_with", _r(
        rf"(?:pledged|swore|sworn|a prêté|a fait)\s+(?:allegiance|allégeance)\s+(?:to|à)\s+(?P<b>{X}){G40},\s+"
        rf"(?:thereby\s+)?(?:creating|forming|founding|giving birth to|créant|fondant|donnant naissance à)\s+"
        rf"(?:what\s+(?:became|would become)\s+known\s+as\s+|ce qui deviendra\s+)?(?P<a>{X})"), confidence=0.8),
    Rule("joined", "affiliated_with", _r(
        rf"{SUBJ}\s*(?:joined|rejoined|merged into|became part of|is part of|are part of|was part of|were part of|"
        rf"integrated into|folded into|is a member of|are members of|was a member of|were members of|"
        rf"a rejoint|ont rejoint|a intégré|ont intégré|fait partie de|font partie de|faisait partie de|"
        rf"est membre de|sont membres de|(?:sont|est)\s+(?:tous deux\s+|toutes deux\s+)?membres? de|"
        rf"s'est fondue? dans|se sont fondus dans|part of|rejoint|intégré)\s+(?P<b>{X})"), confidence=0.85),
    Rule("includes", "affiliated_with", _r(
        rf"(?P<b>{X}){APP},?\s+(?:which|that|qui)\s+(?:includes|include|included|comprises|comprised|"
        rf"comprend|comprenait|regroupe|regroupait|rassemble|rassemblait)\s+(?P<a>{LIST})"),
        confidence=0.8),
    Rule("affiliated_to", "affiliated_with", _r(
        rf"(?P<a>{X}){APP}{MOD},?\s+(?:(?:is|was|are|were|est|sont|d'être|to be)\s+)?"
        rf"(?:(?:a|an|the|un|une|le|la)\s+(?:[\w-]+\s+){{0,2}}?(?:group|groupe|faction|movement|mouvement|"
        rf"organi[sz]ation|militia|milice)\s+)?(?:(?:directly|closely|étroitement)\s+)?"
        rf"(?:affiliated|linked|tied|loyal|aligned|affilié|affiliée|affiliés|lié|liée|liés|inféodée?s?)\s+"
        rf"(?:with|to|à)\s+(?P<b>{X})"), confidence=0.75),
    Rule("merger_of", "affiliated_with", _r(
        rf"(?P<b>{X}),?\s+(?:né|née|formé|formée|créé|créée|issu|issue|born|formed|created|founded)\b{G60}"
        rf"(?:fusion|merger|union|regroupement|alliance)\s+(?:de|of)\s+(?P<a>{LIST})"), confidence=0.85),
    Rule("merged_to_form", "affiliated_with", _r(
        rf"(?P<a>{LIST}){AUX}\s*(?:merged|fused|se sont unis|ont fusionné)\s+(?:into|to form|pour former|pour créer)\s+"
        rf"(?P<b>{X})"), confidence=0.85),
    Rule("founded_by_merging", "affiliated_with", _r(
        rf"(?P<b>{X}),\s+(?:the|le|la)\s+(?:group|organi[sz]ation|movement|groupe|mouvement){G60}"
        rf"(?:by merging|en fusionnant){G40}(?:with|avec)\s+(?P<a>{X})"), confidence=0.75),
    Rule("founding_members", "affiliated_with", _r(
        rf"(?P<a>{X}(?:{CONJ}{X})+){AUX}\s*(?:created|formed|founded|launched|set up|ont créé|ont fondé|ont formé|"
        rf"ont lancé|ont mis sur pied|créé|fondé|formé|lancé)\s+{G20}(?P<b>{X})"), confidence=0.75),
    Rule("placed_under", "affiliated_with", _r(
        rf"(?P<a>{X}){G60}(?:placed under|placée? sous|operating under|operates under|under)\s+"
        rf"(?:the\s+|l')?(?:authority|command|control|autorité|commandement|tutelle)\s+(?:of|de|du|des)\s+"
        rf"(?P<b>{X})"), confidence=0.7),

    # ---- cooperates_with: symmetric
    Rule("alongside", "cooperates_with", _r(
        rf"{SUBJ}{G60}\b(?:alongside|aux côtés de|à côté de|together with|in cooperation with|in coordination with|"
        rf"en coordination avec|en collaboration avec|in tandem with|side by side with|in support of|en appui à|"
        rf"en appui de)\s+{BPRE}(?P<b>{LIST})"), confidence=0.75),
    Rule("joint_with", "cooperates_with", _r(
        rf"{SUBJ}{G40}\b(?:joint|combined|conjointes?|commune?s?)\s+(?:\w+\s+){{0,2}}?(?:with|avec)\s+{BPRE}"
        rf"(?P<b>{LIST})"), pairs_in_b=True, confidence=0.8),
    Rule("cooperate_with", "cooperates_with", _r(
        rf"{SUBJ}\s*(?:of\s+|d'|de\s+)?(?:cooperat\w*|collaborat\w*|collud\w*|colluding|coordinat\w*|work(?:s|ed|ing)? (?:closely )?|"
        rf"joined forces|allied|ally|allies|teamed up|collabore\w*|coopère\w*|coopérer|collaborer|s'est allié|"
        rf"se sont alliés|s'est rapproché|se sont rapprochés|rapproché|travaill\w+|agit|agissent)\s*"
        rf"(?:closely\s+|étroitement\s+)?(?:with|avec|de|à)\s+{BPRE}(?P<b>{LIST})"), confidence=0.8),
    Rule("jointly", "cooperates_with", _r(
        rf"(?P<ab>{LIST}){APP}{MOD}{AUX}\s*(?:(?P<what>(?:\w+\s+){{0,3}}?)(?:jointly|together|ensemble|conjointement)|"
        rf"(?:\w+\s+){{0,2}}?(?:coordinated|coordinating|coordonn\w+|cooperated|cooperating|collaborated|"
        rf"collaborating|collaborent|coopèrent|joined forces|ont uni leurs forces|working together|work together|"
        rf"worked together))\b"), requires=re.compile(
            r"^$|claim|carr|conduct|launch|lead|led|attack|fought|fight|ran|run|administ|control|held|hold|patrol|"
            r"operat|plan|organi|execut|revendiqu|men|attaqu|combatt|contrôl|patrouill|dirig|occup|gér|seiz|took|"
            r"mount|stag|signed|sign|work|act|cooper|collabor|coordinat|travaill|agiss|opér", re.I), confidence=0.75),
    Rule("joint_ops_list", "cooperates_with", _r(
        rf"(?P<ab>{X}(?:{CONJ}{X})+){APP}{AUX}{G40}(?:(?:joint|combined|conjointes?)\s+"
        rf"(?:operations?|patrols?|offensives?|opérations?|patrouilles?|attacks?|attaques?)|(?:operations?|"
        rf"opérations?|patrouilles?|offensives?|attaques?)\s+(?:conjointes?|communes?|combinées?))"), confidence=0.8),
    Rule("ties_with", "cooperates_with", _r(
        rf"{SUBJ}(?P<what>{G40})\b(?:connection|connections|links?|ties|contacts?|liens?)\s+(?:\w+\s+){{0,2}}?"
        rf"(?:with|to|avec)\s+{BPRE}(?P<b>{X})"), requires=re.compile(r"^(?!.*\b(?:improv|reset|repair|restor|"
        r"strain|diplomatic|trade|normali|sever|cut|renew|econom|warm|close)\w*).*$", re.I | re.S), confidence=0.6),
    Rule("close_to", "cooperates_with", _r(
        rf"{SUBJ}\s*(?:seen as\s+|considered\s+|considéré comme\s+)?(?:close to|proche de|proches de)\s+(?P<b>{X})"),
        confidence=0.6),
    Rule("accompanies", "cooperates_with", _r(
        rf"{SUBJ}\s*(?:accompanies|accompany|accompanied|accompagne|accompagnent|assists|assisted|épaule|épaulent|"
        rf"appuie|appuient|mentors|fights with|fought with)\s+{BPRE}(?P<b>{LIST})"), confidence=0.7),

    # ---- rival_of: symmetric
    Rule("fought_each_other", "rival_of", _r(
        rf"(?P<ab>{LIST}){MOD}{AUX_NC}\s*(?:\w+\s+){{0,2}}?(?:(?:fought|fight|fighting|battled|battling|attacked|"
        rf"clashed|clashing|at war|been at war|waged war on|turned on)\s+(?:with\s+)?(?:each other|one another)|"
        rf"clashed\b(?!\s+(?:with|against))|are enemies|were enemies|are rivals|were rivals|compete|competed|"
        rf"competing|feud|feuding|s'affrontent|s'affrontaient|se combattent|se combattaient|se livrent|"
        rf"se livraient|se disputent|se disputaient|sont en guerre|étaient en guerre|s'opposent|sont rivaux|"
        rf"sont ennemis|se font la guerre)\b"), confidence=0.85),
    Rule("fighting_between", "rival_of", _r(
        rf"\b(?:fighting|clashes|war|rivalry|conflict|hostilities|battles?|combats|affrontements|guerre|rivalité|"
        rf"heurts)\s+(?:\w+\s+){{0,2}}?(?:between|entre)\s+{BPRE}(?P<ab>{LIST})"), confidence=0.85),
    Rule("clashed_with", "rival_of", _r(
        rf"{SUBJ}\s*(?:clashed|fought|battled|has been fighting|have been fighting|is fighting|are fighting|"
        rf"a affronté|ont affronté|affronte|affrontent|combat|combattent|a combattu|ont combattu)\s+"
        rf"(?:(?:with|against|contre)\s+)?{BPRE}(?P<b>{LIST})"), confidence=0.75),
    Rule("drove_out", "rival_of", _r(
        rf"{SUBJ}\s*(?:drove|pushed|chased|expelled|ousted|routed|a chassé|ont chassé|chassent|a délogé|ont délogé)\s+"
        rf"(?P<b>{LIST})\s+(?:out|away|de|d'|du|des|hors)"), confidence=0.8),
    Rule("whom_it_fights", "rival_of", _r(
        rf"(?P<a>{X}),?\s+(?:qu'|que\s+|which\s+|that\s+|whom\s+)(?P<b>{X})\s+(?:combat|combattent|fights|"
        rf"is fighting|affronte|affrontent)"), confidence=0.75),
    Rule("against_joint", "rival_of", _r(
        rf"(?:joint|combined|conjointes?)\s+(?:\w+\s+){{0,2}}?(?:with|avec)\s+{BPRE}(?P<a>{LIST})\s+"
        rf"(?:against|contre)\s+{BPRE}(?P<b>{LIST})"), confidence=0.7),

    # ---- supplies: a -> b
    Rule("supplied_to", "supplies", _r(
        rf"{SUBJ}\s*(?:de\s+|d')?(?:supplied|supplies|supply|supplying|delivered|delivers|deliver|provided|provides|"
        rf"provide|sold|sells|sell|sent|sends|send|gave|gives|shipped|donated|transferred|handed over|fourni|"
        rf"fournit|fournir|fournissent|fournissait|livré|livre|livrer|livrent|vendu|vend|vendre|envoyé|envoie|"
        rf"envoyer|offert|cédé|remis|apporté|transféré)\b(?P<what>(?:(?!\b(?:to|pour|afin)\b)[^⟨⟩]){{1,90}}?)"
        rf"\s(?:to|à|aux|au)\s+{BPRE}"
        rf"(?P<b>{LIST})"), requires=MILITARY_GOODS, confidence=0.85),
    Rule("supplied_with", "supplies", _r(
        rf"{SUBJ}\s*(?:de\s+|d'|to\s+|of\s+)?(?:supplied|supplies|supply|supplying|arming|armed|arms|arm|equipped|"
        rf"equipping|equips|approvisionner|approvisionne|approvisionnent|ravitailler|ravitaille|armer|arme|"
        rf"arment|équiper|équipe)\s+(?P<b>{LIST})(?P<what>\s+(?:with|en)\s+[^⟨⟩]{{1,40}})?"),
        requires=None, confidence=0.75),
    Rule("weapons_smuggled_by", "supplies", _r(
        rf"(?P<what>weapons|arms|armes|munitions|ammunition|drones)\s+(?:used|held|seized|of|utilisées|de)\s+"
        rf"(?:by\s+|par\s+)?(?P<b>{X}){G100}(?:smuggled|supplied|delivered|provided|sold|shipped|brought|"
        rf"fournies|livrées|vendues|acheminées|introduites)\b{G40}\s(?:by|par)\s+(?P<a>{X})"), confidence=0.6),

    # ---- designated_by: a <- b
    Rule("designated_by", "designated_by", _r(
        rf"(?P<a>{LIST}){APP}{AUX}\s*,?\s*(?:designated|listed|blacklisted|sanctioned|"
        rf"désignée?s?|inscrite?s?|placée?s?|classée?s?|ajoutée?s?|qualifiée?s?)\b(?P<what>[^⟨⟩]{{0,90}}?)"
        rf"\s(?:by|par)\s+(?P<b>{X})"), requires=TERROR_LIST, confidence=0.9),
    Rule("designated_agentless", "designated_by", _r(
        rf"(?P<a>{LIST}){APP}{AUX}\s*(?:was|were|has been|have been|had been|a été|ont été)\s+"
        rf"(?:officially\s+|formally\s+)?(?:designated|listed|blacklisted|sanctioned|désignée?s?|inscrite?s?|"
        rf"placée?s?|classée?s?|ajoutée?s?)\b(?P<what>[^⟨⟩]{{0,120}})"), confidence=0.7),
    Rule("designates", "designated_by", _r(
        rf"(?P<b>{X}){APP}{MOD}{AUX}\s*(?:designated|designates|designate|listed|blacklisted|sanctioned|added|"
        rf"put|placed|a désigné|a inscrit|a placé|a ajouté|désigne|inscrit|a classé|ont désigné|ont inscrit)\s+"
        rf"(?P<a>{LIST})(?P<what>[^⟨⟩]{{0,90}})"), requires=TERROR_LIST, confidence=0.9),
    Rule("which_designated", "designated_by", _r(
        rf"(?P<a>{X}),?\s+(?:which|that|whom|que|qu')\s+(?P<b>{X})\s+{AUX}\s*(?:designated|listed|sanctioned|"
        rf"a désigné|a inscrit|a classé)\b(?P<what>[^⟨⟩]{{0,90}})"), requires=TERROR_LIST, confidence=0.9),
    Rule("imposed_sanctions", "designated_by", _r(
        rf"(?P<b>{X}){APP}{AUX}\s*(?:imposed|imposes|impose|slapped|levied|announced|adopted|a imposé|ont imposé|"
        rf"imposent|a infligé|imposé|décrété|ont décrété|a décrété|adopté)\s+(?:\w+\s+){{0,3}}?(?:sanctions|embargo|restrictions)\s+(?:\w+\s+){{0,2}}?"
        rf"(?:on|against|contre|à|sur)\s+(?P<a>{LIST})"), confidence=0.85),
    Rule("sanctions_imposed_on", "designated_by", _r(
        rf"(?P<b>{X}){G60}\bsanctions\b{G40}(?:imposed|imposées?|infligées?)\s+(?:on|à|contre|against)\s+"
        rf"(?P<a>{LIST})"), confidence=0.8),

    # ---- agreement_with: symmetric
    Rule("signed_with", "agreement_with", _r(
        rf"{SUBJ}\s*(?:signed|sign|signs|concluded|reached|struck|agreed|negotiated|a signé|ont signé|signé|"
        rf"a conclu|ont conclu|conclu|a négocié|ont négocié)\b(?P<what>[^⟨⟩]{{0,60}}?{AGREEMENT_WORDS}"
        rf"[^⟨⟩]{{0,40}}?)\s(?:with|avec)\s+(?P<b>{LIST})"), confidence=0.85),
    Rule("signed_with_among", "agreement_with", _r(
        rf"(?:signed|a signé|ont signé)\b[^⟨⟩]{{0,60}}?{AGREEMENT_WORDS}[^⟨⟩]{{0,40}}?\s(?:with|avec)\s+"
        rf"(?P<b>{X}),\s+(?:among them|including|notably|parmi lesquels|dont|notamment)\s+(?P<a>{LIST})"),
        confidence=0.8),
    Rule("pair_signed", "agreement_with", _r(
        rf"(?P<ab>{X}(?:{CONJ}{X})+){APP}{AUX}\s*(?:signed|concluded|reached|struck|ont signé|ont conclu|"
        rf"signent)\b(?P<what>[^⟨⟩]{{0,60}}?{AGREEMENT_WORDS})"), confidence=0.85),
    Rule("agreement_between", "agreement_with", _r(
        rf"(?P<what>(?:\b[\w'-]+\s+){{0,4}})\b{AGREEMENT_WORDS}\b[^⟨⟩.;]{{0,60}}?\b(?:between|entre)\s+{BPRE}"
        rf"(?P<ab>{LIST})"), requires=re.compile(r"^(?!.*\b(?:propos|potential|possible|call|push|seek|negotiat|hope|wish|want|urg|espèr|"
        r"souhait|talks|would|could|plan|proposé|éventuel|possible|appel|négoci|pourparlers|envisag)\w*).*$", re.I | re.S),
        confidence=0.8),
    Rule("fight_ended_truce", "agreement_with", _r(
        rf"\b(?:fighting|clashes|war|conflict|combats|affrontements)\s+(?:between|entre)\s+{BPRE}(?P<ab>{LIST})"
        rf"[^⟨⟩.;]{{0,60}}?(?:ended|ended with|led to|se sont achevés|a pris fin)[^⟨⟩.;]{{0,20}}?"
        rf"{AGREEMENT_WORDS}"), confidence=0.75),
    Rule("pact_with", "agreement_with", _r(
        rf"{SUBJ}\s*(?:\w+\s+){{0,3}}?(?:deal|agreement|accord|pact|pacte|truce|trêve|ceasefire|cessez-le-feu)"
        rf"\s+(?:de\s+non-agression\s+|of non-aggression\s+|de paix\s+|peace\s+)?(?:with|avec)\s+(?P<b>{X})"),
        confidence=0.6),

    # ---- controls_area: a -> place
    Rule("controls", "controls_area", _r(
        rf"{SUBJ}\s*(?:(?:d'|de\s+|to\s+)?(?:controls|controlled|control|controlling|holds|held|hold|occupies|occupé|contrôlé|tenu|"
        rf"occupied|occupy|administers|administered|runs|ran|took control of|taken control of|has taken control of|"
        rf"contrôle|contrôlent|contrôlait|contrôlaient|contrôler|a occupé|ont occupé|occupe|occupent|occupait|"
        rf"occupaient|tenaient|tenait|tient|tiennent|a pris le contrôle|ont pris le contrôle|administre|"
        rf"administrait|administraient))\b(?P<place>[^⟨⟩.;]{{2,90}})"), confidence=0.75),

    # ---- money: funded_by / funds
    Rule("pays", "funding", _r(
        rf"{SUBJ}\s*(?:have to\s+|must\s+|doivent\s+)?(?:pay|pays|paid|paying|payer|payé|payent|paient|versent|verse|"
        rf"versé|verser|reversent|hire|hires|hired|a payé|ont payé)\s+(?:à\s+)?{BPRE}(?P<b>{X})"
        rf"(?P<what>[^⟨⟩]{{0,80}})"), confidence=0.8),
    Rule("pays_to", "funding", _r(
        rf"{SUBJ}\s*(?:de\s+|d')?(?:pay|pays|paid|paying|payer|payé|payent|paient|versent|verse|versé|verser|"
        rf"reverse|reversent|a versé|ont versé|gave|gives|give|sent|sends|send|pledged|pledges|promised|donated|"
        rf"granted|transferred|transfers|allocated|contributed|a donné|a promis|a accordé|a octroyé|envoie|"
        rf"a envoyé)\b(?P<what>(?:(?!\b(?:to|pour|afin)\b)[^⟨⟩]){{1,90}}?)\s(?:to|à|aux|au)\s+{BPRE}(?P<b>{X})"),
        requires=MONEY_WORDS,
        confidence=0.8),
    Rule("funds", "funds", _r(
        rf"{SUBJ}\s*(?:de\s+|d'|of\s+)?(?:funds|funded|funding|fund|finances|financed|financing|finance|financent|"
        rf"financer|a financé|ont financé|bankrolls|bankrolled|sponsors|sponsored|subsidi[sz]es)\s+{BPRE}"
        rf"(?P<b>{X})"), confidence=0.8),
    Rule("financed_by", "funded_by", _r(
        rf"(?P<a>{X}){APP}{MOD}{AUX}\s*(?:financed|funded|fueled|fuelled|bankrolled|sustained|supported|"
        rf"financée?s?|alimentée?s?)\s+[^⟨⟩]{{0,80}}?(?:by|par)\s+[^⟨⟩]{{0,60}}?(?P<b>{X})"), confidence=0.7),
    Rule("receives_from", "funded_by", _r(
        rf"{SUBJ}\s*(?:receives?|received|receiving|gets?|got|obtained|obtains?|collects?|collected|earns?|earned|"
        rf"extorts?|extorted|raised|raises|a obtenu|ont obtenu|obtient|a reçu|ont reçu|reçoit|reçoivent|reçoive|"
        rf"perçoit|perçoivent|touche|a touché)\b(?P<what>[^⟨⟩]{{0,120}}?)\s?(?:from|de|des|d'|auprès\s+d[eu]s?)\s*"
        rf"(?:[\w-]+\s+){{0,3}}?(?P<b>{X})"), requires=MONEY_WORDS, confidence=0.75),
    Rule("levies", "funded_by", _r(
        rf"{SUBJ}\s*(?:collects?|collected|levies|levy|levied|imposes?|imposed|taxes|taxed|extorts?|prélève|"
        rf"prélèvent|prélevait|impose|imposent|perçoit|perçoivent|lève|lèvent|rackette|rackettent|racketteer\w*)\b"
        rf"(?P<what>[^⟨⟩.;]{{0,120}})"), confidence=0.7),
    Rule("get_paid", "funded_by", _r(
        rf"{SUBJ}\s*(?:get|gets|got|are|is|were|was|sont|est)\s+paid\b(?P<what>[^⟨⟩.;]{{0,100}})"), confidence=0.7),
]

# ----------------------------------------------------------------- word lists

# payers and descriptive parties the actor base does not name (kind, English, French)
ECONOMIC_PARTIES: list[tuple[str, str]] = [
    ("smugglers", r"(?:(?:human|drug|arms|migrant|cocaine)\s+(?:and\s+(?:human|drug)\s+)?)?"
                  r"(?:trafficking|smuggling)\s+(?:networks?|rings?|gangs?|routes?)|smugglers|traffickers|"
                  r"drug traffickers|convoys?|réseaux de trafiquants|réseaux de trafic|trafiquants|passeurs|"
                  r"contrebandiers|convois|convoi"),
    ("miners", r"(?:artisanal\s+)?(?:gold\s+)?miners|(?:artisanal\s+)?(?:gold|mining)\s+sites|orpailleurs|"
               r"sites d'orpaillage|sites aurifères|chercheurs d'or"),
    ("fishermen", r"fishermen|fishers|pêcheurs"),
    ("civilians", r"villagers|residents|herders|herds|livestock|harvests|farmers|traders|families|familles|"
                  r"éleveurs|troupeaux|villageois|habitants|commerçants|agriculteurs|populations?"),
    ("european_governments", r"European governments|Western governments|gouvernements européens|"
                             r"gouvernements occidentaux"),
    ("security_council", r"(?:UN|U\.N\.|United Nations)\s+Security Council|Security Council|"
                         r"Conseil de sécurité(?:\s+de l'ONU|\s+des Nations unies)?"),
]

# capitals used for their governments ("Bamako denied", "Washington a inscrit")
CAPITALS: dict[str, str] = {
    "Bamako": "Mali", "Ouagadougou": "Burkina Faso", "Niamey": "Niger", "Nouakchott": "Mauritania",
    "Abuja": "Nigeria", "N'Djamena": "Chad", "Ndjamena": "Chad", "Yaoundé": "Cameroon", "Dakar": "Senegal",
    "Abidjan": "Ivory Coast", "Cotonou": "Benin", "Porto-Novo": "Benin", "Lomé": "Togo", "Accra": "Ghana",
    "Conakry": "Guinea", "Algiers": "Algeria", "Alger": "Algeria", "Tripoli": "Libya", "Paris": "France",
    "Washington": "United States", "Moscow": "Russia", "Moscou": "Russia", "Ankara": "Turkey",
    "London": "United Kingdom", "Londres": "United Kingdom", "Berlin": "Germany", "Beijing": "China",
    "Pékin": "China", "Rabat": "Morocco",
}

# countries the actor base may not list, with their French names
EXTRA_COUNTRIES: dict[str, str] = {
    "Turkey": "Turkey", "Turquie": "Turkey", "China": "China", "Chine": "China", "Morocco": "Morocco",
    "Maroc": "Morocco", "Iran": "Iran", "Qatar": "Qatar", "Ukraine": "Ukraine", "Italy": "Italy",
    "Italie": "Italy", "Spain": "Spain", "Espagne": "Spain", "Belgium": "Belgium", "Belgique": "Belgium",
    "Canada": "Canada", "Egypt": "Egypt", "Égypte": "Egypt", "Sudan": "Sudan", "Soudan": "Sudan",
    "Saudi Arabia": "Saudi Arabia", "Arabie saoudite": "Saudi Arabia", "United Arab Emirates": "United Arab Emirates",
    "Émirats arabes unis": "United Arab Emirates", "Israel": "Israel", "Israël": "Israel",
}

# a word before a country name that makes it a place, not a party ("in Mali")
LOCATIVE_BEFORE = re.compile(
    r"(?:\b(?:in|inside|into|across|throughout|near|en|dans|vers|depuis|from|through|towards?|within|"
    r"north|south|east|west|nord|sud|est|ouest|northern|southern|eastern|western|central|borders?|frontières?|"
    r"via|over|around|autour|lake|lac|of|du|de|d'|des|inner|intérieur|fleuve|river|such as|like|comme)\s*(?:the\s+|le\s+|la\s+|l')?|\b(?:north|south|east|west|nord|sud|est|ouest|"
    r"part|parts|border|capital|capitale)\s+(?:of|de|du|d')\s*(?:the\s+)?|[-/])$", re.I)

# nationality adjectives after a force noun ("les unités maliennes", "Malian units")
FORCE_NOUNS_FR = r"unités|troupes|soldats|militaires|forces|armée|aviation|soldat|troupe|gendarmes"
FORCE_NOUNS_EN = r"units|troops|soldiers|forces|army|military|air force|aviation"

# branch nouns after a possessive ("the Islamic State's Sahel branch", "sa province ouest-africaine")
BRANCH_NOUNS = (r"branch|branches|affiliate|affiliates|province|wing|franchise|local commanders|commanders|"
                r"fighters in the region|branche|province|filiale|franchise|affilié")
REGION_WORDS: list[tuple[str, str]] = [
    ("sahel", r"Sahel|Sahelian|Greater Sahara|Sahara|sahélienne|sahélien|du Sahel|au Sahel|Grand Sahara|Liptako"),
    ("lake_chad", r"West Africa|West African|ouest-africaine|ouest-africain|d'Afrique de l'Ouest|"
                  r"en Afrique de l'Ouest|Lake Chad|lac Tchad|Nigeria|nigériane"),
    ("maghreb", r"Maghreb|North Africa|North African|maghrébine|d'Afrique du Nord"),
]
# "groups linked to al-Qaeda and the Islamic State": their regional branches, not the parents
LINKED_GROUPS = re.compile(
    r"\b(?:groups|militants|fighters|affiliates|factions|jihadists|insurgents|groupes|combattants|jihadistes|"
    r"djihadistes|factions)\s+(?:linked|tied|affiliated|loyal|aligned|liés|affiliés|fidèles|proches)\s+"
    r"(?:to|with|à|de)\s*$", re.I)
# a cue word that puts a branch in a region when the text names only the parent
REGION_CUES: dict[str, str] = {"sahel": "Sahel", "lake_chad": "Lake Chad", "maghreb": "Maghreb"}

# anaphors resolved to named parties of the passage
ANAPHORS_EN = re.compile(
    r"\b(?P<two>(?:the|these|those|both) two (?:groups|factions|movements|organi[sz]ations|sides|militias)|"
    r"both groups|the former|the latter)\b|"
    r"\b(?P<def>the (?P<new>new |same |)(?:jihadist |militant |armed |rebel |extremist |Islamist |terrorist )?"
    r"(?:group|movement|organi[sz]ation|faction|coalition|militia))\b(?!\s*(?:of|'s))|"
    r"\b(?P<pos>its) (?P<posnoun>troops|soldiers|forces|army|fighters|members|leaders|"
    + BRANCH_NOUNS + r")\b|"
    r"(?<![\w'])(?P<pron>it)\b(?!\s*(?:is|was)\s+(?:unclear|not clear|likely|possible|difficult|hard|"
    r"important|clear|true|said|believed|thought|estimated))",
    re.I)
ANAPHORS_FR = re.compile(
    r"\b(?P<two>les deux (?:derniers |premiers )?(?:groupes|factions|mouvements|organisations|camps|milices))\b|"
    r"\b(?P<former>les premiers|les seconds)\b|"
    r"\b(?P<def>(?:le|ce|au|du) (?P<new>nouveau |même |)(?:groupe|mouvement)"
    r"(?: (?:jihadiste|djihadiste|armé|terroriste|rebelle|islamiste))?)\b(?!\s*(?:de|d'|du|des)\b)|"
    r"\b(?P<pos>sa|son|ses) (?P<posnoun>troupes|soldats|forces|armée|combattants|membres|"
    + BRANCH_NOUNS + r")\b|"
    r"(?<![\w])(?P<pron>il|elle|lequel|laquelle)\b",
    re.I)

# sources of a statement: "U.S. officials say", "according to X", "selon X", ", X said."
REPORT_VERBS = (r"say|says|said|told|tell|reported|report|reports|estimated|estimate|estimates|believe|believes|"
                r"believed|think|thinks|claim|claims|claimed|allege|alleges|alleged|suspect|suspects|suspected|"
                r"accuse|accuses|accused|have accused|has accused|had accused|question|questions|questioned|"
                r"doubt|doubts|doubted|denied|deny|denies|insist|insists|insisted|argue|argues|argued|found|"
                r"concluded|wrote|noted|affirment|affirme|affirmait|ont affirmé|a affirmé|estiment|estime|"
                r"assurent|assure|a assuré|soupçonnent|soupçonne|accusent|accuse|doutent|doute|dénoncent|"
                r"dénonce|indiquent|indique|a indiqué|ont indiqué|déclarent|déclare|a déclaré|ont déclaré|"
                r"jugent|considèrent|a démenti|ont démenti|dément|démentent|rejette|rejettent|a rejeté|"
                r"expliquent|explique|a expliqué|précise|a précisé|ont précisé|croient|pensent|évoquent")
SOURCE_PREFIX = re.compile(
    r"(?:^\s*|[,;:]\s+(?:and|but|et|mais)\s+|^\s*(?:In|Dans|Selon)\s[^,]{1,40},\s+)"
    r"(?P<src>(?:[A-ZÀ-Ýa-zà-ÿ'.\-]+\s+){0,6}?[A-ZÀ-Ýa-zà-ÿ'.\-]+)\s+(?:\w+ly\s+|have\s+|has\s+|had\s+)?"
    r"(?P<verb>" + REPORT_VERBS + r")\b\s*(?:that|que|qu'|whether|de\s+l'existence|d'|de\s+)?", re.I)
SOURCE_POST = re.compile(
    r",\s+(?P<src>(?:[\w'.\-]+\s+){0,7}?[\w'.\-]+)\s+(?:has\s+|have\s+|had\s+)?(?P<verb>said|says|say|"
    r"estimated|estimates|reported|reports|added|told\s+\w+|wrote|according to \w+|believe|believes|"
    r"claimed|claims|alleged)\b(?:\s+(?:in|on|at)\s+[^,.;]{1,30})?\s*(?=[,.;]|$)", re.I)
SOURCE_POST_FR = re.compile(
    r"(?:^|[,»\"”]\s*|\s)(?:a\s+|ont\s+)?(?P<verb>explique|a expliqué|affirme|a affirmé|assure|a assuré|indique|"
    r"a indiqué|précise|a précisé|estime|a estimé|déclare|a déclaré|raconte|a raconté|souligne|a souligné)\s+"
    r"(?P<src>(?:le|la|les|l'|un|une|des|certains|certaines)\s*[^,.;»]{1,60})", re.I)
SOURCE_ACCORDING = re.compile(
    r"\b(?:according to|selon|d'après|cité par)\s+(?P<src>(?:[^,.;:]|(?<=\b[A-Z])\.){2,90}?)(?=\s+(?:who|which|that|qui|"
    r"spécialiste|interviewed|ayant)\b|[,;:]|(?<!\b[A-Z])\.(?:\s|$)|$)", re.I)

NEGATION = re.compile(r"\b(?:not|never|no|none|n't|ne|n'|jamais|aucune?|pas|nullement|neither|nor|"
                      r"without|sans)\b|n't\b|\bn'", re.I)
DENIAL_VERBS = re.compile(r"\b(?:denied|deny|denies|denying|refuted|refutes|rejects|rejected|dismissed|dismisses|"
                          r"a démenti|ont démenti|démenti|dément|démentent|rejette|rejettent|a rejeté|conteste|"
                          r"contestent|a nié|nie|nient)\b", re.I)
QUESTION_CUES = re.compile(r"\b(?:questions?\s+whether|questioned\s+whether|doubts?|doubted|doubtful|sceptical|"
                           r"skeptical|unclear whether|doutent|doute|mettent en doute|s'interrogent|"
                           r"incertaine?s?|sceptiques?|not clear whether)\b", re.I)
MODALS = re.compile(r"\b(?:may|might|could|would)\b")   # lower case only: "May 2018" is a date
HEDGE_CUES = re.compile(r"\b(?:reportedly|allegedly|suspects?|believed?|"
                        r"believes|thought to|said to|widely seen|seen as|accused of|aurait|auraient|"
                        r"soupçonn\w*|supposément|selon des témoins|faisant état|seemingly|apparently|"
                        r"appear to|appears to|semblent|semble|rumou?red|probablement)\b", re.I)
ACCUSE_CUES = re.compile(r"\b(?:accus\w+|alleg\w+|suspect\w*|soupçonn\w*|blamed?)\b", re.I)
WEAK_SOURCES = re.compile(r"\b(?:witness\w*|témoins?|residents?|habitants?|rights groups?|droits (?:humains|de "
                          r"l'homme)|human rights|press|presse|médias|media|reports?|informations|sources?|"
                          r"some analysts|certains analystes|rumou?rs?|a former|un ancien)\b", re.I)
ANAPHORIC_DENIAL = re.compile(
    r"(?:^|[,;]\s*)(?:(?:an?|the|this|that|such|une?|cette|ces|ce)\s+(?:accusations?|allegations?|claims?|charges?|"
    r"reports?|lien|link|liens|links)\s+(?:that\s+|que\s+)?|ce que\s+|which\s+|what\s+)?"
    r"(?P<src>(?:[\w'.\-]+\s+){0,5}?[\w'.\-]+)\s+(?:has\s+|have\s+|had\s+|a\s+|ont\s+)?"
    r"(?P<verb>rejects|rejected|denies|denied|dismisses|dismissed|refutes|refuted|dément|démentent|démenti|"
    r"rejette|rejettent|rejeté|conteste|contestent|jugent\s+(?:encore\s+)?incertain|judge\s+uncertain|"
    r"doubt|doubts|questionnent)\b", re.I)

AMOUNT = re.compile(
    r"(?:(?:about|around|some|up to|more than|over|nearly|almost|between|at least|roughly|an estimated|"
    r"jusqu'à|plus de|environ|près de|quelque|au moins|entre|l'équivalent de)\s+)?"
    r"(?:[$€£]\s?\d[\d,.]*(?:\s?(?:million|billion|m|bn))?|"
    r"\d[\d,. \u00a0\u202f]*(?:\s?(?:and|et|to|à)\s?\d[\d,. \u00a0\u202f]*)?\s?(?:million|billion|millions|"
    r"milliards?)?\s?(?:d'|de\s)?(?:euros?|dollars?|francs CFA|CFA francs|FCFA|CFA|naira|USD|EUR)|"
    r"(?:tens|hundreds|dozens|several|a few)\s+of\s+(?:thousands|millions)(?:\s+of)?\s+(?:euros|dollars|naira|"
    r"CFA francs)|(?:plusieurs|quelques|des)\s+(?:centaines\s+de\s+)?(?:milliers|millions|dizaines de "
    r"millions)\s+(?:de\s+|d')(?:dollars|euros|francs CFA)|(?:one|two|three|four|five|ten|deux|trois|quatre|"
    r"cinq|dix|a)\s+(?:million|billion|millions|milliards?)\s+(?:of\s+|de\s+|d')?(?:euros|dollars|francs CFA|"
    r"naira))"
    r"(?:\s+(?:per|a|each|every|par|chaque)\s+(?:vehicle|truck|trip|month|year|week|convoy|boat|head|"
    r"camion|véhicule|voyage|mois|an|année|convoi|bateau|tête|passage)(?:\s+(?:each|every)\s+\w+)?)?"
    r"(?:\s+(?:chaque|par|each|every|a)\s+(?:année|an|mois|year|month|season))?", re.I)
SHARE = re.compile(
    r"(?:(?:about|around|some|roughly|nearly|almost|up to|environ|près de|jusqu'à)\s+)?"
    r"(?:\d+(?:[.,]\d+)?\s?(?:percent|per cent|%|pour cent)|one[- ](?:fifth|third|quarter|half|tenth)|"
    r"(?:a|un|une)\s+(?:fifth|third|quarter|tenth|cinquième|tiers|quart|dixième)|"
    r"one\s+[\w-]+(?:\s+of\s+[\w-]+)?\s+(?:for|in|out of)\s+every\s+\d+|"
    r"(?:un|une)\s+[\w-]+(?:\s+de\s+[\w-]+)?\s+sur\s+(?:\d+|dix|vingt|cinq|trente|cent))"
    r"(?:\s+(?:of|de|du|des)\s+(?:the\s+|la\s+|le\s+|each\s+|chaque\s+|l')?[\w'’ -]{1,40}?"
    r"(?=\s+(?:whether|who|qui|that|which|and|et)\b|[,.;:»\"”)]|$))?", re.I)
SAME_YEAR = re.compile(r"\b(?:the same year|that same year|la même année|cette même année)\b", re.I)
EVER_SINCE = re.compile(r"\b(?:ever since|since then|depuis lors|depuis cette date|depuis)\b(?!\s+\w)", re.I)
UNDER_AGREEMENT = re.compile(r"\b(?:under|as part of|dans le cadre d'|en vertu d')\s*(?:an?|un|une|the|l')\s+"
                             r"(?:[\w-]+\s+){0,3}?(?:agreement|accord|deal|pact|pacte|contract|contrat)\b", re.I)
