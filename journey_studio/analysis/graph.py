"""The flow graph one persona sees: its touchpoints as nodes, the flows between them as edges."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence, Set
from contextlib import contextmanager

import networkx as nx

from journey_studio.model import Card, Document, Flow

TOUCHPOINT = "touchpoint"
Edge = tuple[str, str]
_VIRTUAL = object()  # a search's temporary start or goal; never equal to a card id


def applies_to(tags: Collection[str], persona: str) -> bool:
    """True when a card tagged with ``tags`` applies to ``persona``: untagged cards apply to everyone."""
    return not tags or persona in tags


def is_visible(card: Card, persona: str) -> bool:
    """True when ``card`` applies to ``persona``."""
    return applies_to(card.personas, persona)


def sees_tagged_flow(
    flow_persona: str, source_tags: Collection[str], target_tags: Collection[str], persona: str
) -> bool:
    """True when a flow for ``flow_persona`` ("" for everyone) is part of the journey of ``persona``.

    ``source_tags`` and ``target_tags`` are the personas of the cards the flow links.
    """
    return (
        (not flow_persona or flow_persona == persona)
        and applies_to(source_tags, persona)
        and applies_to(target_tags, persona)
    )


def sees_flow(flow: Flow, source: Card, target: Card, persona: str) -> bool:
    """True when ``flow`` (from ``source`` to ``target``) is part of the journey of ``persona``."""
    return sees_tagged_flow(flow.persona, source.personas, target.personas, persona)


def build_graph(doc: Document, persona: str) -> nx.DiGraph:
    """The flow graph of ``persona`` ("" on a map without personas: everything).

    Nodes are the ids of the touchpoints the persona sees; edges are the flows for everyone or for
    this persona between two such touchpoints (several flows between the same cards make one edge).
    """
    touchpoints = {c.id: c for c in doc.cards if c.kind == TOUCHPOINT and is_visible(c, persona)}
    graph = nx.DiGraph()
    graph.add_nodes_from(touchpoints)
    graph.add_edges_from(
        (f.source, f.target)
        for f in doc.flows
        if f.source in touchpoints
        and f.target in touchpoints
        and sees_flow(f, touchpoints[f.source], touchpoints[f.target], persona)
    )
    return graph


class PersonaGraphs:
    """The flow graphs of all personas, built once for the part they share.

    The shared graph holds what every persona sees (untagged touchpoints, flows for everyone
    between them); each persona adds its own touchpoints and ``own_edges``. ``graph_of`` lends
    the shared graph with one persona's additions for the length of a ``with`` block, so personas
    that mostly share their journey do not cost a graph each.
    """

    def __init__(
        self,
        nodes: Sequence[str],
        edges: Iterable[Edge],
        own_nodes: Mapping[str, list[str]],
        own_edges: Mapping[str, list[Edge]],
    ) -> None:
        self.graph = nx.DiGraph()
        self.graph.add_edges_from(edges)
        # most touchpoints came with their edges: adding only the rest is measurably faster
        loose = set(nodes).difference(self.graph)
        if loose:  # in their order, so that findings never depend on set order
            self.graph.add_nodes_from(n for n in nodes if n in loose)
        self._own_nodes = own_nodes
        self._own_edges = own_edges

    @contextmanager
    def graph_of(self, persona: str) -> Iterator[nx.DiGraph]:
        """The persona's graph, lent for a ``with`` block; searches may use it, nothing may keep it."""
        graph = self.graph
        own = self._own_nodes.get(persona, [])
        graph.add_nodes_from(own)
        # A persona's flow between shared touchpoints may also be drawn for everyone: keep that edge.
        shared_edge = graph.has_edge
        added = [edge for edge in dict.fromkeys(self._own_edges.get(persona, ())) if not shared_edge(*edge)]
        graph.add_edges_from(added)
        try:
            yield graph
        finally:
            graph.remove_edges_from(added)
            graph.remove_nodes_from(own)

    def own_edges(self, persona: str) -> list[Edge]:
        """The edges only ``persona`` sees (some may also be shared edges)."""
        return self._own_edges.get(persona, [])


def reachable_from(graph: nx.DiGraph, sources: Iterable[str]) -> Set[str]:
    """Nodes reachable from any of ``sources``, the sources included."""
    return _search(graph, sources, forward=True)


def leading_to(graph: nx.DiGraph, targets: Iterable[str]) -> Set[str]:
    """Nodes from which any of ``targets`` can be reached, the targets included."""
    return _search(graph, targets, forward=False)


def _search(graph: nx.DiGraph, ends: Iterable[str], forward: bool) -> Set[str]:
    """The nodes found by one search from ``ends`` (``forward``) or back to them, ``ends`` included.

    One breadth-first search from (or back to) a temporary virtual node linked with every end.
    """
    graph.add_node(_VIRTUAL)
    try:
        if forward:
            graph.add_edges_from((_VIRTUAL, node) for node in ends)
            found: dict[str, int] = nx.single_source_shortest_path_length(graph, _VIRTUAL)
        else:
            graph.add_edges_from((node, _VIRTUAL) for node in ends)
            found = nx.single_target_shortest_path_length(graph, _VIRTUAL)
    finally:
        graph.remove_node(_VIRTUAL)
    del found[_VIRTUAL]  # type: ignore[arg-type]
    return found.keys()
