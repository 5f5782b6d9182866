"""The event lexicon, loaded once: triggers by group, role prepositions, noun classes."""

from __future__ import annotations

from newskg.nlp.lexicon import lexicon

__all__ = ["Lex", "get_lex"]


class Lex:
    """The event lexicon (``data/lexicons/events_fr.json``), as sets and maps."""

    def __init__(self) -> None:
        lex = lexicon("events")
        # A lemma may open several frames ("abattre": an operation and a loss).
        self.verbs: dict[str, list[str]] = {}
        for group, ws in lex["verb_triggers"].items():
            for w in ws:
                self.verbs.setdefault(w, []).append(group)
        self.nouns: dict[str, list[str]] = {}
        for group, ws in lex["noun_triggers"].items():
            for w in ws:
                self.nouns.setdefault(w, []).append(group)
        # Multiword triggers, by their first word: a verb's lemma ("entrer en
        # vigueur", from ``multiword_triggers``) or a noun ("entrée en vigueur",
        # a noun trigger with spaces): the words that must follow it.
        self.verb_phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for group, phrases in lex["multiword_triggers"].items():
            for first, *rest in phrases:
                self.verb_phrases.setdefault(first, []).append((tuple(rest), group))
        self.noun_phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for group, words in lex["noun_triggers"].items():
            for w in words:
                first, *rest = w.split()
                if rest:
                    self.noun_phrases.setdefault(first, []).append((tuple(rest), group))
        self.personnel = set(lexicon("entities")["personnel_nouns"])
        self.personnel |= set(lex.get("personnel_unit_nouns", ()))  # "une brigade"
        self.materiel = set(lex["materiel_nouns"])
        self.light_verbs = set(lex["light_verbs"])
        self.deal_verbs = set(lex.get("deal_verbs", ()))
        self.deal_nouns = set(lex.get("deal_nouns", ()))
        self.deal_triggers = set(lex.get("deal_triggers", ()))
        self.needs_military = set(lex["operation_needs_military"])
        self.military = set(lex["military_context"])
        self.recipient_preps = set(lex["recipient_preps"])
        self.place_preps = set(lex["place_preps"])
        self.reporting = set(lexicon("claims")["reporting_verbs"])
        self.contest_forms = set(lexicon("claims").get("contest_forms", ()))
        self.self_report = set(lex["self_report_verbs"])
        self.transparent = set(lex["transparent_nouns"])
        self.opponent_preps = set(lex["opponent_preps"])
        self.object_control = set(lex["object_control_verbs"])
        self.agent_preps = set(lex["agent_preps"])
        self.invasion = set(lex["object_is_opponent"])
        self.victim_nouns = set(lex["victim_nouns"])
        self.victims_are_subject = set(lex["victims_are_subject"])
        self.ranks_nouns = set(lex["ranks_nouns"])
        self.captive_nouns = set(lex["captive_nouns"])
        self.release_words = set(lex["release_words"])
        self.own_loss_verbs = set(lex["own_loss_verbs"])
        self.source_preps = set(lex["source_preps"])
        self.launch = set(lex["launch_triggers"])
        self.suffer_verbs = set(lex["suffer_verbs"])
        self.treaty_nouns = set(lex["treaty_nouns"])
        self.generic_materiel = set(lex["generic_materiel_nouns"])
        self.test_cues = set(lex["test_cues"])
        self.target_preps = set(lex["target_preps"])
        self.launch_target_preps = set(lex.get("launch_target_preps", ()))
        # operations (operations.py): what a trigger needs before it is an operation
        self.needs_agent = set(lex["operation_needs_agent"])
        self.hit_verbs = set(lex.get("hit_verbs", ()))
        self.hit_measures = set(lex.get("hit_measure_nouns", ()))
        self.location_participles = set(lex.get("location_participles", ()))
        self.materiel_object_verbs = set(lex.get("materiel_object_verbs", ()))
        self.partitive_nouns = set(lex.get("partitive_nouns", ()))
        self.use_verbs = set(lex["use_verbs"])
        self.barrage_nouns = set(lex["barrage_nouns"])
        self.stative_participles = set(lex["stative_participles"])
        self.capture_verbs = set(lex["capture_verbs"])
        self.direct_capture_verbs = set(lex.get("direct_capture_verbs", ()))
        self.capture_objects = set(lex["capture_objects"])
        self.capture_from_preps = set(lex.get("capture_from_preps", ()))
        self.unrealised_governors = set(lex["operation_unrealised_governors"])
        self.purpose_marks = set(lex.get("operation_purpose_marks", ()))
        self.needs_armed_target = set(lex["operation_needs_armed_target"])
        self.entry_verbs = set(lex["operation_entry_verbs"])
        self.insurgent_nouns = set(lex["insurgent_nouns"])
        self.follower_nouns = set(lex["follower_nouns"])
        # transfers (transfers.py): deployments, arrivals, places named by a common noun
        self.deployment_verbs = set(lex["deployment_verbs"])
        self.needs_destination = set(lex["needs_destination_verbs"])
        self.arrival_verbs = set(lex["arrival_verbs"])
        self.anaphoric_places = set(lex["anaphoric_place_nouns"])
        self.compass_nouns = set(lex["compass_nouns"])
        self.country_nouns = set(lex["country_nouns"])
        self.partner_preps = set(lex["partner_preps"])
        self.border_nouns = set(lex["border_nouns"])
        self.purchase_words = set(lex.get("purchase_words", ()))
        self.class_recipients = set(lex.get("class_recipient_nouns", ()))
        self.meeting_reflexive = set(lex["meeting_needs_reflexive"])
        self.meeting_actor_object = set(lex["meeting_needs_actor_object"])
        self.meeting_partner_verbs = set(lex["meeting_with_partner_verbs"])
        self.meeting_partner_preps = set(lex["meeting_partner_preps"])
        self.meeting_media = set(lex.get("meeting_media", ()))
        self.meeting_venues = [tuple(w.split()) for w in lex.get("meeting_venue_verbs", ())]
        self.meeting_of_members = set(lex.get("meeting_of_members", ()))
        self.meeting_officials = set(lex.get("meeting_official_nouns", ()))
        self.meeting_frames = set(lex["meeting_frame_nouns"])
        self.meeting_visits = set(lex["meeting_visit_nouns"])
        self.pair_anaphors = set(lex["pair_anaphor_nouns"])
        self.joint_verbs = set(lex["cooperation_joint_verbs"])
        # joint exercises (exercises.py): what an exercise is, who holds it
        self.exercise_nouns = set(lex.get("cooperation_exercise_nouns", ()))
        self.exercise_verbs = set(lex.get("cooperation_exercise_verbs", ()))
        self.exercise_reflexive = set(lex.get("cooperation_exercise_reflexive", ()))
        self.exercise_subject_verbs = set(lex.get("exercise_subject_verbs", ()))
        self.exercise_gathering = set(lex.get("exercise_gathering_verbs", ()))
        self.exercise_abstract = set(lex.get("exercise_abstract_complements", ()))
        self.combining_forms = dict(lex.get("demonym_combining_forms", {}))
        self.meeting_ending_verbs = set(lex.get("meeting_ending_verbs", ()))
        self.treaty_instruments = set(lex["treaty_instrument_nouns"])
        self.treaty_withdrawal_object = set(lex["treaty_withdrawal_needs_object"])
        self.withdrawal_place_anaphors = set(lex["withdrawal_place_anaphors"])
        self.withdrawal_demands = set(lex["withdrawal_demand_verbs"])
        self.withdrawal_needs_origin = set(lex.get("withdrawal_needs_origin", ()))
        self.personnel_phrases = set(lex.get("personnel_phrases", ()))
        self.locative_heads = set(lex.get("locative_heads", ()))
        self.treaty_approvals = set(lex["treaty_approval_verbs"])
        self.treaty_decisions = set(lex["treaty_decision_nouns"])
        # casualties (casualties.py): bodies whose demonym names the side counting its losses
        self.counting_bodies = set(lex["counting_bodies"])
        self.clash_nouns = set(lex["clash_nouns"])
        self.life_nouns = set(lex["life_nouns"])


_LEX: Lex | None = None


def get_lex() -> Lex:
    """The event lexicon, read on first use."""
    global _LEX
    if _LEX is None:
        _LEX = Lex()
    return _LEX
