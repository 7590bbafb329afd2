"""A workshop timer for timeboxed exercises: shown in the corner of the map, flashes gently at zero."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QWidget

STYLE = (
    "#workshop-timer {{ background: {bg}; border: 1px solid #c9d3dd; border-radius: 10px; }}"
    "QLabel#timer-clock {{ color: {ink}; font-size: 22pt; font-weight: bold; }}"
)


class WorkshopTimer(QWidget):
    """Start / pause / reset a countdown of 1–60 minutes."""

    finished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workshop-timer")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.minutes = QSpinBox()
        self.minutes.setObjectName("timer-minutes")
        self.minutes.setRange(1, 60)
        self.minutes.setValue(5)
        self.minutes.setSuffix(" min")
        self.clock = QLabel("05:00")
        self.clock.setObjectName("timer-clock")
        self.start_button = QPushButton("Start")
        self.start_button.setObjectName("timer-start")
        self.reset_button = QPushButton("Reset")
        self.reset_button.setObjectName("timer-reset")
        close = QPushButton("×")
        close.setFixedWidth(28)
        close.setToolTip("Hide the timer")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        for widget in (self.clock, self.minutes, self.start_button, self.reset_button, close):
            layout.addWidget(widget)
        self.start_button.clicked.connect(self.start_or_pause)
        self.reset_button.clicked.connect(self.reset)
        close.clicked.connect(self.hide)
        self.minutes.valueChanged.connect(lambda _v: self.reset())
        self._remaining_ms = self.minutes.value() * 60_000
        self._running = False
        self._elapsed = QElapsedTimer()
        self._tick = QTimer(self)
        self._tick.setInterval(250)
        self._tick.timeout.connect(self._update)
        self._flashes = 0
        self._flash = QTimer(self)
        self._flash.setInterval(400)
        self._flash.timeout.connect(self._flash_step)
        self._paint(False)

    @property
    def running(self) -> bool:
        return self._running

    def remaining_ms(self) -> int:
        if self._running:
            return max(0, self._remaining_ms - int(self._elapsed.elapsed()))
        return self._remaining_ms

    def start_or_pause(self) -> None:
        if self._running:
            self._remaining_ms = self.remaining_ms()
            self._running = False
            self._tick.stop()
            self.start_button.setText("Resume")
        else:
            if self._remaining_ms <= 0:
                self.reset()
            self._elapsed.start()
            self._running = True
            self._tick.start()
            self.start_button.setText("Pause")
        self._update()

    def reset(self) -> None:
        self._running = False
        self._tick.stop()
        self._flash.stop()
        self._paint(False)
        self._remaining_ms = self.minutes.value() * 60_000
        self.start_button.setText("Start")
        self._update()

    def _update(self) -> None:
        remaining = self.remaining_ms()
        seconds = (remaining + 999) // 1000
        self.clock.setText(f"{seconds // 60:02d}:{seconds % 60:02d}")
        if self._running and remaining <= 0:
            self._running = False
            self._remaining_ms = 0
            self._tick.stop()
            self.start_button.setText("Start")
            self._flashes = 0
            self._flash.start()
            self.finished.emit()

    def _flash_step(self) -> None:
        self._flashes += 1
        self._paint(self._flashes % 2 == 1)
        if self._flashes >= 8:  # a gentle flash: four pulses, then stay highlighted
            self._flash.stop()
            self._paint(True)

    def _paint(self, alert: bool) -> None:
        bg, ink = ("#fff4d6", "#b45309") if alert else ("rgba(255,255,255,235)", "#1f2a37")
        self.setStyleSheet(STYLE.format(bg=bg, ink=ink))
