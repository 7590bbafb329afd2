"""Bundled assets are found, and user text never breaks an icon lookup."""

from journey_studio.resources import icon_path, sample_map_path


def test_known_icons_and_sample_are_found() -> None:
    assert icon_path("kind-touchpoint") is not None
    assert icon_path("channel-social media") is not None
    assert sample_map_path().is_file()


def test_odd_channel_names_have_no_icon() -> None:
    assert icon_path("channel-" + "x" * 300) is None
    assert icon_path("channel-../../etc/passwd") is None
    assert icon_path("channel-nothing like this") is None
