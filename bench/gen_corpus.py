"""Generate any number of synthetic French news articles for throughput and memory benchmarks.

It is for speed, not for quality: the articles read like AFP dispatches on
North Korean troops and weapons sent to Russia (a dateline, paragraphs,
reported speech from the JCS, the NIS, the Pentagon, Zelensky..., figures
written in many ways, dates, section headings, typos and stray spaces), so
that ``newskg build`` does the work a real corpus would make it do. Their
facts are random and often contradict each other; do not evaluate extraction
quality on them.

Sentences are drawn from many templates per event type (deployments,
casualties, arms transfers, treaty milestones, military operations, weapon
tests, meetings, cooperation) with varied actors, sources, figures and dates,
in paragraphs drawn in random order, so ten thousand articles are not copies
of each other (none is a near-duplicate for ``newskg.io``). Output is
deterministic for a seed (one ``random.Random(seed)``, no clock), and a larger
corpus starts with the articles of a smaller one. Stdlib only; it does not
import newskg. Not a test (pytest does not collect ``bench/``). Run from the
repository::

    .venv/bin/python bench/gen_corpus.py 10000 /tmp/gen10k               # one .txt per article
    .venv/bin/python bench/gen_corpus.py 100000 /tmp/gen100k --format jsonl --per-file 1000
    .venv/bin/python bench/gen_corpus.py 20 /tmp/gen20 --seed 3 --words 800
    .venv/bin/newskg build /tmp/gen10k -o /tmp/gen10k_out

From Python (``bench/`` is not a package: load this file with
``importlib.util.spec_from_file_location``), ``generate(n, seed=0,
words=500)`` yields JSON Lines records (``id``, ``title``, ``date``, ``url``,
``publisher``, ``language``, ``text``) and ``write_corpus(n, outdir, ...)``
writes them as ``.txt`` files (title, blank line, text) or ``.jsonl`` files.
About 10,000 articles of 500 words in 6-15 s on one core.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from bisect import bisect
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path
from typing import NamedTuple, TypeVar

__all__ = ["generate", "main", "to_txt", "write_corpus"]

T = TypeVar("T")

# ---------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------

MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
SEASONS = ("hiver", "hiver", "printemps", "printemps", "printemps", "été",
           "été", "été", "automne", "automne", "automne", "hiver")  # fmt: skip
FIRST_DAY = date(2024, 10, 15)
DAYS = 440  # publication dates up to the end of 2025
VOWELS = frozenset("aeiouyéèêëàâîïôûAEIOUYÉÈÊÀÂÎÏÔÛ")


class State(NamedTuple):
    names: tuple[str, ...]  # noun phrases, with their article: "la Corée du Nord", "Pyongyang"
    loc: str  # "en Russie"
    adj: tuple[str, str, str]  # masculine singular, masculine plural, feminine plural


STATES: dict[str, State] = {
    "nk": State(
        ("la Corée du Nord", "Pyongyang", "le Nord", "la RPDC", "le régime nord-coréen",
         "le régime de Kim Jong Un", "la Corée du Nord", "Pyongyang"),
        "en Corée du Nord", ("nord-coréen", "nord-coréens", "nord-coréennes"),
    ),
    "ru": State(
        ("la Russie", "Moscou", "le Kremlin", "la Fédération de Russie", "la Russie", "Moscou"),
        "en Russie", ("russe", "russes", "russes"),
    ),
    "ua": State(("l'Ukraine", "Kiev", "Kyiv", "l'Ukraine"), "en Ukraine",
                ("ukrainien", "ukrainiens", "ukrainiennes")),
    "sk": State(("la Corée du Sud", "Séoul", "la Corée du Sud"), "en Corée du Sud",
                ("sud-coréen", "sud-coréens", "sud-coréennes")),
    "us": State(("Washington", "l'administration américaine", "Washington"), "aux États-Unis",
                ("américain", "américains", "américaines")),
    "cn": State(("la Chine", "Pékin"), "en Chine", ("chinois", "chinois", "chinoises")),
    "ir": State(("l'Iran", "Téhéran", "la République islamique d'Iran"), "en Iran",
                ("iranien", "iraniens", "iraniennes")),
    "by": State(("la Biélorussie", "Minsk", "le Bélarus"), "en Biélorussie",
                ("biélorusse", "biélorusses", "biélorusses")),
    "pl": State(("la Pologne", "Varsovie"), "en Pologne", ("polonais", "polonais", "polonaises")),
    "de": State(("l'Allemagne", "Berlin"), "en Allemagne",
                ("allemand", "allemands", "allemandes")),
    "fr": State(("la France", "Paris"), "en France", ("français", "français", "françaises")),
    "gb": State(("le Royaume-Uni", "Londres"), "au Royaume-Uni",
                ("britannique", "britanniques", "britanniques")),
    "jp": State(("le Japon", "Tokyo"), "au Japon", ("japonais", "japonais", "japonaises")),
}  # fmt: skip

# Who says so: (noun phrase, side). The side picks a plausible short form for titles.
SOURCES: tuple[tuple[str, str], ...] = (
    ("l'état-major interarmées sud-coréen (JCS)", "sk"),
    ("le comité des chefs d'état-major interarmées (JCS)", "sk"),
    ("le JCS", "sk"),
    ("l'état-major sud-coréen", "sk"),
    ("l'armée sud-coréenne", "sk"),
    ("le Service national du renseignement (NIS)", "sk"),
    ("le NIS", "sk"),
    ("les services secrets sud-coréens", "sk"),
    ("le renseignement sud-coréen", "sk"),
    ("le ministère sud-coréen de la Défense", "sk"),
    ("le député sud-coréen Lee Seong-kweun", "sk"),
    ("un responsable militaire sud-coréen", "sk"),
    ("l'agence de presse Yonhap", "sk"),
    ("le président ukrainien Volodymyr Zelensky", "ua"),
    ("Volodymyr Zelensky", "ua"),
    ("le renseignement militaire ukrainien (HUR)", "ua"),
    ("Kyrylo Boudanov, le chef du renseignement militaire ukrainien", "ua"),
    ("l'état-major ukrainien", "ua"),
    ("le commandant en chef de l'armée ukrainienne, Oleksandre Syrsky", "ua"),
    ("le ministère ukrainien de la Défense", "ua"),
    ("les services de sécurité ukrainiens (SBU)", "ua"),
    ("le ministre ukrainien des Affaires étrangères Andriï Sybiga", "ua"),
    ("le Pentagone", "us"),
    ("le département d'État", "us"),
    ("la Maison Blanche", "us"),
    ("un haut responsable américain, s'exprimant sous couvert d'anonymat", "us"),
    ("le secrétaire américain à la Défense Lloyd Austin", "us"),
    ("le porte-parole du Pentagone", "us"),
    ("le renseignement américain", "us"),
    ("l'OTAN", "west"),
    ("le secrétaire général de l'OTAN Mark Rutte", "west"),
    ("l'Institut pour l'étude de la guerre (ISW)", "west"),
    ("des sources occidentales", "west"),
    ("le renseignement militaire britannique", "west"),
    ("le ministère britannique de la Défense", "west"),
    ("le Kremlin", "ru"),
    ("Dmitri Peskov, le porte-parole du Kremlin", "ru"),
    ("le ministère russe de la Défense", "ru"),
    ("Maria Zakharova, la porte-parole de la diplomatie russe", "ru"),
    ("l'agence TASS", "ru"),
    ("l'agence officielle nord-coréenne KCNA", "nk"),
    ("l'agence d'État nord-coréenne KCNA", "nk"),
    ("le ministère nord-coréen des Affaires étrangères", "nk"),
)
SHORT_SOURCES = {
    "sk": ("Séoul", "le JCS", "le NIS", "l'armée sud-coréenne", "le renseignement sud-coréen"),
    "ua": ("Kiev", "Zelensky", "le renseignement ukrainien", "l'état-major ukrainien"),
    "us": ("Washington", "le Pentagone", "un responsable américain"),
    "west": ("l'OTAN", "des sources occidentales", "l'ISW"),
    "ru": ("Moscou", "le Kremlin"),
    "nk": ("Pyongyang", "KCNA"),
}

# People who meet: (full form, short form, state).
LEADERS: tuple[tuple[str, str, str], ...] = (
    ("le dirigeant nord-coréen Kim Jong Un", "Kim Jong Un", "nk"),
    ("la ministre nord-coréenne des Affaires étrangères Choe Son Hui", "Choe Son Hui", "nk"),
    ("le ministre nord-coréen de la Défense No Kwang Chol", "No Kwang Chol", "nk"),
    ("Kim Yo Jong, la sœur du dirigeant nord-coréen", "Kim Yo Jong", "nk"),
    ("le président russe Vladimir Poutine", "Vladimir Poutine", "ru"),
    ("le chef de la diplomatie russe Sergueï Lavrov", "Sergueï Lavrov", "ru"),
    ("le ministre russe de la Défense Andreï Belooussov", "Andreï Belooussov", "ru"),
    ("le secrétaire du Conseil de sécurité russe Sergueï Choïgou", "Sergueï Choïgou", "ru"),
    ("le président ukrainien Volodymyr Zelensky", "Volodymyr Zelensky", "ua"),
    ("le ministre ukrainien de la Défense Roustem Oumerov", "Roustem Oumerov", "ua"),
    ("le président sud-coréen Yoon Suk Yeol", "Yoon Suk Yeol", "sk"),
    ("le président sud-coréen Lee Jae-myung", "Lee Jae-myung", "sk"),
    ("le ministre sud-coréen de la Défense Kim Yong-hyun", "Kim Yong-hyun", "sk"),
    ("le chef de la diplomatie sud-coréenne Cho Tae-yul", "Cho Tae-yul", "sk"),
    ("le président américain Donald Trump", "Donald Trump", "us"),
    ("le secrétaire d'État américain Marco Rubio", "Marco Rubio", "us"),
    ("l'émissaire américain Steve Witkoff", "Steve Witkoff", "us"),
    ("le président chinois Xi Jinping", "Xi Jinping", "cn"),
    ("le chef de la diplomatie chinoise Wang Yi", "Wang Yi", "cn"),
    ("le président biélorusse Alexandre Loukachenko", "Alexandre Loukachenko", "by"),
    ("le président iranien Massoud Pezeshkian", "Massoud Pezeshkian", "ir"),
    ("le président français Emmanuel Macron", "Emmanuel Macron", "fr"),
    ("le Premier ministre britannique Keir Starmer", "Keir Starmer", "gb"),
    ("le Premier ministre japonais Shigeru Ishiba", "Shigeru Ishiba", "jp"),
    ("le secrétaire général de l'OTAN Mark Rutte", "Mark Rutte", "nato"),
)
MEETING_PLACES = (
    "à Moscou", "à Pyongyang", "au Kremlin", "à Vladivostok", "au cosmodrome de Vostotchny",
    "à Séoul", "à Kiev", "à Washington", "à Pékin", "à Minsk", "à Bruxelles",
    "en marge du sommet des BRICS à Kazan", "en marge de l'Assemblée générale de l'ONU",
    "lors d'une visite de deux jours", "par visioconférence", "à Genève", "à Riyad",
)  # fmt: skip

# Deployments: sender, destinations, troop nouns (noun, feminine?).
DEPLOYMENTS: tuple[tuple[str, tuple[str, ...], int], ...] = (
    ("nk", ("en Russie", "dans la région de Koursk", "sur le front ukrainien",
            "dans l'Extrême-Orient russe", "aux côtés des forces russes", "dans l'oblast de Koursk",
            "en Russie", "dans la région russe de Koursk", "près de Soudja", "à Vladivostok"), 12),
    ("ru", ("en Biélorussie", "dans la région de Koursk", "près de Pokrovsk",
            "dans la région de Zaporijjia", "près de Koupiansk", "en Crimée"), 3),
    ("us", ("en Pologne", "en Corée du Sud", "en Roumanie", "dans les pays baltes"), 2),
    ("by", ("à la frontière ukrainienne", "près de la frontière polonaise"), 1),
    ("ir", ("en Crimée", "en Russie"), 1),
    ("gb", ("en Estonie", "en Pologne"), 1),
    ("fr", ("en Roumanie", "en Estonie"), 1),
)  # fmt: skip
TROOPS = (("soldats", False), ("militaires", False), ("hommes", False), ("soldats", False),
          ("troupes", True), ("officiers", False), ("instructeurs", False),
          ("artilleurs", False), ("ingénieurs militaires", False), ("soldats", False))  # fmt: skip

# Arms transfers: supplier, recipient, weight, weapons (plural noun phrase, min, max, feminine?).
Weapon = tuple[str, int, int, bool]
ARMS: tuple[tuple[str, str, int, tuple[Weapon, ...]], ...] = (
    ("nk", "ru", 12, (
        ("missiles balistiques KN-23", 20, 250, False),
        ("missiles balistiques à courte portée (SRBM)", 20, 200, False),
        ("obus d'artillerie", 500_000, 12_000_000, False),
        ("canons automoteurs Koksan de 170 mm", 50, 250, False),
        ("lance-roquettes multiples de 240 mm", 20, 240, False),
        ("conteneurs de munitions", 1_000, 28_000, False),
        ("missiles antichars Bulsae-4", 50, 600, False),
        ("drones explosifs", 100, 3_000, False),
        ("missiles KN-24", 10, 80, False),
        ("obusiers de 152 mm", 50, 300, False),
    )),
    ("ir", "ru", 4, (
        ("drones Shahed-136", 100, 6_000, False),
        ("missiles balistiques Fath-360", 50, 400, False),
        ("drones d'attaque", 200, 4_000, False),
        ("munitions d'artillerie", 100_000, 1_000_000, True),
    )),
    ("us", "ua", 4, (
        ("missiles ATACMS", 10, 100, False),
        ("systèmes HIMARS", 10, 40, False),
        ("batteries Patriot", 1, 6, True),
        ("chars M1 Abrams", 10, 31, False),
        ("véhicules de combat M2 Bradley", 50, 300, False),
        ("missiles Javelin", 200, 5_000, False),
        ("avions de combat F-16", 6, 80, False),
        ("obus de 155 mm", 100_000, 3_000_000, False),
    )),
    ("de", "ua", 2, (
        ("systèmes de défense aérienne IRIS-T", 2, 12, False),
        ("chars Leopard 2", 10, 100, False),
        ("obusiers automoteurs", 10, 60, False),
    )),
    ("fr", "ua", 2, (
        ("canons Caesar", 6, 120, False),
        ("avions Mirage 2000", 2, 20, False),
        ("missiles SCALP", 10, 150, False),
    )),
    ("gb", "ua", 1, (
        ("missiles de croisière Storm Shadow", 10, 200, False),
        ("chars Challenger 2", 14, 14, False),
    )),
    ("sk", "pl", 2, (
        ("obusiers K9 Thunder", 20, 600, False),
        ("chars K2 Black Panther", 20, 1_000, False),
        ("lance-roquettes Chunmoo", 10, 290, False),
    )),
    ("cn", "ru", 2, (
        ("composants électroniques", 10_000, 500_000, False),
        ("machines-outils", 100, 5_000, True),
        ("moteurs de drones", 1_000, 50_000, False),
    )),
    ("ru", "nk", 2, (
        ("systèmes de défense aérienne", 2, 20, False),
        ("avions de combat MiG-29", 5, 40, False),
        ("tonnes de pétrole raffiné", 100_000, 1_000_000, True),
    )),
    ("by", "ru", 1, (("obus de 122 mm", 10_000, 300_000, False),)),
)  # fmt: skip

# Places of fighting: (locative phrase, bare name).
FRONT = (
    ("dans la région de Koursk", "la région de Koursk"),
    ("dans la région russe de Koursk", "la région de Koursk"),
    ("à Soudja", "Soudja"), ("près de Soudja", "Soudja"),
    ("près de Pokrovsk", "Pokrovsk"), ("à Koupiansk", "Koupiansk"),
    ("dans la région de Donetsk", "la région de Donetsk"), ("à Kharkiv", "Kharkiv"),
    ("dans la région de Zaporijjia", "la région de Zaporijjia"), ("à Kherson", "Kherson"),
    ("dans la région de Belgorod", "la région de Belgorod"), ("à Tchassiv Iar", "Tchassiv Iar"),
    ("près de Kourakhové", "Kourakhové"), ("dans la région de Briansk", "la région de Briansk"),
    ("près du village de Plekhovo", "Plekhovo"), ("à Sverdlikovo", "Sverdlikovo"),
    ("près de Kourilovka", "Kourilovka"), ("dans le Donbass", "le Donbass"),
    ("à Dnipro", "Dnipro"), ("à Odessa", "Odessa"), ("à Kiev", "Kiev"),
)  # fmt: skip
FORCES = (
    ("l'armée russe", "ru"), ("les forces russes", "ru"), ("les troupes russes", "ru"),
    ("les forces russes et nord-coréennes", "nk"), ("des unités nord-coréennes", "nk"),
    ("le 11e corps d'armée nord-coréen", "nk"), ("les troupes nord-coréennes", "nk"),
    ("l'armée ukrainienne", "ua"), ("les forces ukrainiennes", "ua"),
    ("la 47e brigade mécanisée ukrainienne", "ua"), ("des forces spéciales ukrainiennes", "ua"),
)  # fmt: skip

# Treaties: name, parties, signing, ratification and entry dates as (year, month, day).
TREATIES = (
    ("le traité de partenariat stratégique global", "nk", "ru",
     (2024, 6, 19), (2024, 11, 11), (2024, 12, 4)),
    ("le traité de défense mutuelle", "nk", "ru", (2024, 6, 19), (2024, 11, 9), (2024, 12, 4)),
    ("le traité de partenariat stratégique global entre la Russie et l'Iran", "ru", "ir",
     (2025, 1, 17), (2025, 4, 8), (2025, 10, 2)),
    ("l'accord sur les minerais", "us", "ua", (2025, 4, 30), (2025, 5, 8), (2025, 5, 14)),
    ("un accord de coopération militaire", "ru", "by", (2024, 12, 6), (2025, 2, 11), (2025, 3, 2)),
    ("l'accord de sécurité bilatéral", "fr", "ua", (2024, 2, 16), (2024, 3, 1), (2024, 3, 1)),
    ("un accord de coopération technico-militaire", "ru", "nk",
     (2024, 9, 13), (2025, 1, 20), (2025, 2, 1)),
)  # fmt: skip
TESTS = (
    ("nk", "un missile balistique intercontinental Hwasong-19"),
    ("nk", "un missile balistique intercontinental de type Hwasong-18"),
    ("nk", "plusieurs missiles balistiques à courte portée"),
    ("nk", "deux missiles balistiques KN-23"),
    ("nk", "des missiles de croisière stratégiques"),
    ("nk", "un nouveau moteur à combustible solide"),
    ("nk", "des drones explosifs recourant à l'intelligence artificielle"),
    ("nk", "un lance-roquettes multiple de 600 mm"),
    ("nk", "un missile hypersonique de portée intermédiaire"),
    ("ru", "un missile balistique Orechnik"),
    ("ru", "un missile de croisière à propulsion nucléaire Bourevestnik"),
    ("ir", "un missile de croisière de longue portée"),
    ("cn", "un missile intercontinental dans le Pacifique"),
)  # fmt: skip

# ---------------------------------------------------------------------------
# Sentence templates. Slots: {S} subject state, {R} other state, {R_a} "à" + R,
# {R_vers} "vers" + R, {S_de} "de" + S, {Q} figure + noun, {Q_de} "de" + Q,
# {adj}/{adjm}/{adjf} adjectives, {dest}/{where} places, {when} a date, {pp} agreement.
# ---------------------------------------------------------------------------

DEPLOYMENT_T = (
    "{S} a envoyé {Q} {dest} {when}",
    "{S} a déployé {Q} supplémentaires {dest} {when}",
    "{S} a dépêché {Q} {dest} pour appuyer l'armée russe",
    "{Q} {adjq} ont été déployé{pp} {dest} {when}",
    "{Q} {adjq} sont arrivé{pp} {dest} {when}",
    "{Q} {adjq} seraient stationné{pp} {dest}",
    "{S} s'apprête à envoyer {Q} {dest}",
    "{S} prépare l'envoi {Q_de} {dest}",
    "{S} aurait redéployé {Q} sur le front {when}",
    "le déploiement {Q_de} {dest} a été confirmé {when}",
    "{S} a mobilisé {Q} {dest} {when}",
    "{when}, {S} a transféré {Q} {dest}",
    "{S} a renforcé sa présence militaire {dest} avec {Q}",
    "{S} envoie désormais {Q} {dest} par rotations successives",
    "des renforts {adjm} ({Q}) ont été acheminés {dest} {when}",
    "{S} continue d'envoyer des renforts {dest}, soit {Q} {when}",
    "{S} pourrait envoyer {Q} supplémentaires {dest} dans les prochains mois",
    "{Q} {adjq}, dont des membres des forces spéciales, ont été envoyé{pp} {dest}",
    "la présence {Q_de} {adjq} {dest} a été signalée {when}",
    "{S} a déjà dépêché {Q} {dest} et en prépare d'autres",
    "un nouveau contingent {Q_de} a été envoyé {dest} {when}",
)
# Casualties, by the figures they give: {K} killed, {W} wounded, {T} killed or wounded,
# {D} deployed (the same figures throughout one article, so that K + W <= T).
CASUALTY_T = (
    "{K} {adjq} ont été tué{pp} {when} {where}",
    "{K} {adjq} ont été tué{pp} et {Wn} autres blessé{pp} {where}",
    "{T} {adjq} ont été tué{pp} ou blessé{pp} depuis leur arrivée sur le front",
    "les forces {adjf} ont subi environ {Tn} pertes {where}",
    "les pertes {adjf} s'élèvent à {Tn} hommes, morts et blessés confondus",
    "{S} a perdu {T} {where} {when}",
    "au moins {Kn} décès sont survenus parmi les troupes {adjf} {when}",
    "le bilan s'établit à {Kn} morts et {Wn} blessés {where}",
    "{K} {adjq} ont péri {where} {when}",
    "{W} {adjq} ont été blessé{pp} lors de frappes de drones {where}",
    "{T} {adjq} auraient été mis hors de combat {when}",
    "{Pn} soldats {adjm} ont été faits prisonniers {where}",
    "les unités {adjf} engagées {where} ont subi de lourdes pertes",
    "{Kn} militaires {adjm} sont morts au combat {when}",
    "{S} aurait perdu {T} tués ou blessés {where}",
    "les frappes ukrainiennes ont tué {K} {adjq} {where} {when}",
    "{T} {adjq} ont été tué{pp} ou blessé{pp} sur les {Dn} initialement déployés",
    "le nombre de victimes {adjf} atteindrait {Tn} {when}",
)
ARMS_T = (
    "{S} a livré {Q} {R_a} {when}",
    "{S} a fourni {Q} {R_a}",
    "{S} fournit également {R_a} {Q}",
    "{Q} ont été transféré{pp} {R_vers} {when}",
    "{S} continue de fournir {R_a} {Q}",
    "{S} aurait expédié {Q} {R_vers} par voie ferroviaire {when}",
    "la livraison {Q_de} {R_a} est en cours",
    "{S} a vendu {Q} {R_a} {when}",
    "{S} s'est engagé à livrer {Q} {R_a} d'ici la fin de l'année",
    "{R} a reçu {Q} de la part {S_de} {when}",
    "{S} approvisionne {R} en {W}",
    "{Q} fourni{pp} par {S} ont été utilisé{pp} {where}",
    "{S} a acheminé {Q} {R_vers} via le port de Rajin",
    "{S} prévoit de livrer {Q} supplémentaires {R_a}",
    "{R} a obtenu {S_de} {Q} {when}",
    "l'envoi {Q_de} {R_vers} a été repéré par des satellites {when}",
    "{S} aurait fourni {R_a} jusqu'à la moitié de ses {W} utilisés sur le front",
)
TREATY_SIGN_T = (
    "{A} et {B} ont signé {T} {when}",
    "{T}, signé {when} par {A} et {B}, prévoit une aide militaire immédiate en cas d'agression",
    "{A} et {B} ont conclu {T} {when}",
    "les deux pays ont paraphé {T} {when}",
    "{A} a signé avec {B} {T} {when}",
)
TREATY_RATIFY_T = (
    "{A} a ratifié {T} {when}",
    "la Douma a approuvé à l'unanimité la ratification {T_de} {when}",
    "{A} a promulgué {when} un décret ratifiant {T}",
    "le Parlement a entériné {T} {when}",
    "{B} a ratifié à son tour {T} {when}",
)
TREATY_FORCE_T = (
    "{T} est entré en vigueur {when}",
    "{T} est entré en vigueur après l'échange des instruments de ratification",
    "l'entrée en vigueur {T_de} a été annoncée {when}",
    "{T}, entré en vigueur {when}, oblige les deux pays à se porter mutuellement assistance",
)
OPERATION_T = (
    "{F} {aux} lancé une offensive {where} {when}",
    "{F} mène{nt} des opérations offensives intenses {where}, en utilisant activement des "
    "unités nord-coréennes",
    "{F} {aux} repris le contrôle {place_de} {when}",
    "des frappes de drones ont visé {place} {when}",
    "{F} {aux} bombardé {place} dans la nuit",
    "{F} {aux} attaqué les positions ennemies {where} {when}",
    "l'Ukraine a lancé {kursk} une offensive surprise dans la région russe de Koursk",
    "{F} {aux} repoussé une contre-offensive {where}",
    "{F} {aux} pilonné {place} pendant plusieurs heures {when}",
    "{F} {aux} mené une série d'assauts {where} {when}",
    "une incursion {F_de} {where} a été signalée {when}",
    "{F} {aux} frappé un dépôt de munitions {where}",
    "{F} se bat{tent} {where} depuis des semaines",
)
TEST_T = (
    "{S} a tiré {X} {when} en direction de la mer du Japon",
    "{S} a testé {X} {when}",
    "{L} a supervisé l'essai {X_de} {when}",
    "{S} a procédé {when} à l'essai {X_de}",
    "l'état-major sud-coréen a détecté le tir {X_de} {when}",
    "{S} a lancé {X} depuis la région de Pyongyang {when}",
    "le tir {X_de}, le {nth} cette année, a eu lieu {when}",
)
MEETING_T = (
    "{P1} a rencontré {P2} {at} {when}",
    "{P1} s'est entretenu avec {P2} {at} {when}",
    "{P1} a reçu {P2} {at} {when}",
    "un sommet entre {p1} et {p2} s'est tenu {at} {when}",
    "{p1} et {p2} se sont rencontrés {at} {when}",
    "{P1} a effectué une visite {at} {when}, où il a rencontré {P2}",
    "des pourparlers entre {p1} et {p2} ont eu lieu {at} {when}",
)
COOPERATION_T = (
    "{A} et {B} ont renforcé leur coopération militaire {when}",
    "{A} et {B} ont annoncé un renforcement de leur coopération en matière de sécurité",
    "{A} pourrait aider {B} à moderniser son armement conventionnel en échange",
    "{A} et {B} coopèrent désormais dans le domaine spatial",
    "le rapprochement entre {A} et {B} inquiète {C}",
    "{A} s'est allié {B_a} {when}",
    "{A} et {B} vont collaborer dans la production de drones",
    "{A} et {B} ont approfondi leur partenariat stratégique {when}",
    "{A} a proposé {B_a} une coopération dans le domaine des technologies militaires",
    "la coordination entre {A} et {B} s'est intensifiée {when}",
)
ELABORATIONS = {
    "Deployment": (
        "Ces troupes seraient principalement issues du 11e corps d'armée, une unité d'élite.",
        "Elles auraient été entraînées dans l'Extrême-Orient russe avant d'être envoyées au front.",
        "Les soldats porteraient des uniformes russes et des papiers d'identité bouriates.",
        "Leur taille est encore en cours d'examen.",
        "Il s'agirait en partie de relever les unités décimées ces derniers mois.",
    ),
    "Casualties": (
        "Ces chiffres comprennent les morts et les blessés.",
        "Plusieurs officiers de haut rang figureraient parmi les victimes.",
        "Les pertes ont été attribuées à l'utilisation des soldats comme unités d'assaut.",
        "Ces chiffres n'ont pas pu être vérifiés de source indépendante.",
        "Le bilan pourrait s'alourdir dans les prochains jours.",
    ),
    "ArmsTransfer": (
        "Ces armes ont été repérées sur le champ de bataille par l'armée ukrainienne.",
        "Les canons Koksan ont une portée de 40 à 60 km.",
        "Une partie de ces munitions serait défectueuse, selon des experts.",
        "Ces livraisons violent plusieurs résolutions du Conseil de sécurité de l'ONU.",
        "Les trains traversent la frontière au pont de l'Amitié, sur le fleuve Tumen.",
    ),
    "Other": (
        "Aucun détail n'a été donné sur le calendrier.",
        "La rencontre a duré près de trois heures.",
        "Les deux parties n'ont pas publié de communiqué commun.",
        "Les images diffusées par la télévision d'État montrent une foule enthousiaste.",
    ),
}
FILLERS = (
    "La Corée du Nord n'a jamais confirmé ni démenti la présence de ses troupes aux côtés "
    "de la Russie.",
    "Le Kremlin a, à chaque fois, éludé les questions sur le sujet.",
    "Ni Moscou ni Pyongyang n'ont confirmé ces informations.",
    "Les deux pays ont renforcé leurs liens militaires depuis l'invasion de l'Ukraine par "
    "Moscou en février 2022.",
    "Cette information n'a pas pu être vérifiée de source indépendante.",
    "Contacté par l'AFP, le ministère n'a pas souhaité faire de commentaire.",
    "La Corée du Sud est l'un des plus gros fabricants d'armes au monde mais se refuse, par "
    "tradition, à livrer des armements aux pays en guerre.",
    "Les deux Corées restent techniquement en guerre, le conflit de 1950-1953 s'étant achevé "
    "sur un armistice et non un traité de paix.",
    "Environ 28.500 soldats américains sont stationnés en Corée du Sud.",
    "Les températures sont descendues sous les -15 °C dans la région ces derniers jours.",
    "Des experts estiment que la Corée du Nord pourrait tester des armes destinées à être "
    "exportées vers la Russie.",
    "Les analystes restent prudents quant à la fiabilité de ces chiffres.",
    "Kiev réclame depuis des mois davantage de systèmes de défense aérienne à ses alliés.",
    "La guerre a fait des dizaines de milliers de morts des deux côtés.",
    "Le front s'étend sur plus de 1.000 kilomètres, de Kharkiv à Kherson.",
    "Pyongyang est visé par de multiples sanctions de l'ONU pour ses programmes nucléaire "
    "et balistique.",
    "Des images diffusées sur les réseaux sociaux montreraient des soldats asiatiques en "
    "uniforme russe, sans que leur authenticité ait pu être établie.",
    "La Chine, principal allié de Pyongyang, a appelé toutes les parties à la retenue.",
    "Les marchés asiatiques ont peu réagi à l'annonce.",
    "Le sujet devait être abordé lors de la prochaine réunion des ministres de la Défense "
    "de l'OTAN.",
    "Séoul et Washington organisent régulièrement des exercices militaires conjoints, que "
    "Pyongyang dénonce comme des répétitions d'invasion.",
    "Le texte doit encore être publié au Journal officiel.",
    "Un photographe de l'AFP a constaté d'importantes destructions dans le centre-ville.",
    "L'hiver rend les opérations plus difficiles pour les deux camps.",
    "Le régime nord-coréen contrôle strictement l'information et les déplacements de sa "
    "population.",
    "Les sanctions internationales n'ont pas empêché Moscou de se procurer des munitions.",
    "La Russie occupe environ un cinquième du territoire ukrainien.",
    "Le Conseil de sécurité de l'ONU doit se réunir dans les prochains jours.",
    "Les négociations de paix sont au point mort depuis plusieurs semaines.",
    "Le ministère sud-coréen de l'Unification a refusé de commenter.",
    "L'Union européenne a adopté un nouveau paquet de sanctions contre Moscou.",
    "Des diplomates évoquent en privé une « zone grise » dans l'application des sanctions.",
    "Une photo fournie par l'armée montre des soldats près d'une ligne de barbelés.",
    "Ces déclarations font écho à des rapports similaires provenant de Kiev et de Washington.",
)
QUOTES = (
    "Cela pourrait conduire à une augmentation de la menace militaire du Nord contre nous",
    "La Russie cherche à compenser ses pertes par tous les moyens",
    "Pyongyang acquiert une expérience du combat moderne qu'aucune armée d'Asie ne possède",
    "C'est un élargissement dangereux du conflit",
    "Nous ne resterons pas les bras croisés",
    "Il s'agit d'une violation flagrante des résolutions du Conseil de sécurité",
    "Ces chiffres pourraient augmenter en fonction de la situation sur le champ de bataille",
    "Le Nord recevra sans doute en échange des technologies militaires sensibles",
    "Les soldats nord-coréens sont des cibles faciles pour les drones",
    "Nous suivons la situation de très près",
    "Toutes les options restent sur la table",
    "Il n'y a rien de nouveau dans ces allégations",
    "C'est de la propagande occidentale",
    "Cette coopération ne vise aucun pays tiers",
    "La Russie pourrait offrir des avantages en réciprocité",
    "Nous appelons Pyongyang à retirer immédiatement ses troupes",
    "Personne ne sait vraiment combien de soldats sont encore sur place",
    "Le soutien de nos partenaires reste décisif",
    "La situation sur le front reste extrêmement tendue",
    "Il faut s'attendre à de nouvelles livraisons dans les prochains mois",
)
HEADINGS = (
    "Traité historique", "Pertes en combat", "Lourdes pertes", "Renforts", "Nouveaux renforts",
    "Livraisons d'armes", "Coopération militaire", "Front de Koursk", "Réactions", "Menace",
    "Contexte", "Des chèvres comme cobayes", "Un fardeau pour Moscou", "Drones et missiles",
    "Sanctions", "Réaction de Séoul", "Silence du Kremlin", "Une alliance qui inquiète",
    "Vulnérabilités des troupes nord-coréennes", "Intensification des offensives",
    "Ce que l'on sait", "Chiffres contestés", "Sur le terrain", "Diplomatie",
)  # fmt: skip
VERBS_PAST = (
    "a affirmé", "a déclaré", "a indiqué", "a annoncé", "a estimé", "a rapporté", "a précisé",
    "a assuré", "a souligné", "a révélé", "a signalé", "a confirmé", "a ajouté", "a fait savoir",
    "a expliqué", "a averti",
)  # fmt: skip
VERBS_PRESENT = ("affirme", "estime", "indique", "assure", "souligne", "précise", "juge", "note")
VERBS_QUOTE = ("a déclaré", "a affirmé", "a martelé", "a résumé", "a insisté", "a prévenu")
SETTINGS = (
    "dans un communiqué", "devant des journalistes", "lors d'un point presse",
    "à l'issue d'un briefing à huis clos", "sur Telegram", "dans un rapport transmis aux députés",
    "devant la commission du renseignement", "à la télévision",
)  # fmt: skip
# Made-up people (unknown to the knowledge base).
KOREAN_FAMILY = ("Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh",
                 "Seo", "Shin", "Kwon", "Hwang", "Ahn", "Song", "Yang", "Hong", "Nam",
                 "Baek")  # fmt: skip
KOREAN_GIVEN = ("Min", "Ji", "Hyun", "Seung", "Dong", "Jae", "Sung", "Young", "Hoon", "Woo",
                "Jin", "Soo", "Ho", "Chul", "Eun", "Ki", "Tae", "Sang", "Moo")  # fmt: skip
UKRAINIAN_FIRST = ("Oleksiy", "Mykola", "Iryna", "Taras", "Bohdan", "Olena", "Serhiy", "Iouri",
                   "Andriy", "Natalia", "Vadym", "Oksana")  # fmt: skip
UKRAINIAN_LAST = ("Kovalenko", "Bondarenko", "Tkachenko", "Chevtchouk", "Melnyk", "Kravets",
                  "Moroz", "Lyssenko", "Petrenko", "Savtchenko", "Hrytsenko")  # fmt: skip
RUSSIAN_FIRST = ("Alexeï", "Igor", "Nikolaï", "Pavel", "Oleg", "Anna", "Elena", "Mikhaïl")
RUSSIAN_LAST = ("Smirnov", "Volkov", "Kozlov", "Morozov", "Sokolov", "Orlov", "Belov", "Lebedev")
ROLES_KO = (
    "chercheur à l'Institut Asan", "analyste à l'Institut coréen pour l'unification nationale",
    "professeur à l'université Kyungnam", "ancien officier du renseignement sud-coréen",
    "président de l'université des études nord-coréennes", "expert militaire basé à Séoul",
)  # fmt: skip
ROLES_UA = (
    "porte-parole de l'armée ukrainienne pour le secteur nord",
    "commandant d'un bataillon de drones", "analyste militaire à Kiev", "député ukrainien",
    "officier ukrainien déployé dans la région",
)  # fmt: skip
ROLES_RU = ("blogueur militaire russe", "politologue moscovite", "ancien officier russe")
CITIES = (("Séoul", 10), ("Kiev", 4), ("Moscou", 2), ("Washington", 2), ("Tokyo", 1),
          ("Bruxelles", 1), ("Pékin", 1), ("Paris", 1), ("Koursk", 1))  # fmt: skip
AGENCIES = (("AFP", 8), ("Reuters", 1), ("Yonhap", 1))
APPROXIMATELY = ("environ", "quelque", "près de", "plus de", "au moins", "jusqu'à",
                 "pas moins de", "moins de", "un peu plus de")  # fmt: skip
ALLIES = (("nk", "ru"), ("ru", "nk"), ("sk", "ua"), ("ru", "ir"), ("ru", "cn"), ("us", "sk"),
          ("ru", "by"), ("jp", "sk"))  # fmt: skip
KINDS = (("Deployment", 25), ("Casualties", 20), ("ArmsTransfer", 20), ("Treaty", 8),
         ("MilitaryOperation", 10), ("WeaponTest", 7), ("Meeting", 5),
         ("Cooperation", 5))  # fmt: skip

_TREATY_STEPS = (TREATY_SIGN_T, TREATY_RATIFY_T, TREATY_FORCE_T)
_SPACES = re.compile(r" {2,}")
_TYPO_WORD = re.compile(r"\b[a-zéèêàç]{6,}\b")


def _de(np: str) -> str:
    """``np`` after "de": "du Nord", "des États-Unis", "d'Ukraine"... (with its article)."""
    if np.startswith("le "):
        return "du " + np[3:]
    if np.startswith("les "):
        return "des " + np[4:]
    if np.startswith("des "):
        return "de " + np[4:]
    return ("d'" if np[0] in VOWELS else "de ") + np


def _a(np: str) -> str:
    """``np`` after "à": "au Kremlin", "aux États-Unis", "à la Russie"."""
    if np.startswith("le "):
        return "au " + np[3:]
    if np.startswith("les "):
        return "aux " + np[4:]
    return "à " + np


def _que(clause: str) -> str:
    return ("qu'" if clause[0] in VOWELS else "que ") + clause


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _tidy(text: str) -> str:
    return _SPACES.sub(" ", text).replace(" ,", ",").replace(" .", ".").strip()


# French number words, for the round figures written out ("trois mille", "dix").
_UNITS = (
    "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
    "onze", "douze", "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf",
)  # fmt: skip
_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}


def _below_100(n: int) -> str:
    if n < 20:
        return _UNITS[n]
    tens, unit = divmod(n, 10)
    if tens in (7, 9):
        if n == 71:
            return "soixante et onze"
        return ("soixante-" if tens == 7 else "quatre-vingt-") + _UNITS[10 + unit]
    if tens == 8:
        return "quatre-vingts" if unit == 0 else "quatre-vingt-" + _UNITS[unit]
    if unit == 0:
        return _TENS[tens]
    return _TENS[tens] + (" et un" if unit == 1 else "-" + _UNITS[unit])


def _below_1000(n: int, final: bool = True) -> str:
    hundreds, rest = divmod(n, 100)
    parts = []
    if hundreds:
        plural = "s" if rest == 0 and final and hundreds > 1 else ""
        parts.append("cent" if hundreds == 1 else f"{_UNITS[hundreds]} cent{plural}")
    if rest:
        word = _below_100(rest)
        parts.append(word if final or word != "quatre-vingts" else "quatre-vingt")
    return " ".join(parts)


def french_words(n: int) -> str:
    """``n`` (1 to 999,999) in French words: 2000 -> "deux mille", 300 -> "trois cents"."""
    thousands, rest = divmod(n, 1000)
    parts = []
    if thousands:
        parts.append("mille" if thousands == 1 else _below_1000(thousands, False) + " mille")
    if rest:
        parts.append(_below_1000(rest))
    return " ".join(parts)


def _cumulative(weights: Iterable[int]) -> list[int]:
    return list(accumulate(weights))


_DEPLOYMENT_W = _cumulative(d[2] for d in DEPLOYMENTS)
_ARMS_W = _cumulative(a[2] for a in ARMS)
_KINDS, _KINDS_W = [k for k, _ in KINDS], _cumulative(w for _, w in KINDS)
_CITIES, _CITIES_W = [c for c, _ in CITIES], _cumulative(w for _, w in CITIES)
_AGENCIES, _AGENCIES_W = [a for a, _ in AGENCIES], _cumulative(w for _, w in AGENCIES)
_SEPARATORS, _SEPARATORS_W = (".", " ", "\xa0", "\u202f", ""), _cumulative((45, 30, 5, 5, 15))


class _Article:
    """One article being written: its random source, publication date and main actors."""

    def __init__(self, rng: random.Random, words: int) -> None:
        self.rng = rng
        self.words = words
        self.published = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        self.noise = rng.random()  # how sloppy this article is
        self.losses: dict[str, tuple[int, int, int, int]] = {}  # killed, wounded, both, deployed
        self.main = "Deployment"  # the kind of the lead's event, and who reports it
        self.side = "sk"
        self.agency = self.weighted(_AGENCIES, _AGENCIES_W)
        self.quote_open, self.quote_close = self.pick(
            (("« ", " »"), ("«\xa0", "\xa0»"), ('"', '"'), ("“", "”"), ("« ", " »"))
        )

    # -- small pieces ------------------------------------------------------

    def pick(self, seq: Sequence[T]) -> T:
        return seq[int(self.rng.random() * len(seq))]

    def below(self, n: int) -> int:
        """An integer in [0, n) (``randrange`` is slow)."""
        return int(self.rng.random() * n)

    def between(self, low: int, high: int) -> int:
        """An integer in [low, high]."""
        return low + int(self.rng.random() * (high - low + 1))

    def weighted(self, seq: Sequence[T], cumulative: list[int]) -> T:
        return seq[bisect(cumulative, self.rng.random() * cumulative[-1])]

    def number(self, n: int) -> str:
        """``n`` with a thousands separator as the press writes it: 11.000, 11 000, 11000."""
        if n < 1000:
            return str(n)
        if n >= 1_000_000 and n % 100_000 == 0 and self.rng.random() < 0.7:
            millions = f"{n / 1_000_000:g}".replace(".", ",")
            return f"{millions} million" + ("s" if n >= 2_000_000 else "")
        sep = self.weighted(_SEPARATORS, _SEPARATORS_W)
        if sep == "" and n >= 100_000:
            sep = "."
        return f"{n:,}".replace(",", sep)

    def amount(self, low: int, high: int) -> int:
        """A figure in [low, high], usually rounded to two significant digits."""
        n = self.between(low, high)
        if self.rng.random() < 0.8 and n >= 100:
            scale = 10 ** (len(str(n)) - 2)
            n = max(scale, round(n / scale) * scale)
        return n

    def quantity(self, n: int, noun: str) -> str:
        """``n`` ``noun`` in one of many forms: exact, approximate, a range, vague, in words."""
        rng = self.rng
        of = "d'" if noun[0] in VOWELS or noun.startswith("hommes") else "de "
        r = rng.random()
        if r < 0.30:
            return f"{self.number(n)} {noun}"
        if r < 0.55:
            prefix = self.pick(APPROXIMATELY)
            return f"{prefix} {self.number(n)} {noun}"
        if r < 0.67 and n >= 10:
            high = self.amount(n + max(1, n // 5), n * 2)
            if rng.random() < 0.5:
                return f"entre {self.number(n)} et {self.number(high)} {noun}"
            return f"{self.number(n)} à {self.number(high)} {noun}"
        if r < 0.80 and n >= 200:
            if n >= 2_000_000:
                head = self.pick(("plusieurs millions", "des millions"))
            elif n >= 20_000:
                head = self.pick(("des dizaines de milliers", "plusieurs dizaines de milliers"))
            elif n >= 2_000:
                head = self.pick(("plusieurs milliers", "des milliers", "quelques milliers"))
            else:
                head = self.pick(("plusieurs centaines", "des centaines", "quelques centaines"))
            return f"{head} {of}{noun}"
        if r < 0.88:
            for low, high, word in ((8, 12, "une dizaine"), (18, 22, "une vingtaine"),
                                    (45, 55, "une cinquantaine"), (80, 130, "une centaine"),
                                    (800, 1300, "un millier")):  # fmt: skip
                if low <= n <= high:
                    return f"{word} {of}{noun}"
        if n <= 20 or (n < 1_000_000 and n % 100 == 0):
            return f"{french_words(n)} {noun}"
        return f"{self.number(n)} {noun}"

    def when(self, blank: float = 0.3) -> str:
        """A date or period before publication, in one of many forms (or none)."""
        rng = self.rng
        if rng.random() < blank:
            return ""
        pub = self.published
        back = pub - timedelta(days=self.between(1, 200))
        month = MONTHS[back.month - 1]
        day = "1er" if back.day == 1 else str(back.day)
        same_year = back.year == pub.year
        year = "" if same_year and rng.random() < 0.6 else f" {back.year}"
        needed = "" if same_year else f" {back.year}"  # a month without its year is this year's
        recent = pub - timedelta(days=self.between(1, 6))
        season = SEASONS[back.month - 1]
        form = self.below(21)
        if form < 4:
            return f"le {day} {month}{year}"
        if form < 6:
            return f"en {month}{year}"
        if form == 6:
            return f"{self.pick(('début', 'fin'))} {month}{year}"
        if form == 7:
            return f"mi-{month}{needed}"
        if form == 8:
            return f"depuis {month}{year}"
        if form == 9:
            return f"depuis le {day} {month}{needed}"
        if form == 10:
            return ("depuis l'" if season[0] in VOWELS else "depuis le ") + f"{season} {back.year}"
        if form == 11:
            return WEEKDAYS[recent.weekday()]
        if form == 12:
            return f"{WEEKDAYS[recent.weekday()]} dernier"
        if form == 13:
            if back.month == 12 or (back.year, back.month + 1) >= (pub.year, pub.month):
                return f"en {month} {back.year}"
            return f"entre {month} et {MONTHS[back.month]}{needed}"
        if form == 14:
            return f"en {back.year}"
        if form == 15:
            return f"le {WEEKDAYS[back.weekday()]} {day} {month}{needed}"
        return self.pick(("ces dernières semaines", "la semaine dernière", "le mois dernier",
                          "au cours des derniers mois", "depuis le début de l'année",
                          "cette année", "l'an dernier", "récemment", "depuis l'été dernier",
                          "depuis l'automne dernier"))  # fmt: skip

    def fixed_date(self, ymd: tuple[int, int, int]) -> str:
        """A known date (a treaty's) written more or less precisely."""
        y, m, d = ymd
        day = "1er" if d == 1 else str(d)
        month = MONTHS[m - 1]
        year = (
            "" if y == self.published.year else f" {y}"
        )  # a month without its year is this year's
        return self.pick(
            (f"le {day} {month} {y}", f"en {month} {y}", f"le {day} {month}{year}",
             f"en {month}{year}", f"en {y}", "")
        )  # fmt: skip

    def person(self) -> str:
        """A made-up expert, with a role."""
        rng = self.rng
        r = rng.random()
        if r < 0.5:
            given = self.pick(KOREAN_GIVEN) + "-" + self.pick(KOREAN_GIVEN).lower()
            return f"{self.pick(KOREAN_FAMILY)} {given}, {self.pick(ROLES_KO)}"
        if r < 0.8:
            name = f"{self.pick(UKRAINIAN_FIRST)} {self.pick(UKRAINIAN_LAST)}"
            return f"{name}, {self.pick(ROLES_UA)}"
        return f"{self.pick(RUSSIAN_FIRST)} {self.pick(RUSSIAN_LAST)}, {self.pick(ROLES_RU)}"

    def source(self) -> tuple[str, str]:
        if self.rng.random() < 0.08:
            return self.person(), "expert"
        return self.pick(SOURCES)

    def state(self, key: str) -> str:
        return self.pick(STATES[key].names)

    def quote(self, text: str) -> str:
        return f"{self.quote_open}{text}{self.quote_close}"

    def attribute(self, clause: str, source: str | None = None) -> str:
        """A sentence saying ``clause``, usually attributed to a source."""
        rng = self.rng
        clause = _tidy(clause)
        src = source or self.source()[0]
        plural = src.startswith(("les ", "des "))
        past = self.pick(VERBS_PAST)
        present = self.pick(VERBS_PRESENT)
        if plural:
            past, present = "ont" + past[1:], present + "nt"
        subject = _cap(src) + ("," if "," in src else "")  # close an apposition
        day = WEEKDAYS[self.published.weekday()] if rng.random() < 0.3 else ""
        form = self.below(14)
        if form < 3:
            setting = self.pick(SETTINGS) if rng.random() < 0.3 else ""
            return f"{_cap(clause)}, {past} {day} {src} {setting}."
        if form < 5:
            return f"Selon {src}, {clause}."
        if form == 5:
            return f"D'après {src}, {clause}."
        if form < 8:
            return f"{subject} {past} {day} {_que(clause)}."
        if form == 8:
            return f"{_cap(clause)}, selon {src}."
        if form == 9:
            return f"{subject} {present} {_que(clause)}."
        if form == 10:
            return f"{self.quote(_cap(clause))}, {past} {src} {self.pick(SETTINGS)}."
        if form == 11:
            return f"{self.quote('Nous estimons ' + _que(clause))}, {past} {src}."
        if form == 12:
            return f"{_cap(clause)}, {present} {src}."
        return f"{_cap(clause)}."

    # -- events: each returns (clause, title) --------------------------------

    def deployment(self) -> tuple[str, str]:
        sender, dests, _ = self.weighted(DEPLOYMENTS, _DEPLOYMENT_W)
        noun, fem = self.pick(TROOPS)
        adj = STATES[sender].adj
        n = self.amount(100, 15_000)
        q = self.quantity(n, noun)
        slots = {
            "S": self.state(sender),
            "Q": q,
            "Q_de": _de(q),
            "adjq": adj[2] if fem else adj[1],
            "adjm": adj[1],
            "pp": "es" if fem else "s",
            "dest": self.pick(dests),
            "when": self.when(),
        }
        clause = self.pick(DEPLOYMENT_T).format(**slots)
        title = self.pick(
            (
                "{S} a envoyé {Q} {dest}",
                "{Q} {adjq} déployé{pp} {dest}",
                "Guerre en Ukraine : {S} envoie {Q} {dest}",
                "{S} prépare de nouveaux renforts",
                "Ukraine : {Q} supplémentaires envoyés par {S}",
                "Nouveaux renforts {adjm} {dest}",
            )
        ).format(**slots)
        return clause, title

    def casualties(self) -> tuple[str, str]:
        rng = self.rng
        victim = self.pick(("nk",) * 7 + ("ru", "ru", "ua"))
        noun, fem = self.pick((("soldats", False), ("militaires", False), ("hommes", False),
                                ("combattants", False), ("soldats", False)))  # fmt: skip
        adj = STATES[victim].adj
        if victim not in self.losses:
            total = self.amount(300, 9_000)
            killed = self.amount(30, total // 3)
            wounded = self.amount(50, total - killed)
            deployed = self.amount(max(3_000, 2 * total), 20_000)
            self.losses[victim] = (killed, wounded, total, deployed)
        killed, wounded, total, deployed = self.losses[victim]
        slots = {
            "S": self.state(victim),
            "K": self.quantity(killed, noun),
            "W": self.quantity(wounded, noun),
            "T": self.quantity(total, noun),
            "Kn": self.number(killed),
            "Wn": self.number(wounded),
            "Tn": self.number(total),
            "Dn": self.number(deployed),
            "Pn": self.number(self.amount(2, 50)),
            "adjq": adj[2] if fem else adj[1],
            "adjm": adj[1],
            "adjf": adj[2],
            "pp": "es" if fem else "s",
            "where": self.pick(FRONT)[0] if rng.random() < 0.6 else "",
            "when": self.when(),
        }
        clause = self.pick(CASUALTY_T).format(**slots)
        title = self.pick(
            (
                "Au moins {Kn} soldats {adjm} tués dans les combats Russie-Ukraine",
                "{T} {adjq} tués ou blessés, selon {src}",
                "Lourdes pertes pour les troupes {adjf} {where}",
                "Le bilan des pertes {adjf} s'alourdit",
                "{Kn} soldats {adjm} tués {where}",
            )
        ).format(src=self.pick(SHORT_SOURCES[self.pick(("sk", "ua", "us", "west"))]), **slots)
        return clause, title

    def arms(self) -> tuple[str, str]:
        supplier, recipient, _, weapons = self.weighted(ARMS, _ARMS_W)
        name, low, high, fem = self.pick(weapons)
        q = self.quantity(self.amount(low, high), name)
        r = self.state(recipient)
        slots = {
            "S": self.state(supplier),
            "S_de": _de(self.state(supplier)),
            "R": r,
            "R_a": _a(r),
            "R_vers": "vers " + r,
            "Q": q,
            "Q_de": _de(q),
            "W": name,
            "pp": "es" if fem else "s",
            "where": self.pick(FRONT)[0],
            "when": self.when(),
        }
        clause = self.pick(ARMS_T).format(**slots)
        title = self.pick(
            (
                "{S} livre des {W} {R_a}",
                "{Q} livré{pp} {R_a}",
                "{S} fournit {Q} {R_a}",
                "Livraisons d'armes : {S} approvisionne {R}",
                "{R} a reçu {Q}",
            )
        ).format(**slots)
        return clause, title

    def treaty(self) -> tuple[str, str]:
        pub = self.published
        name, a, b, templates, when = self.pick(
            [
                (name, a, b, templates, when)
                for name, a, b, *dates in TREATIES
                for templates, when in zip(_TREATY_STEPS, dates, strict=True)
                if date(*when) < pub
            ]
        )
        slots = {
            "A": self.state(a),
            "B": self.state(b),
            "T": name,
            "T_de": _de(name),
            "when": self.fixed_date(when),
        }
        clause = self.pick(templates).format(**slots)
        title = self.pick(
            (
                "{A} et {B} : {T} entre en vigueur",
                "{A} ratifie {T}",
                "{A} et {B} scellent leur alliance",
                "Ce que prévoit {T}",
            )
        ).format(**slots)
        return clause, title

    def operation(self) -> tuple[str, str]:
        force, _side = self.pick(FORCES)
        where, place = self.pick(FRONT)
        plural = force.startswith(("les ", "des "))
        slots = {
            "F": force,
            "F_de": _de(force),
            "aux": "ont" if plural else "a",
            "nt": "nt" if plural else "",
            "tent": "tent" if plural else "",
            "where": where,
            "place": place,
            "place_de": _de(place),
            "kursk": self.pick(("début août", "en août 2024", "le 6 août 2024", "à l'été 2024")),
            "when": self.when(),
        }
        clause = self.pick(OPERATION_T).format(**slots)
        title = self.pick(
            (
                "Offensive {where} : {F} gagne{nt} du terrain",
                "Combats intenses {where}",
                "{F} à l'offensive {where}",
                "Frappes massives sur {place}",
            )
        ).format(**slots)
        return clause, title

    def weapon_test(self) -> tuple[str, str]:
        state, thing = self.pick(TESTS)
        slots = {
            "S": self.state(state),
            "X": thing,
            "X_de": _de(thing.replace("un ", "", 1) if thing.startswith("un ") else thing),
            "L": "Kim Jong Un" if state == "nk" else self.state(state),
            "nth": self.pick(("deuxième", "troisième", "quatrième", "cinquième", "septième")),
            "when": self.when(),
        }
        clause = self.pick(TEST_T).format(**slots)
        title = self.pick(("{S} a tiré {X}", "Nouvel essai : {S} teste {X}", "Tir {X_de}")).format(
            **slots
        )
        return clause, title

    def meeting(self) -> tuple[str, str]:
        first = self.pick(LEADERS)
        second = self.pick([p for p in LEADERS if p[2] != first[2]])
        slots = {
            "P1": first[0],
            "P2": second[0],
            "p1": first[1],
            "p2": second[1],
            "at": self.pick(MEETING_PLACES),
            "when": self.when(),
        }
        clause = self.pick(MEETING_T).format(**slots)
        title = self.pick(
            ("{p1} reçoit {p2} {at}", "Rencontre entre {p1} et {p2}", "{p1} et {p2} {at}")
        ).format(**slots)
        return clause, title

    def cooperation(self) -> tuple[str, str]:
        pair = self.pick(ALLIES)
        third = self.pick([k for k in STATES if k not in pair])
        b = self.state(pair[1])
        slots = {
            "A": self.state(pair[0]),
            "B": b,
            "B_a": _a(b),
            "B_de": _de(b),
            "C": self.state(third),
            "when": self.when(),
        }
        clause = self.pick(COOPERATION_T).format(**slots)
        title = self.pick(
            ("{A} et {B} renforcent leur coopération militaire", "{A} se rapproche {B_de}")
        ).format(**slots)
        return clause, title

    def event(self, kind: str) -> tuple[str, str]:
        return _EVENTS[kind](self)

    # -- paragraphs --------------------------------------------------------

    def kind(self) -> str:
        return self.weighted(_KINDS, _KINDS_W)

    def elaboration(self, kind: str) -> str:
        return self.pick(ELABORATIONS.get(kind, ELABORATIONS["Other"]))

    def paragraph(self) -> list[str]:
        """The sentences of one body paragraph."""
        rng = self.rng
        r = rng.random()
        if r < 0.6:
            kind = self.kind()
            sentences = [self.attribute(self.event(kind)[0])]
            for _ in range(self.below(3)):
                if rng.random() < 0.5:
                    sentences.append(self.attribute(self.event(self.kind())[0]))
                elif rng.random() < 0.5:
                    sentences.append(self.elaboration(kind))
                else:
                    sentences.append(self.filler())
            return sentences
        if r < 0.75:
            src = self.source()[0]
            verb = self.pick(VERBS_QUOTE)
            if src.startswith(("les ", "des ")):
                verb = "ont" + verb[1:]
            return [f"{self.quote(self.pick(QUOTES))}, {verb} {src}.",
                    self.filler()][: self.between(1, 2)]  # fmt: skip
        if r < 0.9:
            return [self.filler() for _ in range(self.between(1, 2))]
        expert = self.person()
        return [
            f"{self.quote(self.pick(QUOTES))}, juge {expert}.",
            self.attribute(self.event(self.kind())[0], source=expert.split(",")[0]),
        ]

    def filler(self) -> str:
        if self.rng.random() < 0.1:
            who = self.person()
            return self.pick(
                (
                    f"{who.split(',')[0]} a refusé de donner plus de détails.",
                    f"{_cap(who)}, raconte avoir vu des colonnes de blindés {self.when(0)}.",
                    f"Selon {who}, ces chiffres pourraient être sous-estimés.",
                )
            )
        return self.pick(FILLERS)

    def noisy(self, sentence: str) -> str:
        """``sentence`` with, now and then, a typo or a doubled space."""
        rng = self.rng
        if rng.random() < 0.08 * self.noise:
            words = _TYPO_WORD.findall(sentence)
            if words:
                word = self.pick(words)
                i = rng.randrange(1, len(word) - 2)
                typo = self.pick(
                    (word[:i] + word[i + 1] + word[i] + word[i + 2 :], word[:i] + word[i + 1 :],
                     word[:i] + word[i] + word[i:])
                )  # fmt: skip
                sentence = sentence.replace(word, typo, 1)
        if rng.random() < 0.05 * self.noise:
            spaces = [m.start() for m in re.finditer(" ", sentence)]
            if spaces:
                at = self.pick(spaces)
                sentence = sentence[:at] + "  " + sentence[at + 1 :]
        return sentence

    def join(self, sentences: list[str]) -> str:
        """Sentences into a paragraph; a sloppy article sometimes glues them ("(JCS).L'")."""
        glue = 0.04 * self.noise
        out = self.noisy(_tidy(sentences[0]))
        for s in sentences[1:]:
            out += ("" if self.rng.random() < glue else " ") + self.noisy(_tidy(s))
        return out

    def heading(self) -> str:
        text = self.pick(HEADINGS)
        return f"- {text} -" if self.rng.random() < 0.3 else text

    def dateline(self) -> str:
        rng = self.rng
        pub = self.published
        day = "1er" if pub.day == 1 else str(pub.day)
        city = self.weighted(_CITIES, _CITIES_W)
        if rng.random() < 0.5:
            city = city.upper()
        dash = self.pick(("-", "-", "–"))
        return f"{city}, {day} {MONTHS[pub.month - 1]} {pub.year} ({self.agency}) {dash} "

    def title(self, draft: str) -> str:
        """``draft``, sometimes with the short name of the lead's source."""
        if self.side in SHORT_SOURCES and self.rng.random() < 0.4 and " selon " not in draft:
            draft += f", {self.pick(('selon', 'affirme'))} {self.pick(SHORT_SOURCES[self.side])}"
        return _cap(_tidy(draft))

    def retitle(self) -> str:
        """Another title for the same kind of main event (when the first one was taken)."""
        return self.title(self.event(self.main)[1])

    def write(self) -> tuple[str, list[str]]:
        """The title and the paragraphs of the article."""
        rng = self.rng
        self.main = kind = self.kind()
        clause, title = self.event(kind)
        src, self.side = self.source()
        lead = self.attribute(clause, source=src)
        second = [self.elaboration(kind)] if rng.random() < 0.5 else []
        second.append(self.attribute(self.event(kind)[0]))
        paragraphs = [self.join([lead]), self.join(second)]
        count = sum(len(p.split()) for p in paragraphs)
        while True:
            text = self.join(self.paragraph())
            size = len(text.split())
            if count + size > self.words and count + size - self.words > self.words - count:
                break
            if rng.random() < 0.12:
                paragraphs.append(self.heading())
                count += len(paragraphs[-1].split())
            paragraphs.append(text)
            count += size
        if rng.random() < 0.1:
            paragraphs.append(f"({self.agency})")
        return self.title(title), paragraphs


_EVENTS: dict[str, Callable[[_Article], tuple[str, str]]] = {
    "Deployment": _Article.deployment,
    "Casualties": _Article.casualties,
    "ArmsTransfer": _Article.arms,
    "Treaty": _Article.treaty,
    "MilitaryOperation": _Article.operation,
    "WeaponTest": _Article.weapon_test,
    "Meeting": _Article.meeting,
    "Cooperation": _Article.cooperation,
}


def _top(article: _Article, paragraphs: list[str]) -> str:
    """The text: a wire dateline opening the lead, or a date line above it."""
    rng = article.rng
    pub = article.published
    r = rng.random()
    if r < 0.75:
        paragraphs[0] = article.dateline() + paragraphs[0]
        return "\n\n".join(paragraphs)
    hour, minute = rng.randrange(6, 23), rng.randrange(60)
    if r < 0.9:
        weekday = WEEKDAYS[pub.weekday()] + " " if rng.random() < 0.5 else ""
        day = "1er" if pub.day == 1 else str(pub.day)
        line = f"Publié le {weekday}{day} {MONTHS[pub.month - 1]} {pub.year} à {hour}h{minute:02d}"
        return line + "\n\n" + "\n\n".join(paragraphs)
    line = f"{hour:02d}:{minute:02d} {pub.day:02d}/{pub.month:02d}/{pub.year}"
    return f"{line}\n{article.agency}\n\n" + "\n\n".join(paragraphs)


def generate(n: int, seed: int = 0, words: int = 500) -> Iterator[dict[str, str]]:
    """Yield ``n`` synthetic articles as JSON Lines records (``id``, ``title``, ``text``...).

    Deterministic for ``seed``; the first ``k`` articles of ``generate(n)`` are
    those of ``generate(k)``. Titles and ids are unique; texts have about
    ``words`` words.
    """
    rng = random.Random(seed)
    width = max(6, len(str(n - 1)))
    titles: set[str] = set()
    for i in range(n):
        article = _Article(rng, words)
        title, paragraphs = article.write()
        for attempt in range(1, 100):
            if title not in titles:
                break
            title = article.retitle() if attempt < 20 else f"{title} ({attempt})"
        titles.add(title)
        text = _top(article, paragraphs)
        identifier = f"gen-{seed}-{i:0{width}d}"
        yield {
            "id": identifier,
            "title": title,
            "date": article.published.isoformat(),
            "url": f"https://example.org/newskg-bench/{seed}/{i}",
            "publisher": article.agency,
            "language": "fr",
            "text": text,
        }


def to_txt(record: dict[str, str]) -> str:
    """A record as a plain-text file: the title, a blank line, the text."""
    return f"{record['title']}\n\n{record['text']}\n"


def write_corpus(
    n: int,
    outdir: Path | str,
    *,
    seed: int = 0,
    words: int = 500,
    fmt: str = "txt",
    per_file: int = 1000,
) -> list[Path]:
    """Write ``n`` articles under ``outdir`` and return the files written.

    ``fmt="txt"``: one ``<id>.txt`` file per article; ``fmt="jsonl"``:
    ``per_file`` articles per ``gen-<seed>-<k>.jsonl`` file.
    """
    if fmt not in ("txt", "jsonl"):
        raise ValueError(f"format must be 'txt' or 'jsonl', not {fmt!r}")
    if per_file < 1:
        raise ValueError("per_file must be at least 1")
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    records = generate(n, seed=seed, words=words)
    if fmt == "txt":
        for record in records:
            path = out / f"{record['id']}.txt"
            path.write_text(to_txt(record), encoding="utf-8", newline="\n")
            written.append(path)
        return written
    batch: list[str] = []
    for record in records:
        batch.append(json.dumps(record, ensure_ascii=False))
        if len(batch) == per_file:
            written.append(_write_batch(out, seed, len(written), batch))
            batch = []
    if batch:
        written.append(_write_batch(out, seed, len(written), batch))
    return written


def _write_batch(out: Path, seed: int, k: int, lines: list[str]) -> Path:
    path = out / f"gen-{seed}-{k:05d}.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="gen_corpus.py",
        description="Write N synthetic French news articles (for benchmarks: speed, not quality).",
    )
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("outdir", type=Path, help="folder to write into (created if missing)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--words", type=int, default=500, help="words per article (about)")
    parser.add_argument("--format", choices=("txt", "jsonl"), default="txt", dest="fmt")
    parser.add_argument(
        "--per-file", type=int, default=1000, help="articles per .jsonl file (default 1000)"
    )
    args = parser.parse_args(argv)
    if args.n < 0 or args.words < 1 or args.per_file < 1:
        parser.error("N must be >= 0, --words and --per-file >= 1")
    start = time.perf_counter()
    files = write_corpus(
        args.n, args.outdir, seed=args.seed, words=args.words, fmt=args.fmt, per_file=args.per_file
    )
    elapsed = time.perf_counter() - start
    print(
        f"{args.n} articles in {len(files)} files under {args.outdir} ({elapsed:.1f} s)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
