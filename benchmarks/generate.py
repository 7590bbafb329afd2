"""Large, realistic journey maps for benchmarks: ``make_large_document`` and a command line to save one.

The map is built through the model constructors, so it is as valid as any map a user could make:
lanes of the real kinds, cards spread over the cells, touchpoints with channels, owners and
emotion scores, and flows between touchpoints that mostly run forward to the same or next stage.
Everything comes from one seeded random generator, so a seed always gives the same map.

    python benchmarks/generate.py --cards 2000 -o big.json      # JSON interchange file
    python benchmarks/generate.py --cards 2000 -o big.journey   # native document file
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script from a source checkout: make ``journey_studio`` importable.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from journey_studio.model import (
    CHANNELS,
    DEFAULT_CARD_KIND,
    OWNERS,
    Card,
    Document,
    Flow,
    Lane,
    MapInfo,
    Persona,
    Stage,
)
from journey_studio.model.entities import PERSONA_COLOURS

STAGE_NAMES: tuple[str, ...] = (
    "Awareness",
    "Research",
    "Consideration",
    "Evaluation",
    "Trial",
    "Negotiation",
    "Purchase",
    "Onboarding",
    "Adoption",
    "Support",
    "Renewal",
    "Advocacy",
)

# Lanes in the order a map usually shows them; maps with more lanes repeat the busy kinds.
LANE_PLAN: tuple[tuple[str, str], ...] = (
    ("Touchpoints", "touchpoints"),
    ("Customer actions", "actions"),
    ("Thoughts", "thoughts"),
    ("Emotion", "emotion"),
    ("Pain points", "pain_points"),
    ("Opportunities", "opportunities"),
    ("Backstage", "backstage"),
    ("Metrics", "metrics"),
    ("Notes", "notes"),
    ("Partner touchpoints", "touchpoints"),
    ("Support actions", "backstage"),
    ("Ideas", "opportunities"),
)

# How many cards a lane of each kind attracts, relative to the others.
LANE_WEIGHT: dict[str, float] = {
    "touchpoints": 4.0,
    "actions": 1.5,
    "thoughts": 1.0,
    "emotion": 0.0,  # the emotion lane draws curves and holds no cards
    "pain_points": 1.2,
    "opportunities": 1.0,
    "backstage": 1.0,
    "metrics": 0.6,
    "notes": 0.5,
}

PERSONA_PEOPLE: tuple[tuple[str, str], ...] = (
    ("Priya Nair", "IT operations manager"),
    ("Marcus Webb", "Chief financial officer"),
    ("Lena Fischer", "Service desk agent"),
    ("Tom Okafor", "Procurement lead"),
    ("Ana Ruiz", "Head of customer success"),
    ("Sam Lee", "Department head"),
)

TOUCHPOINT_TITLES: dict[str, tuple[str, ...]] = {
    "social media": (
        "Sees a post shared by a peer",
        "Reads a thread about the product",
        "Follows the company page",
    ),
    "advertising": ("Clicks a sponsored post", "Watches a video ad", "Sees a retargeting banner"),
    "organic search": ("Finds a how-to guide", "Searches for alternatives", "Reads a comparison article"),
    "referral": ("Hears about it from a colleague", "Gets an intro from a partner", "Refers a peer"),
    "website form": ("Requests a demo", "Downloads the pricing sheet", "Signs up for a webinar"),
    "website": ("Reads the pricing page", "Browses customer stories", "Checks the security page"),
    "event": ("Visits the trade show booth", "Attends a product webinar", "Joins the user conference"),
    "sales call": ("Discovery call", "Pricing negotiation", "Quarterly business review"),
    "email": ("Opens the welcome email", "Receives the renewal quote", "Gets the monthly newsletter"),
    "chat": ("Asks a question in chat", "Chatbot suggests an article", "Support chat resolves an issue"),
    "phone escalation": (
        "Escalates an outage by phone",
        "Calls about a billing error",
        "Phones the account manager",
    ),
    "in store": ("Sees a demo at the reseller", "Signs the order in branch", "Collects hardware in store"),
    "app": ("Starts a free trial", "Completes the setup wizard", "Checks the usage dashboard"),
}

CHANNEL_OWNER: dict[str, str] = {
    "social media": "marketing",
    "advertising": "marketing",
    "organic search": "marketing",
    "referral": "sales",
    "website form": "marketing",
    "website": "marketing",
    "event": "marketing",
    "sales call": "sales",
    "email": "service",
    "chat": "service",
    "phone escalation": "service",
    "in store": "sales",
    "app": "product",
}

CARD_TITLES: dict[str, tuple[str, ...]] = {
    "action": (
        "Compares vendors in a sheet",
        "Shares the shortlist with the team",
        "Invites colleagues to the trial",
        "Routes the contract to legal",
        "Imports last year's tickets",
        "Rolls out to a second team",
        "Sets up single sign-on",
        "Answers the security questionnaire",
        "Prepares the renewal budget",
    ),
    "thought": (
        "\u201cWill this fit our process?\u201d",
        "\u201cWhat does year three cost?\u201d",
        "\u201cWho else uses this?\u201d",
        "\u201cDid we pick the wrong tool?\u201d",
        "\u201cThis saves us real time\u201d",
        "\u201cI'd recommend this to a peer\u201d",
    ),
    "pain_point": (
        "Too many required form fields",
        "Trial has no realistic data",
        "Security review stalls the deal",
        "Invoice does not match the quote",
        "Import fails without a reason",
        "Renewal uplift is a surprise",
        "Long wait for a support answer",
    ),
    "opportunity": (
        "Pre-loaded sample workspace",
        "Publish a security pack",
        "Guided import with checks",
        "Share a renewal forecast early",
        "Referral credit for both sides",
        "Shorter demo request form",
        "Proactive outage updates",
    ),
    "note": (
        "Check with the regional team",
        "Data from last quarter's survey",
        "Interview quote, see research log",
        "Assumption to validate",
    ),
    "metric": ("Funnel", "Satisfaction", "Retention", "Support health", "Adoption"),
}

BACKSTAGE_TITLES: tuple[str, ...] = (
    "Deal desk approves the discount",
    "SDR qualifies the lead",
    "Engineer repairs the import",
    "Billing corrects the invoice",
    "CSM prepares the business review",
    "Marketing updates the nurture list",
)

METRIC_RANGES: dict[str, tuple[float, float]] = {
    "Conversion %": (1.0, 45.0),
    "Drop-off %": (5.0, 70.0),
    "CSAT": (2.5, 4.9),
    "NPS": (-20.0, 70.0),
    "Median days": (1.0, 60.0),
    "Retention %": (70.0, 98.0),
}


def _half(score: float) -> float:
    """A score clamped to 1–5 and rounded to the nearest half."""
    return max(1.0, min(5.0, round(score * 2) / 2))


def _mood(stage_index: int, stages: int) -> float:
    """The typical emotion at a point of the journey: a dip around purchase and onboarding."""
    if stages <= 1:
        return 3.5
    x = stage_index / (stages - 1)
    return 3.6 - 1.6 * max(0.0, 1 - abs(x - 0.5) / 0.3) + 0.9 * max(0.0, x - 0.7) / 0.3


def make_large_document(
    cards: int,
    stages: int = 12,
    lanes: int = 10,
    flows_per_card: float = 2.0,
    personas: int = 2,
    seed: int = 0,
) -> Document:
    """A valid, realistic map with ``cards`` cards and about ``flows_per_card * cards`` flows."""
    if cards < 0 or stages < 1 or lanes < 1 or personas < 1 or flows_per_card < 0:
        raise ValueError("cards must be >= 0; stages, lanes and personas >= 1; flows_per_card >= 0")
    rng = random.Random(seed)

    people = [
        Persona(
            id=f"persona-{i + 1}",
            name=PERSONA_PEOPLE[i % len(PERSONA_PEOPLE)][0]
            + ("" if i < len(PERSONA_PEOPLE) else f" {i + 1}"),
            role=PERSONA_PEOPLE[i % len(PERSONA_PEOPLE)][1],
            goals="Get the job done with less effort and no surprises.",
            colour=PERSONA_COLOURS[i % len(PERSONA_COLOURS)],
        )
        for i in range(personas)
    ]
    person_ids = [p.id for p in people]

    columns = [
        Stage(
            id=f"stage-{i + 1}",
            name=STAGE_NAMES[i] if i < len(STAGE_NAMES) else f"Stage {i + 1}",
            goal=f"Move the customer through {STAGE_NAMES[i % len(STAGE_NAMES)].lower()}.",
        )
        for i in range(stages)
    ]

    rows: list[Lane] = []
    for i in range(lanes):
        name, kind = LANE_PLAN[i % len(LANE_PLAN)]
        if i >= len(LANE_PLAN):
            name = f"{name} {i // len(LANE_PLAN) + 1}"
        rows.append(Lane(id=f"lane-{i + 1}", name=name, kind=kind))
    # A map with only an emotion lane could hold no cards; make sure touchpoints exist.
    if not any(lane.kind == "touchpoints" for lane in rows):
        rows[0] = Lane(id=rows[0].id, name="Touchpoints", kind="touchpoints")
    card_lanes = [lane for lane in rows if LANE_WEIGHT[lane.kind] > 0]
    lane_weights = [LANE_WEIGHT[lane.kind] for lane in card_lanes]

    # Cards per stage, spread evenly; then grouped by cell so the list order is a sensible
    # display order (a cell's cards are contiguous in the list).
    cells: dict[tuple[int, int], list[Card]] = {}
    touch_by_stage: list[list[Card]] = [[] for _ in range(stages)]
    for n in range(cards):
        s = n * stages // cards
        lane_index = rng.choices(range(len(card_lanes)), weights=lane_weights)[0]
        lane = card_lanes[lane_index]
        kind = DEFAULT_CARD_KIND[lane.kind]
        card = Card(id=f"card-{n + 1}", kind=kind, stage=columns[s].id, lane=lane.id)
        if lane.kind == "touchpoints":
            channel = rng.choice(CHANNELS)
            card.channel = channel
            card.owner = CHANNEL_OWNER[channel] if rng.random() < 0.8 else rng.choice(OWNERS)
            card.title = rng.choice(TOUCHPOINT_TITLES[channel])
            card.description = f"The customer meets us through {channel}."
            if personas > 1 and rng.random() < 0.4:
                card.personas = [rng.choice(person_ids)]
            visible = card.personas or person_ids
            mood = _mood(s, stages)
            card.emotion = {pid: _half(mood + rng.gauss(0, 0.6)) for pid in visible}
            if rng.random() < 0.15:
                card.metrics = {"Conversion %": round(rng.uniform(1, 45), 1)}
            card.exit = rng.random() < 0.02
            touch_by_stage[s].append(card)
        elif lane.kind == "backstage":
            card.title = rng.choice(BACKSTAGE_TITLES)
            card.owner = rng.choice(OWNERS)
        else:
            card.title = rng.choice(CARD_TITLES[kind])
            if kind == "metric":
                names = rng.sample(sorted(METRIC_RANGES), k=rng.randint(1, 3))
                card.metrics = {m: round(rng.uniform(*METRIC_RANGES[m]), 1) for m in names}
            if kind in ("thought", "pain_point") and personas > 1 and rng.random() < 0.5:
                card.personas = [rng.choice(person_ids)]
        cells.setdefault((s, lane_index), []).append(card)
    ordered = [card for key in sorted(cells) for card in cells[key]]

    links = _make_flows(rng, touch_by_stage, person_ids, round(flows_per_card * cards))

    info = MapInfo(
        title=f"Benchmark map: {cards} cards",
        description="A generated map for performance measurements.",
        objectives=["Measure how the editor copes with a very large map."],
        review_cadence="Never",
    )
    return Document(info=info, personas=people, stages=columns, lanes=rows, cards=ordered, flows=links)


def _make_flows(
    rng: random.Random, touch_by_stage: list[list[Card]], person_ids: list[str], wanted: int
) -> list[Flow]:
    """Up to ``wanted`` distinct flows, mostly forward within a stage or to the next one."""
    sources = [(s, i) for s, cell in enumerate(touch_by_stage) for i, c in enumerate(cell) if not c.exit]
    if not sources:
        return []
    flows: list[Flow] = []
    seen: set[tuple[str, str]] = set()
    attempts = 0
    while len(flows) < wanted and attempts < wanted * 20:
        attempts += 1
        s, i = sources[len(flows) % len(sources)] if attempts % 3 else rng.choice(sources)
        source = touch_by_stage[s][i]
        roll = rng.random()
        if roll < 0.35:
            pool = touch_by_stage[s][i + 1 :]  # forward within the stage
        elif roll < 0.95 and s + 1 < len(touch_by_stage):
            pool = touch_by_stage[s + 1]
        elif s + 2 < len(touch_by_stage):
            pool = touch_by_stage[s + 2]
        else:
            pool = touch_by_stage[s][i + 1 :]
        if not pool:
            continue
        target = rng.choice(pool)
        if (source.id, target.id) in seen:
            continue
        shared = set(source.personas or person_ids) & set(target.personas or person_ids)
        if not shared:
            continue
        persona = "" if len(shared) == len(person_ids) else sorted(shared)[0]
        seen.add((source.id, target.id))
        flows.append(
            Flow(
                id=f"flow-{len(flows) + 1}",
                source=source.id,
                target=target.id,
                persona=persona,
                label=rng.choice(("", "", "", "next", "follows up", "converts")),
            )
        )
    return flows


def main(argv: list[str] | None = None) -> int:
    """Write a generated map to a ``.json`` interchange file or a ``.journey`` document."""
    parser = argparse.ArgumentParser(description="Generate a large journey map for benchmarks.")
    parser.add_argument("--cards", type=int, default=2000)
    parser.add_argument("--stages", type=int, default=12)
    parser.add_argument("--lanes", type=int, default=10)
    parser.add_argument("--flows-per-card", type=float, default=2.0)
    parser.add_argument("--personas", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-o", "--output", type=Path, required=True, help="a .json or .journey file")
    args = parser.parse_args(argv)

    document = make_large_document(
        args.cards, args.stages, args.lanes, args.flows_per_card, args.personas, args.seed
    )
    try:
        if args.output.suffix.lower() == ".json":
            from journey_studio.interchange.json_form import write_json

            write_json(document, args.output)
        else:
            from journey_studio.store import save_document

            save_document(document, args.output)
    except ImportError as error:
        print(f"cannot write {args.output}: the writer is not available ({error})", file=sys.stderr)
        return 2
    print(f"wrote {len(document.cards)} cards and {len(document.flows)} flows to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())


def fullest_cell(doc: Document, lane: str) -> tuple[str, str]:
    """The cell of ``lane`` holding the most cards: one more card there makes the lane taller."""
    counts = {stage: 0 for stage in doc.stages.ids()}
    for card in doc.cards:
        if card.lane == lane and card.stage in counts:
            counts[card.stage] += 1
    return max(counts, key=lambda stage: counts[stage]), lane
