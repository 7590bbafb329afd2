"""Which touchpoints a persona's journey reaches from its first stage, and which lead on to its end.

A persona's graph is the shared graph plus its own touchpoints and flows. When its journey starts
in the stage where the shared touchpoints start, everything the shared graph reaches counts for
the persona too (likewise at the end, for what leads to the last stage or an exit). So the shared
graph is searched once, and per persona only a small graph: its own flows and the shared edges out
of touchpoints left unsettled, with one node standing for all the settled ones. A journey that
starts (or ends) elsewhere has that search run over the persona's whole graph.
"""

from __future__ import annotations

from collections.abc import Iterable, Set

import networkx as nx

from journey_studio.model import Card

from .graph import Edge, PersonaGraphs, leading_to, reachable_from

_SETTLED = object()  # stands for every node a search has settled already; never equal to a card id

# The touchpoints reached from the first stage, and those from which the last stage or an exit is reached.
Reach = tuple[Set[str], Set[str]]


class JourneyPaths:
    """The path searches of all personas, sharing the search of the shared graph."""

    def __init__(
        self, graphs: PersonaGraphs, shared_by_stage: list[list[Card]], shared_exits: list[str]
    ) -> None:
        self._graphs = graphs
        self._by_stage = shared_by_stage
        self._exits = shared_exits
        filled = [i for i, cards in enumerate(shared_by_stage) if cards]
        self._span = (filled[0], filled[-1]) if filled else None
        self._shared: tuple[Set[str], Set[str], list[Edge]] | None = None

    def search(self, persona: str, first: int, last: int, sources: Set[str], targets: Set[str]) -> Reach:
        """The reach of ``persona``, whose journey runs from stage ``first`` to ``last``.

        ``sources`` are its touchpoints in the first stage, ``targets`` those in the last stage
        and its exits.
        """
        span = self._span or (first, last)
        reached = self._extended(persona, sources, forward=True) if span[0] == first else None
        finishing = self._extended(persona, targets, forward=False) if span[1] == last else None
        if reached is None or finishing is None:
            with self._graphs.graph_of(persona) as graph:
                reached = reachable_from(graph, sources) if reached is None else reached
                finishing = leading_to(graph, targets) if finishing is None else finishing
        return reached, finishing

    def _extended(self, persona: str, starts: Set[str], forward: bool) -> Set[str]:
        """The shared search in one direction, carried on through what ``persona`` adds."""
        reached, finishing, loose = self._shared_reach()
        edges = self._graphs.own_edges(persona) + loose
        if forward:
            return _extend(reached, edges, starts)
        return _extend(finishing, [(v, u) for u, v in edges], starts)

    def _shared_reach(self) -> tuple[Set[str], Set[str], list[Edge]]:
        """The shared graph's reach, and the shared edges out of the touchpoints it left unsettled."""
        if self._shared is None:
            shared = self._graphs.graph
            if self._span is None:
                reached: Set[str] = set()
                finishing: Set[str] = set()
            else:
                first, last = self._span
                reached = reachable_from(shared, [c.id for c in self._by_stage[first]])
                finishing = leading_to(shared, [*(c.id for c in self._by_stage[last]), *self._exits])
            # A persona's own flows may lead on along the shared edges out of the touchpoints
            # these searches left unsettled; any other shared edge adds nothing to what they found.
            all_settled = len(reached) == len(finishing) == len(shared)
            unsettled = [] if all_settled else [n for n in shared if n not in reached or n not in finishing]
            loose = [(u, v) for u in unsettled for v in shared.successors(u)]
            self._shared = reached, finishing, loose
        return self._shared


def _extend(settled: Set[str], edges: list[Edge], starts: Iterable[str]) -> Set[str]:
    """``settled`` and what ``edges`` lead to from there and from ``starts``.

    One search in a graph of ``edges``, where a single node stands for all the settled ones.
    """
    graph = nx.DiGraph()
    graph.add_node(_SETTLED)
    graph.add_edges_from((_SETTLED, node) for node in starts if node not in settled)
    graph.add_edges_from((_SETTLED if u in settled else u, v) for u, v in edges if v not in settled)
    found: set[str] = nx.descendants(graph, _SETTLED)
    return settled | found if found else settled
