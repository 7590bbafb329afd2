"""Fixed sizes of the map's parts, in scene units (1 unit = 1 px at 100 % zoom)."""

MARGIN = 24.0
TITLE_HEIGHT = 64.0
PERSONA_HEADER_HEIGHT = 56.0
STAGE_HEADER_HEIGHT = 72.0
LANE_HEADER_WIDTH = 176.0
CELL_PADDING = 10.0
CARD_HEIGHT = 72.0
CARD_GAP = 8.0
EMOTION_LANE_MIN_HEIGHT = 176.0  # room for five score levels and the legend
PERSONA_CHIP_WIDTH = 240.0
