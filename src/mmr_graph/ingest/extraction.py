"""The methods a work uses, read from text about it: its title, its list text, its paper's abstract.

Methods are found by the method scheme's labels (notations, prefLabels, altLabels and hiddenLabels of
``ontology/methods.ttl``, longest first, whole words), as in titles. A label found is a *use* only when the
text says the work does it:

- a work's name is not a method: a label ending a hyphenated name (Flow-GRPO, MM-RLHF), or followed by a
  hyphen and a capital (GRPO-CARE), is part of that name; a label in capitals (GRPO, REINFORCE) matches only
  in capitals, so that the verb "reinforce" is not the algorithm;
- a comparison or a baseline is not a use: a label governed by "compared with", "outperforms", "than",
  "unlike", "instead of", "without", "over"... (across a list of labels: "outperforms SFT and DPO"), or
  followed by "baseline(s)", or by "-free", is skipped;
- in an abstract, background is not a use: the sentences before the first one about the work itself
  ("we", "our", "this paper", the work's name), and a sentence about prior work ("existing", "recent",
  "has shown") that does not speak of the work, are skipped; so is a sentence about a baseline the work
  ships ("a model as the baseline, trained via RL"), and "reinforcing", a verb in prose, names RL only in a
  title; a variant the work introduces ("we propose Trust-GRPO") does use its method;
- a method the text finds fault with in its clause ("SFT tends to memorize", "the limitations of SFT") is
  not the work's, nor is what "most models" do; a problem the work sets out to fix ("GRPO suffers from...")
  or a fault denied ("SFT does not hurt") is no such verdict;
- what might be done is not what was done: a clause about a potential direction, future work or a plan
  ("we plan to support DPO"), to the end of its sentence, is skipped; what the sentence says before it
  ("we train Foo with GRPO, opening a promising direction") is read;
- a text that names a training method says the work trains: its chain of thought is training data, not
  chain-of-thought prompting (``COT`` is dropped; ``SFT`` is read only where the text names it), and it is
  not training-free.

Everything here is plain text processing, deterministic and bounded (linear in the text's length).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from mmr_graph.identity.keys import label_key
from mmr_graph.vocab import Concept, Scheme

MAX_TEXT = 20_000  # characters of one text read: an abstract is under 2,000

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\[\"'])")
_OWN = re.compile(
    r"\b(?:we|our|ours|this (?:paper|work|study|report|article|project)|in this|the proposed|here)\b",
    re.IGNORECASE,
)
_BACKGROUND = re.compile(
    r"\b(?:recent(?:ly)?|existing|prior|previous(?:ly)?|conventional|traditional|current|"
    r"ha(?:s|ve) (?:shown|demonstrated|emerged|been|achieved|proven|attracted|gained|made)|"
    r"remains?|typically|usually|commonly|widely)\b",
    re.IGNORECASE,
)
# what most or many other models do is prior work too ("most MLLMs are trained with SFT"), unless the work is
# compared with them ("outperforms many larger models" is the work's own result)
_MOST_MODELS = re.compile(
    r"\b(?P<compared>(?:outperform\w*|surpass\w*|beat\w*|exceed\w*|rival\w*|than|over|beyond|versus|vs\.?|"
    r"compared (?:to|with|against)|on par with|comparable (?:to|with)|competitive with)\s+)?"
    r"(?:most|many) (?:[\w-]+ ){0,2}?(?:models|MLLMs|LLMs|VLMs|LVLMs|methods|approaches|works|studies)\b",
    re.IGNORECASE,
)
# words that put what follows them, up to the next word that is not a filler, out of the work's own methods
_CUES = re.compile(
    r"\b(?:compared (?:to|with|against)|comparisons? (?:to|with|against)|in comparison (?:to|with)|"
    r"in contrast to|relative to|outperform\w*|surpass\w*|beat\w*|exceed\w*|than|unlike|instead of|"
    r"versus|vs\.?|over|beyond|competitive with|comparable (?:to|with)|on par with|"
    r"without|w/o|no|not|never|"
    r"(?:eliminat|remov|obviat|mitigat|reduc|avoid|bypass|lessen)\w* the need (?:for|of)|"
    r"free of|skip\w*|avoid\w*|bypass\w*|dispens\w* with|does away with|do away with|"
    r"replac\w*|alternative to|rather than|as opposed to|"
    r"existing|prior|previous|conventional|traditional)(?=\W|$)",
    re.IGNORECASE,
)
# words that may stand between a cue and the label it governs ("outperforms both strong SFT and DPO")
_FILLER_WORDS = (
    "a an the both either and or nor any all other others such as like including e.g i.e standard "
    "vanilla plain pure naive simple only strong popular common typical conventional traditional "
    "existing prior previous purely solely mere merely rule-based methods method approaches approach "
    "algorithms algorithm techniques technique training trained models model baselines baseline "
    "counterparts alternatives based style relying rely on need requiring require explicit additional "
    "extra costly separate dedicated large-scale sota state-of-the-art widely-used commonly-used several "
    "many various traditional-style of for to its their that which external learned "
)
_FILLERS = frozenset(_FILLER_WORDS.split())
_WORD = re.compile(r"[A-Za-z0-9][\w'./+-]*|[(),]")
_AFTER_BASELINE = re.compile(r"\W{0,3}(?:[\w-]+\s+){0,2}(?:baselines?|problem|issue)\b", re.IGNORECASE)
# a method the text says is not needed ("SFT is unnecessary", "reward models are not required")
_AFTER_UNNEEDED = re.compile(
    r"\s+(?:[\w-]+\s+){0,2}?(?:is|are|was|were|proves?|seems?|becomes?)\s+(?:\w+\s+)?(?:unnecessary|"
    r"not (?:needed|necessary|required|essential|helpful)|redundant|dispensable|harmful|detrimental)\b",
    re.IGNORECASE,
)
# cues of contrast whose reach is the rest of their clause ("unlike prior work that distills from GPT-4o")
_CONTRASTS = re.compile(r"unlike|in contrast to|instead of|rather than|as opposed to", re.IGNORECASE)
# negations reach over up to 8 words ("does not rely on additional data or reward models"); "avoid" and
# "bypass" govern only their object ("avoids SFT", not "avoid reward hacking by GRPO")
_NEGATIONS = re.compile(
    r"without|w/o|no|not|never|free|eliminat|remov|obviat|mitigat|reduc|lessen|skip|dispens|do",
    re.IGNORECASE,
)
# where a negation's reach ends: the work's own clause ("without SFT, we apply GRPO")
_NEGATION_ENDS = re.compile(
    r",\s*(?:we|our|it|which|and then|then|while|but)\b|\b(?:we|our|but|while)\b|"
    # or a comma and the work's own verb ("trained without distillation, uses GRPO")
    r",\s*(?:and |then |instead )?(?:use[sd]?|using|appl(?:y|ies|ied|ying)|adopt\w*|employ\w*|train\w*|"
    r"leverag\w+|rel(?:y|ies|ied|ying) on|optimi[sz]\w*|learn\w*|fine-?tun\w+)\b",
    re.I,
)
# a sentence introducing the work's variant of a method ("we propose Trust-GRPO"): the variant uses it
_INTRODUCES = re.compile(
    r"\b(?:we|our)\b[^.;]{0,80}\b(?:propose|introduce|develop|present|design|adopt)\w*\b", re.I
)
# labels that name a method in a title ("Reinforcing Video Reasoning with...") but are plain verbs in prose
_TITLE_ONLY = frozenset({"reinforced", "reinforcing"})
# "instruction-tuned" describing the model a work starts from ("the instruction-tuned variants of Qwen2-VL")
_DESCRIBES_MODEL = re.compile(
    r"[\s-]+(?:[\w.-]+\s+){0,3}?(?:variants?|versions?|checkpoints?|models?|MLLMs?|LLMs?|VLMs?|LVLMs?)\b",
    re.IGNORECASE,
)
_ADJECTIVES = frozenset({"instruction-tuned", "instruction tuned", "fine-tuned", "finetuned"})
# a method the text finds fault with is not one the work uses: a label followed, in its clause, by a
# verdict against it ("SFT tends to memorize", "supervised fine-tuning leads to catastrophic forgetting"),
# or preceded by one ("the limitations of SFT"); a problem the work sets out to fix ("GRPO suffers from
# gradient stagnation") is not such a verdict: the work may well use the method it improves
_VERDICT_AFTER = re.compile(
    r"[\w-]*(?:\s+[\w-]+){0,5}?\s+(?:struggles?|struggling|fails?|failing|hurts?|degrades?|degrading|harms?|"
    r"impairs?|overfits?|memori[sz]es?|tends? to (?:memori[sz]e|overfit|forget)|forgets?|"
    r"leads? to (?:catastrophic|overfitting|memori[sz]ation|poor|limited|degraded|worse)|"
    r"is (?:not always |not |in)?(?:sufficient|beneficial|effective|helpful)|(?:is|are) insufficient|"
    r"falls? short|undermines?|compromises?)\b",
    re.IGNORECASE,
)
# a word that opens a clause of its own between the method and a verdict: the verdict is on that clause's
# subject ("GRPO on problems where the model fails"), not on the method
_OWN_CLAUSE = re.compile(
    r"\b(?:where|wherever|when|whenever|if|unless|until|because|since|while|whereas|although|though|once)\b",
    re.IGNORECASE,
)
_PRAISE = re.compile(r"sufficient|beneficial|effective|helpful")
_VERDICT_BEFORE = re.compile(
    r"\b(?:limitations?|drawbacks?|shortcomings?|weakness(?:es)?|pitfalls?|downsides?)\s+of\s+"
    r"(?:(?:the|a|an|standard|conventional|vanilla|naive|plain|pure|existing)\s+){0,2}$",
    re.IGNORECASE,
)
# a sentence about a baseline the work ships ("we release a model as the baseline, trained via RL")
_BASELINE_SENTENCE = re.compile(r"\bas (?:a |the |our |strong )?baselines?\b", re.IGNORECASE)
# a clause about what might be done, not what the work did ("RL for charts is a potential direction",
# "we plan to support DPO", "left for future work"): its reach is from the start of its clause to the end of
# the sentence, or to the next semicolon or colon
_PROSPECTIVE = re.compile(
    r"\b(?:(?:potential|promising|possible|future) (?:directions?|avenues?|extensions?)|future work|"
    r"in the future|we plan to|we (?:hope|intend) to|(?:is|are) left for|remains? to be (?:explored|seen))\b",
    re.IGNORECASE,
)
# training-free methods, by definition: a text that names a training method says the work trains, so that
# its "chain of thought" is training data, not chain-of-thought prompting (data/README.md)
TRAINING_FREE = frozenset({"TF", "COT"})


@dataclass(frozen=True)
class Sentence:
    """A sentence of a text and whether it speaks of the work itself (not of prior work)."""

    text: str
    own: bool


def sentences(text: str, name: str = "", background: bool = True, lead: bool = True) -> list[Sentence]:
    """The sentences of ``text``; with ``background``, those about prior work alone are not the work's own,
    nor, with ``lead`` (an abstract's opening), those before the first about the work itself (its ``name``,
    "we", "this paper"...). A README is read without ``lead``: it is about its work from the start, and its
    shipped excerpt (:mod:`mmr_graph.ingest.readme_text`) must read as the whole of it does."""
    text = " ".join(text[:MAX_TEXT].split())
    if not background:  # all of it is about the work (a cue's reach ends at a full stop anyway)
        return [Sentence(text, True)] if text else []
    parts = [p for p in _SENTENCE_END.split(text) if p]
    out, seen_own = [], not lead
    named = len(name) >= 3
    for part in parts:
        about_work = bool(_OWN.search(part)) or (named and name in part)
        seen_own = seen_own or about_work
        out.append(Sentence(part, about_work or (seen_own and not _about_prior_work(part))))
    return out


def _about_prior_work(sentence: str) -> bool:
    """Whether a sentence that does not name the work speaks of prior work."""
    if _BACKGROUND.search(sentence):
        return True
    return any(not match.group("compared") for match in _MOST_MODELS.finditer(sentence))


def methods_in(
    text: str, scheme: Scheme, name: str = "", background: bool = True, lead: bool = True
) -> tuple[str, ...]:
    """The notations of the methods ``text`` says the work uses, in the order first found."""
    found: dict[str, None] = {}
    if not scheme.concepts or scheme.label_pattern().search(text[:MAX_TEXT]) is None:
        return ()  # most titles name no method: one scan
    for sentence in sentences(text, name, background, lead):
        if sentence.own and not _BASELINE_SENTENCE.search(sentence.text):
            variants = background and bool(_INTRODUCES.search(sentence.text))
            for concept in uses_in(without_prospects(sentence.text), scheme, variants, prose=background):
                found.setdefault(concept.notation)
    if any(notation not in TRAINING_FREE for notation in found):  # a work that trains is not training-free
        return tuple(notation for notation in found if notation not in TRAINING_FREE)
    return tuple(found)


def without_prospects(text: str) -> str:
    """``text`` with each clause about what might be done (:data:`_PROSPECTIVE`) blanked, from the start of
    its clause (after the last comma, semicolon or colon before it) to the end of the text or the next
    semicolon or colon; the rest keeps its place."""
    blanked, reached = list(text), 0
    for match in _PROSPECTIVE.finditer(text):
        if match.start() < reached:
            continue  # within a clause already blanked
        start = max(text.rfind(mark, reached, match.start()) for mark in ",;:") + 1
        start = max(start, reached)
        stops = [i for i in (text.find(";", match.end()), text.find(":", match.end())) if i >= 0]
        reached = min(stops, default=len(text))
        blanked[start:reached] = " " * (reached - start)
    return "".join(blanked) if reached else text


def uses_in(text: str, scheme: Scheme, variants: bool = False, prose: bool = False) -> Iterator[Concept]:
    """The concepts whose labels occur in ``text`` as uses (not a name, a comparison or a baseline);
    with ``variants``, a label ending a hyphenated name is the method of that variant (Trust-GRPO); in
    ``prose`` (an abstract), title-only labels are verbs."""
    if not scheme.concepts:
        return
    for match in scheme.label_pattern().finditer(text):
        label, start, end = match.group(1), match.start(1), match.end(1)
        concept = scheme.match(label)
        if concept is None or capitals_only(concept, label) or (prose and label.lower() in _TITLE_ONLY):
            continue
        if part_of_name(text, start, end) and not (variants and ends_name(text, start, end)):
            continue
        if governed_by_cue(text, start, scheme) or _AFTER_BASELINE.match(text, end):
            continue
        if _found_fault(text, start, end):
            continue
        if label.lower() in _ADJECTIVES and _DESCRIBES_MODEL.match(text, end):
            continue  # the model's, not the work's: "the instruction-tuned variants of Qwen2-VL"
        yield concept


def _found_fault(text: str, start: int, end: int) -> bool:
    """Whether the text says the method at ``text[start:end]`` is not needed ("SFT is unnecessary") or finds
    fault with it in its clause ("SFT tends to memorize", "the limitations of SFT")."""
    if _AFTER_UNNEEDED.match(text, end):
        return True
    after = _VERDICT_AFTER.match(text, end)
    if after and not re.search(r"[,;:]", after.group(0)) and not _OWN_CLAUSE.search(after.group(0)):
        verdict = after.group(0).lower()
        if _PRAISE.search(verdict):  # "is effective" is praise, "is not effective" a verdict
            return bool(re.search(r"\b(?:not|insufficient)\b", verdict))
        # a fault denied is praise ("our cold-start SFT does not hurt", "SFT never degrades")
        return not re.search(r"\b(?:not|never|no longer|hardly|rarely)\b|n't\b", verdict)
    return bool(_VERDICT_BEFORE.search(text[max(0, start - 60) : start]))


def capitals_only(concept: Concept, text: str) -> bool:
    """Whether every label of ``concept`` that ``text`` matches is in capitals and ``text`` is not."""
    key = label_key(text)
    same = [label for label in concept.labels() if label_key(label) == key]
    return all(label.isupper() for label in same) and text not in same


def part_of_name(text: str, start: int, end: int) -> bool:
    """Whether the label at ``text[start:end]`` is part of a hyphenated name (Flow-GRPO, GRPO-CARE) or
    says the opposite of a use (SFT-free)."""
    if start > 1 and text[start - 1] == "-" and text[start - 2].isalnum():
        return True
    if end + 1 < len(text) and text[end] == "-":
        following = text[end + 1 :]
        return following[:1].isupper() or following[:1].isdigit() or following.lower().startswith("free")
    return False


def ends_name(text: str, start: int, end: int) -> bool:
    """Whether the label at ``text[start:end]`` ends a hyphenated name (Trust-GRPO, not GRPO-CARE)."""
    hyphenated = start > 1 and text[start - 1] == "-" and text[start - 2].isalnum()
    return hyphenated and not (end < len(text) and text[end] == "-")


def governed_by_cue(text: str, start: int, scheme: Scheme) -> bool:
    """Whether a comparison or negation cue governs the label starting at ``start``: the cue comes before
    it in the same clause, with only fillers, other labels and parenthesised acronyms between them."""
    before = text[max(0, start - 160) : start]
    cues = list(_CUES.finditer(before))
    if not cues:
        return False
    contrasts = [c for c in cues if _CONTRASTS.fullmatch(c.group(0))]
    if contrasts:  # a contrast reaches to the end of its clause, not into the work's own
        clause = before[contrasts[-1].end() :]
        contrasted = _WORD.search(clause)  # "unlike our earlier model": the work's clause comes after
        if (
            not re.search(r"[,.;:!?]", clause)
            and not _NEGATION_ENDS.search(clause, contrasted.end() if contrasted else 0)
            and len(_WORD.findall(clause)) <= 12
        ):
            return True
    cue = cues[-1]
    between = before[cue.end() :]
    if re.search(r"[.;:!?]", between):
        return False
    if _NEGATIONS.match(cue.group(0)):  # "does not rely on additional data or reward models"
        return len(_WORD.findall(between)) <= 8 and not _NEGATION_ENDS.search(between)
    between = scheme.label_pattern().sub(" ", between)
    between = re.sub(r"\([^()]{0,20}\)", " ", between)  # "(SFT)"
    return all(word.lower().strip(".") in _FILLERS or word in ",()" for word in _WORD.findall(between))
