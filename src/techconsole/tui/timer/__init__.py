"""The running timer, always in sight: a bar on every screen, one key to start or stop.

:class:`~techconsole.tui.timer.keeper.TimerBars` puts a
:class:`~techconsole.tui.timer.bar.TimerBar` on each full screen the console shows and
sends the timer key to the one in sight; a timer that looks forgotten is raised at
start-up (:class:`~techconsole.tui.timer.stale.StaleTimerScreen`).
"""
