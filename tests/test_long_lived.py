"""Open maps are set aside from the cycle collector, and stay so when another map is let go."""

from __future__ import annotations

import gc
import weakref

from journey_studio.model import bulk


class Cycle:
    def __init__(self) -> None:
        self.me = self


def test_a_map_let_go_while_another_stays_open_leaves_that_one_set_aside() -> None:
    bulk.keep_long_lived()  # the map in the window
    bulk.keep_long_lived()  # a thumbnail drawn for a moment
    try:
        bulk.release_long_lived()  # the thumbnail is done: everything goes back to the collector
        assert gc.get_freeze_count() == 0
        garbage = Cycle()
        gone = weakref.ref(garbage)
        del garbage
        bulk.settle_long_lived()  # the next edit on the open map
        assert gone() is None  # what was let go is collected, not set aside with the rest
        assert gc.get_freeze_count() > 0  # the open map is set aside again
        frozen = gc.get_freeze_count()
        bulk.settle_long_lived()  # only once
        assert gc.get_freeze_count() == frozen
    finally:
        bulk.release_long_lived()
        bulk.settle_long_lived()


def test_a_thumbnail_leaves_the_open_map_set_aside(qapp: object) -> None:
    from journey_studio.canvas import MapScene
    from journey_studio.interchange import read_document
    from journey_studio.resources import sample_map_path
    from journey_studio.ui.template_dialog import render_thumbnail

    doc = read_document(sample_map_path())
    scene = MapScene(doc, lambda _command: True)
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        assert not render_thumbnail(doc).isNull()
        assert gc.get_freeze_count() > frozen // 2  # still set aside (objects freed may leave it)
    finally:
        scene.detach()
        bulk.settle_long_lived()


def test_a_map_replaced_by_another_is_collected_though_the_new_one_was_set_aside_first() -> None:
    bulk.keep_long_lived()  # the map in the window
    garbage = Cycle()
    gone = weakref.ref(garbage)
    bulk.release_long_lived()  # the window shows another map instead...
    bulk.keep_long_lived()  # ...set aside before the old one's last objects are let go
    try:
        del garbage
        gc.collect()
        assert gone() is not None  # set aside with the new map
        bulk.settle_long_lived()  # the next edit
        assert gone() is None and gc.get_freeze_count() > 0
    finally:
        bulk.release_long_lived()
        bulk.settle_long_lived()
    assert gc.get_freeze_count() == 0  # no map open: nothing set aside
